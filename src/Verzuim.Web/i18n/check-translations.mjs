#!/usr/bin/env node
/**
 * Checks that nl.js covers every translation key used by the installed
 * bpmn-js / diagram-js / properties panel / bpmnlint packages.
 *
 * Usage:
 *   node check-translations.mjs [node_modules] [--list] [--json] [--verbose]
 *
 *   node_modules  path to a node_modules folder (default: ../node_modules,
 *                 i.e. the Studio folder's node_modules, resolved relative
 *                 to this script)
 *   --list        print every extracted key (one per line) and exit 0
 *   --json        print { key: [sources...] } as JSON and exit 0
 *   --verbose     also list translate(...) calls whose argument could not be
 *                 resolved statically (informational, never fails the check)
 *
 * Exit codes: 0 = all keys covered, 1 = keys missing, 2 = usage / setup error.
 *
 * No dependencies: the extractor is a small JavaScript tokenizer, so it runs
 * on plain Node >= 18 against whatever versions are installed.
 */

import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Packages whose translate(...) keys we extract. `optional` packages are
 * skipped (with a note) when not installed.
 */
export const PACKAGES = [
  { name: 'diagram-js' },
  { name: 'bpmn-js' },
  { name: '@bpmn-io/properties-panel' },
  { name: 'bpmn-js-properties-panel' },
  { name: 'bpmn-js-bpmnlint', optional: true },

  // bpmn-js-bpmnlint translates the lint messages reported by the rules
  // (`this._translate(entry.message)`), so the static messages of bpmnlint's
  // built-in rules are keys, too.
  { name: 'bpmnlint', optional: true, lintRules: true }
];


// ---------------------------------------------------------------------------
// tokenizer
// ---------------------------------------------------------------------------

const REGEX_PRECEDING_KEYWORDS = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete',
  'void', 'throw', 'instanceof', 'yield', 'await'
]);

const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=',
  '*=', '/=', '%=', '&=', '|=', '^=', '<<', '>>', '**'
];

function isIdentStart(c) {
  return /[A-Za-z_$\u0080-\uffff]/.test(c);
}

