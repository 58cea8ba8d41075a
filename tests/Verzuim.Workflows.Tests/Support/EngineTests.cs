using Verzuim.Workflows.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Support;

/// <summary>
/// Engine tests that hold on any store: they run on PostgreSQL, and again on the in-memory store in a subclass
/// marked <c>Category=Unit</c> (the fast tier, <c>--filter Category=Unit</c>).
/// </summary>
public abstract class EngineTests
{
    protected virtual bool InMemory => false;

    protected async Task<EngineHarness> HarnessAsync(DateTimeOffset? start = null, WorkflowEngineOptions? options = null) =>
        InMemory ? EngineHarness.InMemory(start, options) : await EngineHarness.CreateAsync(start, options);
}
