/**
 * The statistics schema: how a per-layer statistic is declared once, and what is derived from it.
 *
 * Two tables per schema, because several statistics share one raw accumulator (deltaRms and
 * deltaMaxAbs both come from δ's scaled sum of squares):
 *  - an accumulator table: the raw sums an engine fills per layer (the CPU in float64, the GPU in
 *    float32 workgroup partials). Each accumulator has a kind, which says how two partial values
 *    merge and, on the GPU, how many words it takes in a statistics record (src/gpu/stat-record.ts
 *    derives the record layout and its WGSL from the same table), and the kernel that produces it;
 *  - a statistic table: the published numbers, each with its JSON/CSV name (the key), unit, one-line
 *    definition (the README table is generated from it), how it is finalized from the accumulators,
 *    whether it is optional, how seed bands aggregate it and its GPU/CPU parity class.
 * Tables are plain objects; their key order is the column order of the CSV and the JSON.
 * The simulation's tables are in stats.ts, training's in train/tracking.ts.
 */

/** Σx² of a stream as scale²·ssq with scale = max |x| (LAPACK's nrm2 idea): no overflow when squaring. */
export interface Scaled {
  scale: number;
  ssq: number;
}

/** A scaled sum of squares that also keeps Σx / scale. */
export interface ScaledWithSum extends Scaled {
  sum: number;
}

/** How an accumulator is kept and merged: scaled Σx² (optionally with Σx), a u32 count, an f32 sum. */
export type AccKind = 'scaled' | 'scaledSum' | 'count' | 'sum';

export type AccValue<K extends AccKind> = K extends 'scaled' ? Scaled : K extends 'scaledSum' ? ScaledWithSum : number;

export interface AccDef<Producer extends string = string> {
  kind: AccKind;
  /** The kernel (and CPU function of the same name) that fills it. */
  by: Producer;
}

export type AccTable<Producer extends string = string> = Readonly<Record<string, AccDef<Producer>>>;

/** The values of an accumulator table: what an engine fills for one layer. */
export type RecordOf<T extends AccTable> = { -readonly [K in keyof T]: AccValue<T[K]['kind']> };

/** Merges two partial scaled sums exactly up to rounding: the larger scale is kept. */
export function mergeScaled(s1: number, q1: number, s2: number, q2: number): [number, number] {
  if (s1 >= s2) return s1 === 0 ? [0, 0] : [s1, q1 + q2 * (s2 / s1) * (s2 / s1)];
  return [s2, q2 + q1 * (s1 / s2) * (s1 / s2)];
}

function mergeScaledSum(a: ScaledWithSum, b: ScaledWithSum): ScaledWithSum {
  const [hi, lo] = a.scale >= b.scale ? [a, b] : [b, a];
  if (hi.scale === 0) return { scale: 0, ssq: 0, sum: 0 };
  const r = lo.scale / hi.scale;
  return { scale: hi.scale, ssq: hi.ssq + lo.ssq * r * r, sum: hi.sum + lo.sum * r };
}

interface KindOps<K extends AccKind> {
  zero(): AccValue<K>;
  merge(a: AccValue<K>, b: AccValue<K>): AccValue<K>;
}

/** The CPU side of each kind (src/gpu/stat-record.ts has the WGSL side of the same kinds). */
export const ACC_KINDS: { readonly [K in AccKind]: KindOps<K> } = {
  scaled: {
    zero: () => ({ scale: 0, ssq: 0 }),
    merge: (a, b) => { const [scale, ssq] = mergeScaled(a.scale, a.ssq, b.scale, b.ssq); return { scale, ssq }; },
  },
  scaledSum: { zero: () => ({ scale: 0, ssq: 0, sum: 0 }), merge: mergeScaledSum },
  count: { zero: () => 0, merge: (a, b) => a + b },
  sum: { zero: () => 0, merge: (a, b) => a + b },
};

function opsOf(kind: AccKind): KindOps<AccKind> {
  return ACC_KINDS[kind] as unknown as KindOps<AccKind>;
}

export function emptyRecord<T extends AccTable>(table: T): RecordOf<T> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(table)) out[name] = opsOf(def.kind).zero();
  return out as RecordOf<T>;
}

/** The merge of two partial records (the host's float64 merge of per-unit GPU records uses it). */
export function mergeRecord<T extends AccTable>(table: T, a: RecordOf<T>, b: RecordOf<T>): RecordOf<T> {
  const out: Record<string, unknown> = {};
  const A = a as Record<string, never>, B = b as Record<string, never>;
  for (const [name, def] of Object.entries(table)) out[name] = opsOf(def.kind).merge(A[name], B[name]);
  return out as RecordOf<T>;
}

/** Accumulator names filled by `producer`, in table order. */
export function accumulatorsOf<T extends AccTable>(table: T, producer: T[keyof T]['by']): (keyof T & string)[] {
  return Object.keys(table).filter((name) => table[name].by === producer);
}

// ---- statistics -------------------------------------------------------------------------------

