using System.Collections.Concurrent;
using Acornima.Ast;
using Jint;

namespace Verzuim.Workflows.Expressions;

/// <summary>
/// Run in every fresh engine before the expression. Jint checks memory between statements, so a single native call
/// could allocate far past the limit first ('x'.repeat(2.5e8), new ArrayBuffer(2e9)). String builders that take a
/// length are bounded here, and so are those that multiply a text (replace, concat, String.raw, JSON.stringify,
/// toLocaleString); binary buffers and typed arrays, which a case expression never needs, are removed.
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
          const tooLong = () => { throw new RangeError('de tekst wordt langer dan ' + max + ' tekens'); };
          // the JSON length of a value without building it (JsonSize), handed in by the host and hidden again
          const jsonLength = globalThis.__jsonLength;
          try { delete globalThis.__jsonLength; } catch { globalThis.__jsonLength = undefined; }
          // a replacement inserts its text at every match; $' and $` insert up to the whole text, $& and $1.. at most
          // the matches, which together are at most the text
          const replaced = (s, replacement, global) => {
            const r = String(replacement);
            const whole = (r.match(/\$['`]/g) || []).length, part = (r.match(/\$[&\d<]/g) || []).length;
            return s.length + (global ? s.length + 1 : 1) * (r.length + whole * s.length) + part * s.length;
          };
          // a replacer function's results are added up as they come: over the limit, the call stops
          const counted = (fn, size, start) => {
            let total = start;
            return function (...args) {
              const r = fn.apply(this, args);
              total += size(r);
              if (total > max) tooLong();
              return r;
            };
          };
          const replacing = (proto, name, isGlobal) => {
            const original = proto[name];
            Object.defineProperty(proto, name, { configurable: true, writable: true, value: function (...args) {
              const s = String(proto === RegExp.prototype ? args[0] : this);
              if (typeof args[1] === 'function') args[1] = counted(args[1], r => String(r).length, s.length);
              else if (replaced(s, args[1], isGlobal(this, args)) > max) tooLong();
              return original.apply(this, args);
            } });
          };
          replacing(String.prototype, 'replace', (s, a) => a[0] instanceof RegExp && a[0].global);
          replacing(String.prototype, 'replaceAll', () => true);
          replacing(RegExp.prototype, Symbol.replace, re => re.global);
          const concat = String.prototype.concat;
          Object.defineProperty(String.prototype, 'concat', { configurable: true, writable: true, value: function (...args) {
            const parts = args.map(a => String(a));
            let total = String(this).length;
            for (const p of parts) total += p.length;
            if (total > max) tooLong();
            return concat.apply(this, parts);
          } });
          const raw = String.raw;
          Object.defineProperty(String, 'raw', { configurable: true, writable: true, value: function (strings, ...subs) {
            const parts = Array.from(strings.raw, s => String(s));
            let total = 0;
            for (const p of parts) total += p.length;
            for (const p of subs.slice(0, Math.max(parts.length - 1, 0))) total += String(p).length;
            if (total > max) tooLong();
            return raw.call(this, { raw: parts }, ...subs);
          } });
          // toLocaleString joins natively: the same elements through the bounded join
          Object.defineProperty(Array.prototype, 'toLocaleString', { configurable: true, writable: true, value: function () {
            return Array.from(this, x => x === undefined || x === null ? '' : x.toLocaleString()).join(',');
          } });
          const stringify = JSON.stringify;
          Object.defineProperty(JSON, 'stringify', { configurable: true, writable: true, value: function (value, replacer, space) {
            const indent = typeof space === 'number' ? Math.min(10, Math.max(0, space)) : typeof space === 'string' ? Math.min(10, space.length) : 0;
            if (typeof replacer === 'function') replacer = counted(replacer, r => jsonLength(r, indent), 0);
            else if (jsonLength(value, indent) > max) tooLong();
            return stringify.call(this, value, replacer, space);
          } });
          for (const name of ['ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
            'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array'])
            delete globalThis[name];
        })();
        """, strict: true));
}