function isIdentPart(c) {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/**
 * Tokenize JavaScript source.
 *
 * Tokens: { t: 'id'|'num'|'str'|'tpl'|'re'|'p', v, ... }
 * Template literals become { t: 'tpl', quasis: [string], exprs: [Token[]] }.
 *
 * @param {string} src
 * @return {Token[]}
 */
export function tokenize(src) {
  let pos = 0;

  function lex(stopAtBrace) {
    const tokens = [];
    let depth = 0;

    const prevAllowsRegex = () => {
      const prev = tokens[tokens.length - 1];

      if (!prev) return true;
      if (prev.t === 'id') return REGEX_PRECEDING_KEYWORDS.has(prev.v);
      if (prev.t === 'p') return ![ ')', ']' ].includes(prev.v);

      return false;
    };

    while (pos < src.length) {
      const c = src[pos];

      // whitespace
      if (/\s/.test(c)) { pos++; continue; }

      // comments
      if (c === '/' && src[pos + 1] === '/') {
        const end = src.indexOf('\n', pos);
        pos = end === -1 ? src.length : end + 1;
        continue;
      }

      if (c === '/' && src[pos + 1] === '*') {
        const end = src.indexOf('*/', pos + 2);
        pos = end === -1 ? src.length : end + 2;
        continue;
      }

      // strings
      if (c === '\'' || c === '"') {
        tokens.push({ t: 'str', v: readString(c) });
        continue;
      }

      // template literals
      if (c === '`') {
        tokens.push(readTemplate());
        continue;
      }

      // regular expressions
      if (c === '/' && prevAllowsRegex()) {
        tokens.push({ t: 're', v: readRegex() });
        continue;
      }

      // identifiers / keywords
      if (isIdentStart(c) || c === '\\') {
        let start = pos;
        pos++;
        while (pos < src.length && (isIdentPart(src[pos]) || src[pos] === '\\')) pos++;
        tokens.push({ t: 'id', v: src.slice(start, pos) });
        continue;
      }

      // numbers
      if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[pos + 1]))) {
        let start = pos;
        pos++;
        while (pos < src.length && /[0-9A-Za-z_.]/.test(src[pos])) pos++;
        tokens.push({ t: 'num', v: src.slice(start, pos) });
        continue;
      }

      // braces (template expression nesting)
      if (c === '{') { depth++; tokens.push({ t: 'p', v: '{' }); pos++; continue; }

      if (c === '}') {
        if (stopAtBrace && depth === 0) {
          pos++;
          return tokens;
        }
        depth--;
        tokens.push({ t: 'p', v: '}' });
        pos++;
        continue;
      }

      // other punctuators
      const multi = PUNCTUATORS.find(p => src.startsWith(p, pos));

      // `?.5` is a conditional followed by a number
      if (multi && !(multi === '?.' && /[0-9]/.test(src[pos + 2]))) {
        tokens.push({ t: 'p', v: multi });
        pos += multi.length;
        continue;
      }

      tokens.push({ t: 'p', v: c });
      pos++;
    }

    return tokens;
  }

  function readString(quote) {
    let out = '';
    pos++;

    while (pos < src.length) {
      const c = src[pos];

      if (c === quote) { pos++; return out; }
      if (c === '\\') { out += readEscape(); continue; }
      if (c === '\n') { return out; } // unterminated, bail out

      out += c;
      pos++;
    }

    return out;
  }

  function readEscape() {
    // at backslash
    const n = src[pos + 1];
    pos += 2;

    switch (n) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'v': return '\v';
    case '0': return '\0';
    case '\r': if (src[pos] === '\n') pos++; return '';
    case '\n': return '';
    case 'x': {
      const hex = src.slice(pos, pos + 2);
      pos += 2;
      return String.fromCharCode(parseInt(hex, 16));
    }
    case 'u': {
      if (src[pos] === '{') {
        const end = src.indexOf('}', pos);
        const hex = src.slice(pos + 1, end);
        pos = end + 1;
        return String.fromCodePoint(parseInt(hex, 16));
      }
      const hex = src.slice(pos, pos + 4);
      pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    default: return n;
    }
  }

  function readTemplate() {
    const quasis = [];
    const exprs = [];
    let out = '';
    pos++;

    while (pos < src.length) {
      const c = src[pos];

      if (c === '`') {
        pos++;
        quasis.push(out);
        return { t: 'tpl', quasis, exprs };
      }

      if (c === '\\') { out += readEscape(); continue; }

      if (c === '$' && src[pos + 1] === '{') {
        pos += 2;
        quasis.push(out);
        out = '';
        exprs.push(lex(true));
        continue;
      }

      out += c;
      pos++;
    }

    quasis.push(out);
    return { t: 'tpl', quasis, exprs };
  }

  function readRegex() {
    let start = pos;
    let inClass = false;
    pos++;

    while (pos < src.length) {
      const c = src[pos];

      if (c === '\\') { pos += 2; continue; }
      if (c === '\n') break;
      if (inClass) {
        if (c === ']') inClass = false;
      } else if (c === '[') {
        inClass = true;
      } else if (c === '/') {
        pos++;
        break;
      }
      pos++;
    }

    while (pos < src.length && isIdentPart(src[pos])) pos++;

    return src.slice(start, pos);
  }

  return lex(false);
}


// ---------------------------------------------------------------------------
// static evaluation of translate(...) arguments
// ---------------------------------------------------------------------------

const OPEN = { '(': ')', '[': ']', '{': '}' };
const CLOSE = new Set([ ')', ']', '}' ]);

function isP(token, v) {
  return token && token.t === 'p' && token.v === v;
}

/**
 * Index of the token closing the bracket opened at `start`.
 */
function matching(tokens, start) {
  let depth = 0;

  for (let i = start; i < tokens.length; i++) {
    const tok = tokens[i];

    if (tok.t !== 'p') continue;
    if (OPEN[tok.v]) depth++;
    else if (CLOSE.has(tok.v)) {
      depth--;
      if (depth === 0) return i;
    }
  }

  return tokens.length - 1;
}

/**
 * Split tokens[from..to) at top-level occurrences of punctuator `sep`.
 */
