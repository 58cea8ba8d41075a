using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Verzuim.Workflows.Time;

namespace Verzuim.Workflows.Expressions;

/// <summary>
/// Evaluates JavaScript expressions over case variables with Jint in a sandbox: every evaluation gets a fresh
/// engine (no state leaks between cases) with limits on time, memory, recursion and statements, and the
/// engine's clock, so expressions see virtual time in simulations.
/// </summary>
public sealed class ExpressionEvaluator(IClock clock, ExpressionLimits? limits = null, ExpressionBudget? budget = null)
{
    private static readonly ConcurrentDictionary<string, Prepared<Script>> Compiled = new(StringComparer.Ordinal);
    private readonly ExpressionLimits _limits = limits ?? ExpressionLimits.Default;

    /// <summary>The same evaluator drawing on one command's <paramref name="commandBudget"/>.</summary>
    public ExpressionEvaluator WithBudget(ExpressionBudget commandBudget) => new(clock, _limits, commandBudget);

    /// <summary>
    /// Syntax check without running: returns null when the expression parses, else the parser's complaint. Not cached:
    /// validating drafts must not fill memory with every expression anyone ever typed (only running ones are kept).
    /// </summary>
    public static string? SyntaxError(string expression)
    {
        try { Compile(expression); return null; }
        catch (ExpressionException e) { return e.Reason; }
    }

