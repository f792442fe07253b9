/**
 * GPU statistics records, derived from an accumulator table of the statistics schema
 * (src/sim/stat-schema.ts): the word layout of a record, the WGSL that accumulates, merges, stores
 * and loads it, and the host's decoding of read-back words. A record is a run of u32 words (floats
 * stored as their bits), one per layer, workgroup partial or unit; each accumulator kind has one
 * WGSL representation (a scaled sum is vec3(scale, ssq, sum), as ss_add/ss_merge in scaled_sum.wgsl).
 */
import {
  accumulatorsOf, type AccKind, type AccTable, type RecordOf,
} from '../sim/stat-schema';
import { SCALED_SUM } from './includes';
import type { Binding, Include } from './kernel';

interface WgslKind {
  words: number;
  type: string;
  zero: string;
  merge(a: string, b: string): string;
  /** The stored words of value v, as u32 expressions. */
  store(v: string): string[];
  /** The value from its stored words (u32 expressions). */
  load(words: string[]): string;
  /** The host's decoding of the words at `w` (u: the words, fl: the same bytes as floats). */
  read(u: Uint32Array, fl: Float32Array, w: number): unknown;
}

const f = (w: string): string => `bitcast<f32>(${w})`;
const bits = (x: string): string => `bitcast<u32>(${x})`;

const WGSL_KINDS: { readonly [K in AccKind]: WgslKind } = {
  scaled: {
    words: 2, type: 'vec3<f32>', zero: 'vec3<f32>(0.0)', merge: (a, b) => `ss_merge(${a}, ${b})`,
    store: (v) => [bits(`${v}.x`), bits(`${v}.y`)], load: ([s, q]) => `vec3<f32>(${f(s)}, ${f(q)}, 0.0)`,
    read: (_u, fl, w) => ({ scale: fl[w], ssq: fl[w + 1] }),
  },
  scaledSum: {
    words: 3, type: 'vec3<f32>', zero: 'vec3<f32>(0.0)', merge: (a, b) => `ss_merge(${a}, ${b})`,
    store: (v) => [bits(`${v}.x`), bits(`${v}.y`), bits(`${v}.z`)], load: ([s, q, z]) => `vec3<f32>(${f(s)}, ${f(q)}, ${f(z)})`,
    read: (_u, fl, w) => ({ scale: fl[w], ssq: fl[w + 1], sum: fl[w + 2] }),
  },
  count: {
    words: 1, type: 'u32', zero: '0u', merge: (a, b) => `${a} + ${b}`, store: (v) => [v], load: ([w]) => w,
    read: (u, _fl, w) => u[w],
  },
  sum: {
    words: 1, type: 'f32', zero: '0.0', merge: (a, b) => `${a} + ${b}`, store: (v) => [bits(v)], load: ([w]) => f(w),
    read: (_u, fl, w) => fl[w],
  },
};

export interface RecordLayout<T extends AccTable> {
  readonly table: T;
  /** Words per record. */
  readonly words: number;
  /** First word of each accumulator. */
  readonly offsets: Readonly<Record<keyof T & string, number>>;
}

/** Lays the accumulators out one after another, in table order. */
export function recordLayout<T extends AccTable>(table: T): RecordLayout<T> {
  const offsets: Record<string, number> = {};
  let words = 0;
  for (const [name, def] of Object.entries(table)) {
    offsets[name] = words;
    words += WGSL_KINDS[def.kind].words;
  }
  return { table, words, offsets: offsets as Record<keyof T & string, number> };
}

export interface RecordWgslOptions<S extends string, L extends string> {
  /** Only the accumulators of this producer (the whole record when absent). */
  producer?: string;
  /** The binding the record is stored to, by `acc_store(record, v)`. */
  store: S;
  /** The binding records are loaded from, by `acc_load(record)` (the reduce kernel). */
  load?: L;
  /** Invocations per workgroup (a WGSL expression, a power of two): adds `acc_workgroup_total(li, v)`. */
  threads?: string;
}