function splitTop(tokens, sep, from = 0, to = tokens.length) {
  const parts = [];
  let depth = 0;
  let start = from;

  for (let i = from; i < to; i++) {
    const tok = tokens[i];

    if (tok.t === 'p') {
      if (OPEN[tok.v]) depth++;
      else if (CLOSE.has(tok.v)) depth--;
      else if (depth === 0 && tok.v === sep) {
        parts.push(tokens.slice(start, i));
        start = i + 1;
      }
    }
  }

  parts.push(tokens.slice(start, to));

  return parts;
}

function product(lists) {
  return lists.reduce(
    (acc, list) => acc.flatMap(prefix => list.map(value => prefix + value)),
    [ '' ]
  );
}

const UNRESOLVED = null;

/**
 * Statically evaluate an expression to the set of strings it can produce.
 *
 * @return {string[]|null} possible values, or null if unresolvable
 */
function evaluate(tokens, ctx, guard = 0) {
  if (guard > 8 || !tokens.length) return UNRESOLVED;

  // strip wrapping parentheses
  if (isP(tokens[0], '(') && matching(tokens, 0) === tokens.length - 1) {
    return evaluate(tokens.slice(1, -1), ctx, guard + 1);
  }

  // cond ? a : b
  const q = findTopLevel(tokens, '?');

  if (q !== -1) {
    const colon = findTernaryColon(tokens, q);

    if (colon === -1) return UNRESOLVED;

    const a = evaluate(tokens.slice(q + 1, colon), ctx, guard + 1);
    const b = evaluate(tokens.slice(colon + 1), ctx, guard + 1);

    if (a === UNRESOLVED || b === UNRESOLVED) return UNRESOLVED;

    return [ ...a, ...b ];
  }

  // a || b  (only if both sides resolve to strings)
  const orParts = splitTop(tokens, '||');

  if (orParts.length > 1) {
    const values = orParts.map(part => evaluate(part, ctx, guard + 1));
    if (values.some(v => v === UNRESOLVED)) return UNRESOLVED;
    return values.flat();
  }

  // a + b
  const plusParts = splitTop(tokens, '+');

  if (plusParts.length > 1) {
    const values = plusParts.map(part => evaluate(part, ctx, guard + 1));
    if (values.some(v => v === UNRESOLVED)) return UNRESOLVED;
    return product(values);
  }

  if (tokens.length === 1) {
    const [ tok ] = tokens;

    if (tok.t === 'str') return [ tok.v ];

    if (tok.t === 'tpl') {
      const parts = [];

      for (let i = 0; i < tok.quasis.length; i++) {
        parts.push([ tok.quasis[i] ]);

        if (i < tok.exprs.length) {
          const values = evaluate(tok.exprs[i], ctx, guard + 1);
          if (values === UNRESOLVED) return UNRESOLVED;
          parts.push(values);
        }
      }

      return product(parts);
    }

    if (tok.t === 'id') return resolveIdentifier(tok.v, ctx, guard + 1);

    return UNRESOLVED;
  }

  // MAP[...] or MAP[...] || fallback (fallback handled above)
  if (tokens[0].t === 'id' && isP(tokens[1], '[') && matching(tokens, 1) === tokens.length - 1) {
    return resolveObjectValues(tokens[0].v, ctx);
  }

  return UNRESOLVED;
}

function findTopLevel(tokens, v) {
  let depth = 0;

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];

    if (tok.t !== 'p') continue;
    if (OPEN[tok.v]) depth++;
    else if (CLOSE.has(tok.v)) depth--;
    else if (depth === 0 && tok.v === v) return i;
  }

  return -1;
}

function findTernaryColon(tokens, q) {
  let depth = 0;
  let nested = 0;

  for (let i = q + 1; i < tokens.length; i++) {
    const tok = tokens[i];

    if (tok.t !== 'p') continue;
    if (OPEN[tok.v]) depth++;
    else if (CLOSE.has(tok.v)) depth--;
    else if (depth === 0 && tok.v === '?') nested++;
    else if (depth === 0 && tok.v === ':') {
      if (nested === 0) return i;
      nested--;
    }
  }

  return -1;
}

/**
 * Find declarations `const|let|var NAME = <expr>` (also in declaration lists)
 * in the file and return the token ranges of their initializers.
 */
