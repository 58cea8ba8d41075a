using System.Text.Json.Nodes;
using Verzuim.Workflows.Expressions;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Tests.Expressions;

/// <summary>
/// One native call that multiplies a string (a replacement, JSON.stringify, concat over a spread, toLocaleString,
/// String.raw) or a result that only grows when it is turned into JSON runs past Jint's memory check, which only runs
/// between statements. Each probe here is sized to stay harmless if it were built (about 100 MB), yet far past the
/// sandbox's million characters: each must be refused by name before it is built.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ExpressionMemoryTests
{
    private readonly ExpressionEvaluator _evaluator = new(new VirtualClock(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero)));

    private ExpressionException Refused(string expression)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<ExpressionException>(() => _evaluator.Evaluate(expression, new JsonObject()));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // the probes build at least 100 MB when unbounded; refused before building, an evaluation stays in the few MB
        Assert.True(allocated < 50_000_000, $"'{expression}' allocated {allocated:N0} bytes before it was refused");
        return e;
    }

    [Theory]
    [InlineData("'x'.repeat(1e6).replaceAll('x', 'x'.repeat(50))")]
    [InlineData("'x'.repeat(1e6).replace(/x/g, 'x'.repeat(50))")]
    [InlineData("'x'.repeat(1e6).replace(/x/g, () => 'x'.repeat(50))")]
    [InlineData("'ab'.repeat(5e5).replace('a', \"$'\".repeat(50))")]
    [InlineData("JSON.stringify(Array(100).fill('x'.repeat(1e6)))")]
    [InlineData("''.concat(...Array(100).fill('x'.repeat(1e6)))")]
    [InlineData("Array(100).fill('x'.repeat(1e6)).toLocaleString()")]
    [InlineData("String.raw({ raw: Array(100).fill('x'.repeat(1e6)) })")]
    [InlineData("/x/g[Symbol.replace]('x'.repeat(1e6), 'x'.repeat(50))")]
    [InlineData("JSON.stringify(Array(100).fill(0), (k, v) => k === '' ? v : 'x'.repeat(1e6))")]
    public void A_string_multiplied_in_one_native_call_is_refused_before_it_is_built(string expression)
    {
        Assert.Contains("1000000 tekens", Refused(expression).Reason);
    }

    /// <summary>An arrow function's expression body has no statement, so Jint's memory check never runs inside it.</summary>
    [Fact]
    public void Strings_doubled_inside_arrow_bodies_are_stopped()
    {
        Refused("(f => f(f(f(f('x'.repeat(1e4))))))(s => s + s + s + s + s + s + s + s + s + s)"); // 10^8 characters if built
    }

    [Theory]
    [InlineData("Array(100).fill('x'.repeat(1e6))")]
    [InlineData("({ a: 'x'.repeat(9e5), b: 'x'.repeat(9e5) })")]
    [InlineData("(() => { let o = { v: 'x'.repeat(1000) }; for (let k = 0; k < 16; k++) o = { a: o, b: o }; return o })()")] // 2^16 × 1000 as text
    public void A_result_larger_than_a_million_characters_of_json_is_refused_before_it_is_serialised(string expression)
    {
        Assert.Contains("1000000 tekens", Refused(expression).Reason);
    }

    [Fact]
    public void Ordinary_results_and_replacements_still_work()
    {
        Assert.Equal("L-0012", (string?)_evaluator.Evaluate("'L-12'.replace(/-(\\d+)/, (m, d) => '-' + d.padStart(4, '0'))", new JsonObject()));
        Assert.Equal("a;b;c", (string?)_evaluator.Evaluate("'a,b,c'.replaceAll(',', ';')", new JsonObject()));
        Assert.Equal("[\"a\",1]", (string?)_evaluator.Evaluate("JSON.stringify(['a', 1])", new JsonObject()));
        Assert.Equal("ab", (string?)_evaluator.Evaluate("'a'.concat('b')", new JsonObject()));
        var list = _evaluator.Evaluate("lijst.concat([{ datum: '2026-12-03' }])", new JsonObject { ["lijst"] = new JsonArray(new JsonObject { ["datum"] = "2026-12-02" }) });
        Assert.Equal(2, list!.AsArray().Count);
        Assert.Equal(900_000, ((string?)_evaluator.Evaluate("'x'.repeat(9e5)", new JsonObject()))!.Length);
    }
}
