using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Expressions;

/// <summary>
/// The probes that went past the sandbox's limits in one native call (the per-statement checks never ran): each is now
/// an <see cref="ExpressionException"/> naming the limit, which the engine turns into an incident on the case.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ExpressionLimitsTests
{
    private readonly ExpressionEvaluator _evaluator = new(new VirtualClock(new DateTimeOffset(2024, 9, 2, 7, 0, 0, TimeSpan.Zero)));

    private ExpressionException Refused(string expression)
    {
        // generous bound for a noisy machine: unbounded, these take minutes or exhaust memory
        var run = Task.Run(() => _evaluator.Evaluate(expression, new JsonObject()));
        var finished = Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))).Result == run;
        Assert.True(finished, $"'{expression}' ran on past every limit");
        return Assert.IsType<ExpressionException>(run.Exception?.InnerException);
    }

    [Theory]
    [InlineData("'x'.repeat(2.5e8)", "1000000 tekens")]
    [InlineData("''.padStart(5e8, 'ab')", "1000000 tekens")]
    [InlineData("'x'.padEnd(5e8)", "1000000 tekens")]
    public void Strings_longer_than_a_million_characters_are_refused_before_they_are_built(string expression, string reason)
    {
        Assert.Contains(reason, Refused(expression).Reason);
    }

    [Theory]
    [InlineData("new ArrayBuffer(2e9)")]
    [InlineData("new Uint8Array(1e9)")]
    [InlineData("new SharedArrayBuffer(2e9)")]
    [InlineData("new Float64Array(3e8)")]
    public void Binary_buffers_and_typed_arrays_do_not_exist_in_the_sandbox(string expression)
    {
        Assert.Contains("is not defined", Refused(expression).Reason);
    }

    [Fact]
    public void Arrays_are_bounded_in_length()
    {
        Refused("Array(100000).fill('x'.repeat(1000000)).join('')"); // 10^11 characters if it were built
        Refused("new Array(2e9).length");
        Refused("Array(1e7).fill(0).length");
    }

    [Fact]
    public void A_catastrophically_backtracking_regex_stops_at_the_time_limit()
    {
        // (a+)+ against 30 a's and a b tries 2^30 splits: many minutes without the regex timeout
        Assert.Contains("duurde te lang", Refused("/^(a+)+$/.test('a'.repeat(30) + 'b')").Reason);
    }

    [Fact]
    public void Ordinary_expressions_still_work_within_the_bounds()
    {
        Assert.Equal(1000, (int)_evaluator.Evaluate("'ab'.repeat(500).length", new JsonObject())!);
        Assert.Equal("0007", (string?)_evaluator.Evaluate("'7'.padStart(4, '0')", new JsonObject()));
        Assert.Equal("a, b", (string?)_evaluator.Evaluate("['a', 'b'].join(', ')", new JsonObject()));
        Assert.True((bool)_evaluator.Evaluate("/^L-\\d+$/.test(id)", new JsonObject { ["id"] = "L-12" })!);
    }
}