function findDeclarations(name, ctx) {
  const cached = ctx.declarations.get(name);
  if (cached) return cached;

  const found = [];

  for (const tokens of ctx.arrays) {
    for (let i = 1; i < tokens.length - 1; i++) {
      const tok = tokens[i];

      if (tok.t !== 'id' || tok.v !== name || !isP(tokens[i + 1], '=')) continue;

      const prev = tokens[i - 1];
      const isDecl = (prev.t === 'id' && [ 'const', 'let', 'var' ].includes(prev.v)) || isP(prev, ',');

      if (!isDecl) continue;

      // initializer runs until top-level `,` / `;` / closing bracket
      let depth = 0;
      let end = i + 2;

      for (; end < tokens.length; end++) {
        const t = tokens[end];

        if (t.t !== 'p') continue;
        if (OPEN[t.v]) depth++;
        else if (CLOSE.has(t.v)) {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (t.v === ',' || t.v === ';')) break;
      }

      found.push(tokens.slice(i + 2, end));
    }
  }

  ctx.declarations.set(name, found);

  return found;
}

/**
 * Values an iteration variable takes: `forEach(ARR, function(NAME)`,
 * `ARR.forEach(function(NAME)`, `ARR.forEach((NAME) =>`, `ARR.map(NAME =>` ...
 * where ARR is declared as an array literal of strings.
 */
function findIterationValues(name, ctx) {
  const values = [];

  const arrayValues = (arrName) => {
    const out = [];

    for (const init of findDeclarations(arrName, ctx)) {
      if (!isP(init[0], '[')) continue;

      for (const element of splitTop(init, ',', 1, matching(init, 0))) {
        const v = evaluate(element, ctx, 4);
        if (v !== UNRESOLVED) out.push(...v);
      }
    }

    return out;
  };

  // first parameter of the callback starting at index `i`
  const callbackParam = (tokens, i) => {
    if (tokens[i] && tokens[i].t === 'id' && tokens[i].v === 'function') i++;
    if (isP(tokens[i], '(')) i++;
    return tokens[i] && tokens[i].t === 'id' ? tokens[i].v : null;
  };

  const ITERATORS = new Set([ 'forEach', 'map', 'flatMap', 'filter', 'reduce' ]);

  for (const tokens of ctx.arrays) {
    for (let i = 0; i < tokens.length - 4; i++) {
      const tok = tokens[i];

      if (tok.t !== 'id' || !ITERATORS.has(tok.v) || !isP(tokens[i + 1], '(')) continue;

      // ARR.forEach(callback)
      if (isP(tokens[i - 1], '.') && tokens[i - 2] && tokens[i - 2].t === 'id') {
        if (callbackParam(tokens, i + 2) === name) values.push(...arrayValues(tokens[i - 2].v));
        continue;
      }

      // forEach(ARR, callback)
      if (tokens[i + 2].t === 'id' && isP(tokens[i + 3], ',')) {
        if (callbackParam(tokens, i + 4) === name) values.push(...arrayValues(tokens[i + 2].v));
      }
    }
  }

  return values;
}

function resolveIdentifier(name, ctx, guard) {
  const inits = findDeclarations(name, ctx);

  if (!inits.length) {
    const iterated = findIterationValues(name, ctx);
    return iterated.length ? iterated : UNRESOLVED;
  }

  const values = [];

  for (const init of inits) {
    const v = evaluate(init, ctx, guard + 1);

    if (v === UNRESOLVED) return UNRESOLVED;
    values.push(...v);
  }

  return values;
}

/**
 * String values of an object literal `const NAME = { key: 'value', ... }`.
 */
function resolveObjectValues(name, ctx) {
  const inits = findDeclarations(name, ctx);
  const values = [];

  for (const init of inits) {
    if (!isP(init[0], '{')) continue;

    const end = matching(init, 0);

    for (const prop of splitTop(init, ',', 1, end)) {
      const colon = findTopLevel(prop, ':');
      if (colon === -1) continue;

      const v = evaluate(prop.slice(colon + 1), ctx, 1);
      if (v !== UNRESOLVED) values.push(...v);
    }
  }

  return values.length ? values : UNRESOLVED;
}

/**
 * Keys of an object literal `const|var NAME = { Key: ..., ... }`.
 */
