using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace Verzuim.Workflows.Expressions;

/// <summary>
/// How many characters a value would take as JSON, counted without building it and given up as soon as it passes
/// the limit: an array of a hundred references to one long string is small in memory and enormous as text, so its
/// size must be known before it is serialised (JSON.stringify, or the result of an expression).
/// </summary>
internal static class JsonSize
{
    private const int MaxDepth = 200;

    /// <summary>The JSON length of <paramref name="value"/>, or more than <paramref name="limit"/> (counting stops there).</summary>
    public static long Measure(JsValue value, long limit, int indent = 0)
    {
        long total = 0;
        Add(value, 0);
        return total;

        void Add(JsValue v, int depth)
        {
            if (total > limit) return;
            if (depth > MaxDepth) { total = limit + 1; return; } // deeper than any case data: a cycle or a probe
            if (v.IsString()) { total += v.AsString().Length + 2; return; }
            if (v is not ObjectInstance o) { total += 24; return; } // number, boolean, null, undefined
            if (o is Jint.Native.Function.Function) return;
            if (o.IsArray())
            {
                var length = (long)TypeConverter.ToNumber(o.Get("length"));
                total += 2 + length + length * indent * (depth + 1);
                for (uint i = 0; i < length && total <= limit; i++) Add(o.Get(i), depth + 1);
                return;
            }
            if (o.HasProperty("toJSON")) { total += 64; return; } // Date and the like: a short text
            total += 2;
            foreach (var key in o.GetOwnPropertyKeys(Types.String))
            {
                if (total > limit) return;
                var descriptor = o.GetOwnProperty(key);
                if (!descriptor.Enumerable) continue;
                total += key.AsString().Length + 4 + indent * (depth + 1);
                Add(o.Get(key), depth + 1);
            }
        }
    }
}
