namespace Verzuim.Host.Tests;

/// <summary>
/// Tests that read what a host logged. Program's AddSerilog makes each host's logger the process-wide static
/// Log.Logger (preserveStaticLogger is off), so a host that another test class starts in parallel takes over the log
/// and the capture stays empty (seen in full runs only). These classes run alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogCaptureCollection
{
    public const string Name = "Log capture";
}