function objectKeys(name, ctx) {
  const keys = [];

  for (const init of findDeclarations(name, ctx)) {
    if (!isP(init[0], '{')) continue;

    const end = matching(init, 0);

    for (const prop of splitTop(init, ',', 1, end)) {
      if (prop.length > 1 && isP(prop[1], ':') && (prop[0].t === 'id' || prop[0].t === 'str')) {
        keys.push(prop[0].v);
      }
    }
  }

  return keys;
}

/**
 * All token arrays of a file: the top level plus the expressions of every
 * template literal (`${ ... }`), so calls inside templates are visited, too.
 */
function tokenArrays(tokens, out = []) {
  out.push(tokens);

  for (const tok of tokens) {
    if (tok.t === 'tpl') tok.exprs.forEach(expr => tokenArrays(expr, out));
  }

  return out;
}


// ---------------------------------------------------------------------------
// extraction rules
// ---------------------------------------------------------------------------

const TRANSLATE_NAMES = new Set([ 'translate', '_translate' ]);

/**
 * (1) literal (and statically resolvable) arguments of translate(...) calls.
 */
function extractTranslateCalls(ctx, add, unresolved) {
  for (const flat of ctx.arrays) {
    extractTranslateCallsIn(flat, ctx, add, unresolved);
  }
}

function extractTranslateCallsIn(flat, ctx, add, unresolved) {
  for (let i = 0; i < flat.length - 1; i++) {
    const tok = flat[i];

    if (tok.t !== 'id' || !TRANSLATE_NAMES.has(tok.v) || !isP(flat[i + 1], '(')) continue;

    const prev = flat[i - 1];

    // function translate(...) { } declarations
    if (prev && prev.t === 'id' && prev.v === 'function') continue;

    // foo.translate(...) is a transform (matrix / svg), this._translate(...) is ours
    if (tok.v === 'translate' && isP(prev, '.')) continue;

    const close = matching(flat, i + 1);
    const [ firstArg ] = splitTop(flat, ',', i + 2, close);

    // method / function definition: translate(template, replacements) { ... }
    if (isP(flat[close + 1], '{')) continue;

    const values = evaluate(firstArg, ctx);

    if (values === UNRESOLVED) {
      unresolved.push(`${ctx.file}: translate(${render(firstArg)})`);
      continue;
    }

    values.forEach(value => add(value, 'translate()'));
  }
}

/**
 * (2) bpmn-js popup menu tables: replace / create / append entries carry a
 * plain `label: '...'` which ReplaceMenuProvider passes through translate().
 * A label getter (`var label = '...'; label += '...'`) yields both variants.
 */
function extractMenuLabels(ctx, add) {
  if (!/(PopupEntries|ReplaceOptions)\.js$/.test(ctx.file)) return;

  const flat = ctx.arrays[0];
  let base = null;

  for (let i = 0; i < flat.length - 2; i++) {
    const tok = flat[i];

    if (tok.t !== 'id' || tok.v !== 'label') continue;

    const op = flat[i + 1];
    const value = flat[i + 2];

    if (value.t !== 'str') continue;

    if (isP(op, ':')) {
      add(value.v, 'menu label');
    } else if (isP(op, '=')) {
      base = value.v;
      add(base, 'menu label');
    } else if (isP(op, '+=') && base !== null) {
      add(base + value.v, 'menu label');
    }
  }
}

/**
 * (3) properties panel header: the element type label is
 * translate(ConcreteType split into words), e.g. 'Message Start Event (Non Interrupting)'.
 */
function extractPanelHeaderTypes(ctx, add) {
  if (!/getConcreteType/.test(ctx.source) || !/iconsByType/.test(ctx.source)) return;

  const types = new Set(objectKeys('iconsByType', ctx));

  // produced by getConcreteType() without an icon of their own
  [ 'EventSubProcess', 'DefaultFlow', 'ConditionalFlow' ].forEach(t => types.add(t));

  for (const type of types) {
    add(
      type.replace(/(\B[A-Z])/g, ' $1').replace(/(\bNon Interrupting)/g, '($1)'),
      'panel header type'
    );
  }
}

/**
 * (4) bpmnlint rule messages: reporter.report(id, '<message>', ...).
 */
function extractLintMessages(ctx, add, unresolved) {
  for (const flat of ctx.arrays) {
    extractLintMessagesIn(flat, ctx, add, unresolved);
  }
}

