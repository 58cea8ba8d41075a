using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;

namespace Verzuim.Workflows.Expressions;

/// <summary>
/// Run in every fresh engine before the expression. Jint checks memory between statements, so a single native call
/// could allocate far past the limit first ('x'.repeat(2.5e8), new ArrayBuffer(2e9)). String builders that take a
/// length are bounded here; binary buffers and typed arrays, which a case expression never needs, are removed.
/// </summary>
internal static class Sandbox
{
    private static readonly ConcurrentDictionary<int, Prepared<Script>> ByLimit = new();

    public static Prepared<Script> Prepared(int maxStringLength) => ByLimit.GetOrAdd(maxStringLength, static max => Engine.PrepareScript($$"""
        (function () {
          const max = {{max}};
          const bound = (proto, name, length) => {
            const original = proto[name];
            Object.defineProperty(proto, name, { configurable: true, writable: true, value: function (...args) {
              if (length(this, args) > max) throw new RangeError('de tekst wordt langer dan ' + max + ' tekens');
              return original.apply(this, args);
            } });
          };
          bound(String.prototype, 'repeat', (s, a) => String(s).length * Number(a[0]));
          bound(String.prototype, 'padStart', (s, a) => Number(a[0]));
          bound(String.prototype, 'padEnd', (s, a) => Number(a[0]));
          bound(Array.prototype, 'join', (arr, a) => {
            let total = (arr.length - 1) * (a[0] === undefined ? 1 : String(a[0]).length);
            for (const x of arr) total += x === undefined || x === null ? 0 : String(x).length;
            return total;
          });
          for (const name of ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
            'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'])
            delete globalThis[name];
        })();
        """, strict: true));
}