/** How a value is written in the text tables ('log10': a base-10 logarithm, written as the number it stands for). */
export type StatFormat = 'value' | 'percent' | 'integer' | 'log10';

/**
 * How seed bands aggregate a statistic (src/sim/seeds.ts):
 *  - quantiles: the per-layer median goes to `layers`, and (unless `band` is false) the
 *    10/25/50/75/90 % quantiles to `seedBands`, taken in log space for quantities that span decades;
 *  - fraction: the fraction of seeds for which `of(value)` holds is written to `seedBands` under `name`
 *    (for a boolean statistic, `layers` then holds whether any seed had it);
 *  - mode: `layers` holds the most common value over the seeds (an enumerated statistic).
 */
export interface SeedRule {
  quantiles?: { space: 'log' | 'linear'; band?: boolean };
  fraction?: { name: string; of: (value: StatValue) => boolean };
  mode?: true;
}

/** A published per-layer value: a number, a flag, or one of an enumerated statistic's values. */
export type StatValue = number | boolean | string;

interface StatCommon {
  /** Unit for the README ('fraction', 'boolean', '1' for another plain number). */
  unit: string;
  /** One line (Markdown) for the README table and help texts. */
  definition: string;
  /** Short column label for the text tables; absent when no table shows it. */
  label?: string;
  format?: StatFormat;
  /** The option that adds this statistic (it is absent from results without it). */
  optional?: string;
}

/** A statistic an engine computes: finalized from the raw accumulators of one layer. */
export interface EngineStat<Raw, Ctx, Parity extends string> extends StatCommon {
  type?: 'number' | 'boolean' | 'enum';
  /** The values of an enumerated statistic (type 'enum'). */
  values?: readonly string[];
  finalize(raw: Raw, ctx: Ctx): StatValue;
  /** The tolerance class the GPU/CPU parity tests compare it with. */
  parity: Parity;
  seeds?: SeedRule;
}

/** A field added to the layer afterwards (the mean-field theory's predictions, src/sim/theory-cli.ts). */
export interface AnnotationStat extends StatCommon {
  annotation: string;
  optional: string;
}

export type StatDef<Raw, Ctx, Parity extends string> = EngineStat<Raw, Ctx, Parity> | AnnotationStat;
export type StatTable<Raw, Ctx, Parity extends string> = Readonly<Record<string, StatDef<Raw, Ctx, Parity>>>;

type ValueOf<S> = S extends { type: 'boolean' } ? boolean
  : S extends { type: 'enum'; values: readonly (infer V)[] } ? V : number;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** The result fields of a statistic table: optional statistics and annotations are optional properties. */
export type StatsOf<T> = Simplify<
  { -readonly [K in keyof T as T[K] extends { optional: string } ? never : K]: ValueOf<T[K]> } &
  { -readonly [K in keyof T as T[K] extends { optional: string } ? K : never]?: ValueOf<T[K]> }
>;

/** The JavaScript type of a statistic's values ('string' for an enumerated one). */
export function jsTypeOf(s: { type?: 'number' | 'boolean' | 'enum' }): 'number' | 'boolean' | 'string' {
  return s.type === 'enum' ? 'string' : s.type ?? 'number';
}

export function isEngineStat<Raw, Ctx, P extends string>(s: StatDef<Raw, Ctx, P>): s is EngineStat<Raw, Ctx, P> {
  return 'finalize' in s;
}

/** The engine statistics of a table as [name, definition] pairs, in table order. */
export function engineStats<Raw, Ctx, P extends string>(table: StatTable<Raw, Ctx, P>): [string, EngineStat<Raw, Ctx, P>][] {
  return Object.entries(table).filter((e): e is [string, EngineStat<Raw, Ctx, P>] => isEngineStat(e[1]));
}

/**
 * The one place raw accumulators become published numbers: every engine statistic of `table` in
 * order, the optional ones only when their option is on in `options`.
 */
export function finalizeStats<Raw, Ctx, P extends string>(
  table: StatTable<Raw, Ctx, P>, raw: Raw, ctx: Ctx, options: Readonly<Record<string, boolean>>,
): Record<string, StatValue> {
  const out: Record<string, StatValue> = {};
  for (const [name, s] of engineStats(table)) {
    if (s.optional === undefined || options[s.optional]) out[name] = s.finalize(raw, ctx);
  }
  return out;
}

/** The statistics the GPU/CPU parity tests compare, with their tolerance class. */
export function parityList<Raw, Ctx, P extends string>(table: StatTable<Raw, Ctx, P>): { name: string; parity: P }[] {
  return engineStats(table).map(([name, s]) => ({ name, parity: s.parity }));
}

/** The README's Markdown table of a statistic table: | field | unit | definition |. */
export function markdownTable(table: Readonly<Record<string, StatCommon>>): string {
  const rows = Object.entries(table).map(([name, s]) => `| \`${name}\` | ${s.unit} | ${s.definition} |`);
  return ['| field | unit | definition |', '|---|---|---|', ...rows].join('\n');
}