function extractLintMessagesIn(flat, ctx, add, unresolved) {
  for (let i = 2; i < flat.length - 1; i++) {
    const tok = flat[i];

    if (tok.t !== 'id' || tok.v !== 'report' || !isP(flat[i - 1], '.') || !isP(flat[i + 1], '(')) continue;

    const close = matching(flat, i + 1);
    const args = splitTop(flat, ',', i + 2, close);

    if (args.length < 2) continue;

    const values = evaluate(args[1], ctx);

    if (values === UNRESOLVED) {
      unresolved.push(`${ctx.file}: report(…, ${render(args[1])})`);
      continue;
    }

    values.forEach(value => add(value, 'bpmnlint message'));
  }
}

function render(tokens) {
  return tokens.map(t => {
    if (t.t === 'str') return JSON.stringify(t.v);
    if (t.t === 'tpl') return '`…`';
    return t.v;
  }).join(' ').slice(0, 100);
}


// ---------------------------------------------------------------------------
// file discovery
// ---------------------------------------------------------------------------

function walk(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stat = statSync(path);

    if (stat.isDirectory()) {
      if (entry !== 'node_modules') walk(path, out);
    } else if (/\.m?js$/.test(entry) && !/\.min\.js$/.test(entry)) {
      out.push(path);
    }
  }

  return out;
}

/**
 * Source files of a package: its ES sources in lib/ when shipped, else the ES
 * module bundle (dist/index.esm.js), else every non-minified file in dist/.
 * (UMD / minified bundles duplicate these and rename `translate`.)
 */
function packageFiles(pkgDir, pkg) {
  if (pkg.lintRules) {
    const rules = join(pkgDir, 'rules');
    return existsSync(rules) ? walk(rules) : [];
  }

  const lib = join(pkgDir, 'lib');
  if (existsSync(lib)) return walk(lib);

  const esm = join(pkgDir, 'dist', 'index.esm.js');
  if (existsSync(esm)) return [ esm ];

  const dist = join(pkgDir, 'dist');
  if (existsSync(dist)) return walk(dist).filter(f => !/umd/i.test(f));

  return [];
}


// ---------------------------------------------------------------------------
// public API
// ---------------------------------------------------------------------------

/**
 * Extract translation keys from the packages installed in `nodeModules`.
 *
 * @param {string} nodeModules
 *
 * @return {{
 *   keys: Map<string, Set<string>>,
 *   packages: { name: string, version: string|null, files: number }[],
 *   unresolved: string[]
 * }}
 */
export function extractKeys(nodeModules) {
  const keys = new Map();
  const packages = [];
  const unresolved = [];

  for (const pkg of PACKAGES) {
    const pkgDir = join(nodeModules, pkg.name);
    const manifest = join(pkgDir, 'package.json');

    if (!existsSync(manifest)) {
      if (!pkg.optional) {
        throw new Error(`package ${pkg.name} is not installed in ${nodeModules}`);
      }
      packages.push({ name: pkg.name, version: null, files: 0 });
      continue;
    }

    const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
    const files = packageFiles(pkgDir, pkg);

    packages.push({ name: pkg.name, version, files: files.length });

    for (const path of files) {
      const source = readFileSync(path, 'utf8');

      if (!pkg.lintRules && !/translate|PopupEntries|ReplaceOptions/.test(source + path)) continue;

      const tokens = tokenize(source);
      const ctx = {
        file: `${pkg.name}/${relative(pkgDir, path)}`,
        source,
        arrays: tokenArrays(tokens),
        declarations: new Map()
      };

      const add = (key, kind) => {
        if (typeof key !== 'string' || !key.trim()) return;
        if (!keys.has(key)) keys.set(key, new Set());
        keys.get(key).add(`${ctx.file} (${kind})`);
      };

      if (pkg.lintRules) {
        extractLintMessages(ctx, add, unresolved);
      } else {
        extractTranslateCalls(ctx, add, unresolved);
        extractMenuLabels(ctx, add);
        extractPanelHeaderTypes(ctx, add);
      }
    }
  }

  return { keys, packages, unresolved };
}


// ---------------------------------------------------------------------------
// CLI
// ---------------------------------------------------------------------------