/**
 * The WGSL of one kernel's part of a record: `struct Acc` (fields named after the accumulators),
 * `acc_zero()`, `acc_merge(a, b)`, `acc_store(record, v)`, and on request `acc_load(record)` and the
 * workgroup tree reduction `acc_workgroup_total(li, v)` (every invocation calls it; invocation 0
 * stores the result). Kernels accumulate into the fields by name.
 */
export function recordInclude<T extends AccTable, S extends string, L extends string = never>(
  layout: RecordLayout<T>, recordName: string, opts: RecordWgslOptions<S, L>,
): Include<never, S | L> {
  const names = opts.producer ? accumulatorsOf(layout.table, opts.producer) : (Object.keys(layout.table) as (keyof T & string)[]);
  const kinds = names.map((n) => WGSL_KINDS[layout.table[n].kind]);
  const wordsOf = (n: keyof T & string, k: WgslKind): string[] =>
    Array.from({ length: k.words }, (_, i) => `at + ${layout.offsets[n] + i}u`);
  const lines = [
    `// ${recordName} record (generated from its accumulator table by src/gpu/stat-record.ts)${opts.producer ? `: the fields of ${opts.producer}` : ''}.`,
    `const REC_WORDS: u32 = ${layout.words}u;`,
    `struct Acc {\n${names.map((n, i) => `  ${n}: ${kinds[i].type},`).join('\n')}\n}`,
    `fn acc_zero() -> Acc { return Acc(${kinds.map((k) => k.zero).join(', ')}); }`,
    `fn acc_merge(a: Acc, b: Acc) -> Acc {\n  return Acc(${names.map((n, i) => kinds[i].merge(`a.${n}`, `b.${n}`)).join(', ')});\n}`,
    `fn acc_store(record: u32, v: Acc) {\n  let at = record * REC_WORDS;\n${names.flatMap((n, i) =>
      kinds[i].store(`v.${n}`).map((w, j) => `  ${opts.store}[${wordsOf(n, kinds[i])[j]}] = ${w};`)).join('\n')}\n}`,
  ];
  if (opts.load) {
    const src = opts.load;
    lines.push(`fn acc_load(record: u32) -> Acc {\n  let at = record * REC_WORDS;\n  return Acc(${names.map((n, i) =>
      kinds[i].load(wordsOf(n, kinds[i]).map((w) => `${src}[${w}]`))).join(', ')});\n}`);
  }
  if (opts.threads) {
    lines.push(`var<workgroup> acc_red: array<Acc, ${opts.threads}>;
fn acc_workgroup_total(li: u32, v: Acc) -> Acc {
  acc_red[li] = v;
  for (var stride = ${opts.threads} / 2u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) { acc_red[li] = acc_merge(acc_red[li], acc_red[li + stride]); }
  }
  workgroupBarrier();
  return acc_red[0];
}`);
  }
  const bindings: Record<string, Binding> = { [opts.store]: ['rw', 'u32'] };
  if (opts.load) bindings[opts.load] = ['read', 'u32'];
  return { name: `${recordName} record`, wgsl: `${lines.join('\n')}\n`, bindings: bindings as Record<S | L, Binding>, needs: [SCALED_SUM] };
}

/** Reads records out of read-back words: `read(i)` decodes record i (floats widened to float64). */
export function recordReader<T extends AccTable>(layout: RecordLayout<T>, bytes: ArrayBuffer, byteOffset = 0, byteLength = bytes.byteLength - byteOffset): (record: number) => RecordOf<T> {
  const u = new Uint32Array(bytes, byteOffset, byteLength / 4);
  const fl = new Float32Array(bytes, byteOffset, byteLength / 4);
  const fields = Object.entries(layout.table).map(([name, def]) => [name, WGSL_KINDS[def.kind], layout.offsets[name as keyof T & string]] as const);
  return (record) => {
    const at = record * layout.words;
    const out: Record<string, unknown> = {};
    for (const [name, kind, off] of fields) out[name] = kind.read(u, fl, at + off);
    return out as RecordOf<T>;
  };
}
