/**
 * JSON written in pieces: the same text as JSON.stringify(value, replacer, indent), yielded a few
 * kilobytes at a time, so an output of any size (depth 100000 × 13 activations with theory and
 * weight gradients is over a gigabyte) never has to exist as one string (V8 caps a string at
 * about 512 MiB: "Invalid string length").
 */

export type Replacer = (key: string, value: unknown) => unknown;

/** The documented JSON output's rule: JSON has no Inf/NaN (written as null; `nonFinite` says why), typed arrays are left out. */
export const outputReplacer: Replacer = (_key, v) => {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (ArrayBuffer.isView(v)) return undefined;
  return v;
};

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A value with an array among its own values: worth writing piece by piece (a toJSON of its own makes it a leaf). */
function isContainer(v: unknown): v is object {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return false;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return false;
  if (Array.isArray(v)) return true;
  return Object.values(v).some((x) => Array.isArray(x));
}

/**
 * Yields the text of JSON.stringify(value, replacer, indent) in pieces. Containers (arrays, and
 * objects holding arrays) are walked; everything else is stringified whole and re-indented to its
 * depth (JSON strings hold no raw newline, so every newline is structural). The replacer must not
 * depend on the key and must leave its own results unchanged (a leaf passes through it twice), as
 * `outputReplacer` does.
 */
export function* jsonChunks(value: unknown, replacer: Replacer = outputReplacer, indent = 2): Generator<string> {
  const unit = ' '.repeat(indent);
  const holder = { '': value };
  const root = replacer.call(holder, '', value);
  if (omitted(root)) return;
  yield* walk(root, '');

  function* walk(v: unknown, pad: string): Generator<string> {
    if (!isContainer(v)) {
      const text = JSON.stringify(v, replacer, indent);
      yield pad && indent ? text.replace(/\n/g, `\n${pad}`) : text;
      return;
    }
    const inner = pad + unit;
    const open = Array.isArray(v) ? '[' : '{';
    const close = Array.isArray(v) ? ']' : '}';
    const entries: [string, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [String(i), x])
      : Object.keys(v).map((k) => [k, (v as Record<string, unknown>)[k]]);
    let first = true;
    for (const [key, raw] of entries) {
      let x = replacer.call(v, key, raw);
      if (omitted(x)) {
        if (!Array.isArray(v)) continue;
        x = null;
      }
      yield `${first ? open : ','}${indent ? `\n${inner}` : ''}${Array.isArray(v) ? '' : `${JSON.stringify(key)}:${indent ? ' ' : ''}`}`;
      first = false;
      yield* walk(x, inner);
    }
    yield first ? `${open}${close}` : `${indent ? `\n${pad}` : ''}${close}`;
  }
}

/** A JSON output document: its pieces and the final newline. */
export function* jsonLines(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}