    /// <summary>Evaluates <paramref name="expression"/> with <paramref name="variables"/> (overlaid by <paramref name="overlay"/>) as globals.</summary>
    public JsonNode? Evaluate(string expression, JsonObject variables, JsonObject? overlay = null)
    {
        var script = Prepare(expression);
        if (budget is { IsSpent: true }) throw new ExpressionException(expression, budget.SpentReason);
        // the command's remaining time, when less than one evaluation's limit, is this evaluation's limit
        var byBudget = budget is not null && budget.Remaining < _limits.Timeout;
        var timeout = byBudget ? budget!.Remaining : _limits.Timeout;
        var engine = new Engine(options =>
        {
            options.Strict();
            options.LimitRecursion(_limits.MaxRecursion);
            options.MaxStatements(_limits.MaxStatements);
            options.TimeoutInterval(timeout);
            options.LimitMemory(_limits.MaxMemoryBytes);
            if (budget is not null) options.CancellationToken(budget.Cancellation);
            // the checks above run between statements; one native call (a regex, an array allocation) needs its own bound
            options.Constraints.RegexTimeout = timeout;
            options.Constraints.MaxArraySize = (uint)_limits.MaxArrayLength;
            options.TimeSystem = new ClockTimeSystem(clock);
        });
        var started = Stopwatch.GetTimestamp();
        try
        {
            engine.SetValue("__jsonLength", new Func<JsValue, JsValue, double>((value, indent) =>
                JsonSize.Measure(value, _limits.MaxStringLength, (int)TypeConverter.ToNumber(indent))));
            engine.Execute(Sandbox.Prepared(_limits.MaxStringLength));
            var parser = new JsonParser(engine);
            Bind(engine, parser, variables);
            if (overlay is not null) Bind(engine, parser, overlay);
            engine.SetValue("nu", clock.UtcNow.UtcDateTime.ToString("O"));
            var result = engine.Evaluate(script);
            // a result is stored with the case: past the limit as JSON it is refused before it is serialised
            if (JsonSize.Measure(result, _limits.MaxStringLength) > _limits.MaxStringLength)
                throw new ExpressionException(expression, $"de uitkomst wordt als JSON langer dan {_limits.MaxStringLength} tekens");
            return ToJson(engine, result);
        }
        catch (ExpressionException) { throw; }
        // the command was cancelled (shutdown, the caller left): not the model's fault, so no incident; the command rolls back
        catch (ExecutionCanceledException) when (budget?.Cancellation.IsCancellationRequested == true)
        {
            throw new OperationCanceledException(budget.Cancellation);
        }
        catch (JavaScriptException e) { throw new ExpressionException(expression, e.Error.ToString(), e); }
        catch (StatementsCountOverflowException e) { throw new ExpressionException(expression, "te veel stappen (mogelijk een oneindige lus)", e); }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException e)
        {
            throw new ExpressionException(expression, byBudget ? budget!.SpentReason : "reguliere expressie duurde te lang", e);
        }
        catch (TimeoutException e) { throw new ExpressionException(expression, byBudget ? budget!.SpentReason : "duurde te lang", e); }
        catch (MemoryLimitExceededException e) { throw new ExpressionException(expression, "gebruikt te veel geheugen", e); }
        catch (RecursionDepthOverflowException e) { throw new ExpressionException(expression, "te diepe recursie", e); }
        catch (OutOfMemoryException e) { throw new ExpressionException(expression, "gebruikt te veel geheugen", e); }
        // whatever else a model's expression makes Jint throw is the model's incident, never the command's crash
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ExpressionException(expression, e.Message, e);
        }
        finally { budget?.Charge(Stopwatch.GetElapsedTime(started)); }
    }

    /// <summary>Evaluates a condition; anything but a boolean is an error, never a silent false.</summary>
    public bool EvaluateCondition(string expression, JsonObject variables)
    {
        var value = Evaluate(expression, variables);
        if (value is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw new ExpressionException(expression, $"een voorwaarde moet true of false opleveren, niet {Describe(value)}");
    }

    /// <summary>Evaluates to a string (correlation keys, timer expressions); null and objects are errors.</summary>
    public string EvaluateString(string expression, JsonObject variables, JsonObject? overlay = null)
    {
        var value = Evaluate(expression, variables, overlay);
        return value switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new ExpressionException(expression, $"verwacht een tekst of getal, niet {Describe(value)}"),
        };
    }

    private static string Describe(JsonNode? value) => value is null ? "null/undefined" : value.ToJsonString();

    private static Prepared<Script> Prepare(string expression) => Compiled.GetOrAdd(expression, Compile);

    private static Prepared<Script> Compile(string text)
    {
        try { return Engine.PrepareScript("(" + text + "\n)", strict: true); }
        catch (Exception e) { throw new ExpressionException(text, "ongeldige syntaxis: " + e.Message, e); }
    }

    private static void Bind(Engine engine, JsonParser parser, JsonObject values)
    {
        foreach (var (name, value) in values)
            engine.SetValue(name, value is null ? JsValue.Null : parser.Parse(value.ToJsonString()));
    }

    private static JsonNode? ToJson(Engine engine, JsValue value)
    {
        if (value.IsUndefined() || value.IsNull()) return null;
        if (value.IsObject() && value.AsObject() is Jint.Native.Function.Function)
            throw new InvalidOperationException("een functie is geen waarde");
        var text = new JsonSerializer(engine).Serialize(value);
        return text.IsUndefined() ? null : JsonNode.Parse(text.AsString());
    }

    /// <summary>Jint's Date sees the engine clock (virtual in simulations).</summary>
    private sealed class ClockTimeSystem(IClock clock) : DefaultTimeSystem(TimeZoneInfo.Utc, System.Globalization.CultureInfo.InvariantCulture)
    {
        public override DateTimeOffset GetUtcNow() => clock.UtcNow;
    }
}

public sealed record ExpressionLimits(TimeSpan Timeout, long MaxMemoryBytes, int MaxRecursion, int MaxStatements,
    int MaxStringLength = 1_000_000, int MaxArrayLength = 100_000)
{
    // 2 s of wall-clock time: a model's expressions take microseconds, but the clock also runs while the host is
    // starved of CPU or collecting garbage, and a timeout makes an incident a person must retry (500 ms did, for a
    // UUID template on a loaded 2-core machine); a runaway expression is stopped either way, and the command's
    // budget bounds the sum
    public static ExpressionLimits Default { get; } = new(TimeSpan.FromSeconds(2), 8_000_000, 64, 10_000);
}