async function main(argv) {
  const flags = new Set(argv.filter(a => a.startsWith('--')));
  const positional = argv.filter(a => !a.startsWith('--'));

  const nodeModules = resolve(positional[0] || join(HERE, '..', 'node_modules'));

  if (!existsSync(nodeModules)) {
    console.error(`node_modules not found: ${nodeModules}`);
    console.error('usage: node check-translations.mjs [path/to/node_modules] [--list|--json] [--verbose]');
    return 2;
  }

  let result;

  try {
    result = extractKeys(nodeModules);
  } catch (err) {
    console.error(err.message);
    return 2;
  }

  const { keys, packages, unresolved } = result;
  const sorted = [ ...keys.keys() ].sort();

  if (flags.has('--json')) {
    const out = {};
    for (const key of sorted) out[key] = [ ...keys.get(key) ].sort();
    console.log(JSON.stringify(out, null, 2));
    return 0;
  }

  if (flags.has('--list')) {
    sorted.forEach(key => console.log(key));
    return 0;
  }

  const { default: nl } = await import(pathToFileURL(join(HERE, 'nl.js')).href);

  console.log(`node_modules: ${nodeModules}`);

  for (const { name, version, files } of packages) {
    console.log(`  ${name}@${version || '(not installed, skipped)'}${version ? ` — ${files} file(s) scanned` : ''}`);
  }

  if (flags.has('--verbose') && unresolved.length) {
    console.log(`\n${unresolved.length} call(s) with a dynamic argument (not checkable statically):`);
    unresolved.forEach(u => console.log(`  ${u}`));
  }

  const missing = sorted.filter(key => !Object.prototype.hasOwnProperty.call(nl, key));
  const placeholderErrors = sorted.filter(key => {
    if (!Object.prototype.hasOwnProperty.call(nl, key)) return false;
    const want = (key.match(/\{[^{}]+\}/g) || []).sort().join();
    const got = (String(nl[key]).match(/\{[^{}]+\}/g) || []).sort().join();
    return want !== got;
  });
  const extra = Object.keys(nl).filter(key => !keys.has(key));

  console.log(`\n${sorted.length - missing.length}/${sorted.length} keys covered by nl.js` +
    ` (${Object.keys(nl).length} entries in nl.js, ${extra.length} not used by these package versions)`);

  if (missing.length) {
    console.log(`\n${missing.length} key(s) missing from nl.js:`);
    for (const key of missing) {
      console.log(`  ${JSON.stringify(key)}  <- ${[ ...keys.get(key) ][0]}`);
    }
  }

  if (placeholderErrors.length) {
    console.log(`\n${placeholderErrors.length} translation(s) with placeholders that differ from the key:`);
    placeholderErrors.forEach(key => console.log(`  ${JSON.stringify(key)} -> ${JSON.stringify(nl[key])}`));
  }

  // nl.js is kept sorted by key (plain code unit order, as Array#sort)
  const order = Object.keys(nl);
  const unsorted = order.filter((key, i) => i > 0 && order[i - 1] > key);

  if (unsorted.length) {
    console.log(`\nnl.js is not sorted by key, first out-of-order key: ${JSON.stringify(unsorted[0])}`);
  }

  // translate.js honours diagram-js' translate contract
  const { customTranslate, default: translateModule } = await import(pathToFileURL(join(HERE, 'translate.js')).href);
  const contractErrors = [
    [ customTranslate('Open {element}', { element: 'Subproces' }), nl['Open {element}'].replace('{element}', 'Subproces') ],
    [ customTranslate('Untranslated {a} and {b}', { a: '1' }), 'Untranslated 1 and {b}' ],
    [ customTranslate('constructor'), 'constructor' ],
    [ translateModule.translate[0], 'value' ],
    [ translateModule.translate[1], customTranslate ]
  ].filter(([ actual, expected ]) => actual !== expected);

  if (contractErrors.length) {
    console.log('\ntranslate.js does not follow the translate(template, replacements) contract:');
    contractErrors.forEach(([ actual, expected ]) => console.log(`  got ${String(actual)}, expected ${String(expected)}`));
  } else {
    console.log('translate.js: lookup, fallback and {placeholder} replacement ok');
  }

  return (missing.length || placeholderErrors.length || unsorted.length || contractErrors.length) ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(code => process.exit(code), err => {
    console.error(err);
    process.exit(2);
  });
}
