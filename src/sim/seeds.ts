/**
 * Multi-seed mode. At finite width the log-norm of δ fluctuates from network to network, and the
 * spread grows with depth/width (Hanin 2018, "Which neural net architectures give rise to exploding
 * and vanishing gradients?"), so one seed's curve is one sample. This runs seeds seed, seed+1, … and
 * reports per layer the median and the 10–90% and 25–75% bands of every statistic.
 */
import { checkSeedRange, type SimConfig } from './config';
import { GiB, MemoryError, compareBytes } from './memory';
import { readField } from './config-fields';
import { AbortedError } from './cpu-engine';
import { engineStats, type StatValue } from './stat-schema';
import { LAYER_STATS, type LayerStats, type Progress, type Quantiles, type RunOptions, type RunResult, type SeedBand, type SimResult } from './stats';

/** Anything that runs one config: runReference, or `(c, o) => engine.run(c, o)`. */
export type SeedEngine = (config: SimConfig, options?: RunOptions) => SimResult | Promise<SimResult>;

/**
 * The q-quantile (0 ≤ q ≤ 1) of values sorted ascending, interpolating linearly between order
 * statistics at position q·(n − 1) (Hyndman & Fan type 7, numpy's default). NaN when empty.
 */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const i = Math.floor(pos);
  const t = pos - i;
  if (t === 0 || i + 1 >= n) return sorted[Math.min(i, n - 1)];
  const a = sorted[i], b = sorted[i + 1];
  // Between an infinity and anything the interpolant is that infinity (∞ − ∞ would give NaN).
  if (a === b || a === -Infinity) return a;
  if (b === Infinity) return b;
  return a + t * (b - a);
}

/** Median and 10/25/75/90% quantiles; NaN values are left out. */
export function quantiles(values: readonly number[]): Quantiles {
  const s = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return {
    median: quantileSorted(s, 0.5), p10: quantileSorted(s, 0.1), p25: quantileSorted(s, 0.25),
    p75: quantileSorted(s, 0.75), p90: quantileSorted(s, 0.9),
  };
}

/** Quantiles of log(values), mapped back: the band of a quantity that varies over decades (0 → −∞ → 0). */
export function logQuantiles(values: readonly number[]): Quantiles {
  const q = quantiles(values.map((v) => (v < 0 ? NaN : Math.log(v))));
  return { median: Math.exp(q.median), p10: Math.exp(q.p10), p25: Math.exp(q.p25), p75: Math.exp(q.p75), p90: Math.exp(q.p90) };
}

type Value = StatValue;
/** The engine statistics with a seed rule, from LAYER_STATS. */
const RULES = engineStats(LAYER_STATS).flatMap(([name, s]) => (s.seeds ? [{ name, optional: s.optional, ...s.seeds }] : []));

/** Bytes one statistic of one layer of one seed takes in the store (float64; booleans and words take one byte, counted as eight). */
const BYTES_PER_VALUE = 8;

/** What the command line may keep of a multi-seed run for its medians and bands. */
export const SEED_STORE_LIMIT = 1 * GiB;

/** Bytes `count` seeds of `config` keep for the medians and bands (every statistic with a seed rule, per layer and activation). */
export function seedStoreBytes(config: SimConfig, count: number): number {
  const stats = RULES.filter((r) => r.optional === undefined || (config as unknown as Record<string, unknown>)[r.optional] === true).length;
  return count * config.depth * config.activations.length * stats * BYTES_PER_VALUE;
}

/**
 * Refuses, before anything runs, a seed count whose statistics would not fit `limitBytes`: every
 * seed's per-layer values are kept until the end (a median needs them all).
 */
export function checkSeedMemory(config: SimConfig, count: number, limitBytes = SEED_STORE_LIMIT): void {
  if (count <= 1) return;
  const need = seedStoreBytes(config, count);
  if (need <= limitBytes) return;
  const most = Math.floor(limitBytes / seedStoreBytes(config, 1));
  const acts = config.activations.length;
  const shown = compareBytes(need, limitBytes);
  throw new MemoryError(
    `${count} seeds × depth ${config.depth}${acts > 1 ? ` × ${acts} activations` : ''} need ${shown.need} to keep every seed's per-layer statistics for the medians and bands; ` +
      `the limit is ${shown.limit} (reduce --seeds to at most ${most} at this depth, or --depth)`,
    ['seeds', 'depth'],
  );
}

/** One statistic over seeds and layers: numbers as float64, booleans and enumerated words as one byte each. */
type Column =
  | { kind: 'number'; data: Float64Array }
  | { kind: 'boolean'; data: Uint8Array }
  | { kind: 'word'; data: Uint8Array; words: string[] };

function newColumn(first: Value, size: number): Column {
  if (typeof first === 'boolean') return { kind: 'boolean', data: new Uint8Array(size) };
  if (typeof first === 'string') return { kind: 'word', data: new Uint8Array(size), words: [] };
  return { kind: 'number', data: new Float64Array(size).fill(NaN) };
}

function store(column: Column, at: number, v: Value): void {
  if (column.kind === 'word') {
    let k = column.words.indexOf(String(v));
    if (k < 0) k = column.words.push(String(v)) - 1;
    column.data[at] = k;
  } else {
    column.data[at] = Number(v);
  }
}

function load(column: Column, at: number): Value {
  switch (column.kind) {
    case 'number': return column.data[at];
    case 'boolean': return column.data[at] === 1;
    case 'word': return column.words[column.data[at]];
  }
}

/**
 * One activation's statistics over seeds, kept compact while the seeds run (one typed array per
 * statistic, seed-major, one value per layer), so a run of many seeds holds numbers, not a result
 * object per seed and layer.
 */
class SeedColumns {
  private readonly columns = new Map<string, Column>();

  constructor(private readonly depth: number, private readonly count: number) {}

  add(seed: number, layers: readonly LayerStats[]): void {
    for (const r of RULES) {
      const first = (layers[0] as unknown as Record<string, Value | undefined>)[r.name];
      if (first === undefined) continue;
      let column = this.columns.get(r.name);
      if (!column) {
        column = newColumn(first, this.count * this.depth);
        this.columns.set(r.name, column);
      }
      const base = seed * this.depth;
      for (let i = 0; i < this.depth; i++) store(column, base + i, (layers[i] as unknown as Record<string, Value>)[r.name]);
    }
  }

  /** The values of statistic `name` at layer index `i` over the seeds, or null when the seeds lack it (an optional statistic). */
  values(name: string, i: number): Value[] | null {
    const column = this.columns.get(name);
    if (!column) return null;
    return Array.from({ length: this.count }, (_, k) => load(column, k * this.depth + i));
  }
}

function quantilesIn(space: 'log' | 'linear', values: readonly number[]): Quantiles {
  return space === 'log' ? logQuantiles(values) : quantiles(values);
}

/** One layer's band over seeds, by LAYER_STATS' seed rules. */
function bandOf(layer: number, seeds: number, valuesOf: (name: string) => Value[] | null): SeedBand {
  const band: Record<string, number | Quantiles> = { layer, seeds };
  for (const r of RULES) {
    const vs = r.quantiles && r.quantiles.band !== false ? valuesOf(r.name) : null;
    if (r.quantiles && vs) band[r.name] = quantilesIn(r.quantiles.space, vs as number[]);
  }
  for (const r of RULES) {
    const vs = r.fraction ? valuesOf(r.name) : null;
    if (r.fraction && vs) band[r.fraction.name] = vs.filter(r.fraction.of).length / seeds;
  }
  return band as SeedBand;
}

/** The most frequent value (the first seen of those tied). */
function mostCommon(vs: readonly Value[]): Value {
  const counts = new Map<Value, number>();
  for (const v of vs) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = vs[0];
  for (const [v, c] of counts) if (c > (counts.get(best) ?? 0)) best = v;
  return best;
}

/** The median row of a band as LayerStats, so tables and charts that read `layers` keep working. */
function medianLayer(band: SeedBand, valuesOf: (name: string) => Value[] | null): LayerStats {
  const b = band as unknown as Record<string, number | Quantiles>;
  const out: Record<string, Value> = { layer: band.layer };
  for (const r of RULES) {
    const vs = valuesOf(r.name);
    if (!vs) continue;
    if (r.quantiles) {
      out[r.name] = r.quantiles.band === false ? quantilesIn(r.quantiles.space, vs as number[]).median : (b[r.name] as Quantiles).median;
    } else if (r.fraction) {
      // A boolean statistic: set when any seed had it.
      out[r.name] = (b[r.fraction.name] as number) > 0;
    } else if (r.mode) {
      out[r.name] = mostCommon(vs);
    }
  }
  return out as unknown as LayerStats;
}

/**
 * Aggregates results of one config over different seeds as they come: each result's statistics go
 * into compact columns and the result itself can be dropped; `finish` gives per-layer medians and
 * bands. RunDetails come from the first result.
 */
export class SeedAggregate {
  private readonly columns: SeedColumns[];
  private first: SimResult | null = null;
  private added = 0;

  constructor(private readonly config: SimConfig, private readonly count: number) {
    this.columns = config.activations.map(() => new SeedColumns(config.depth, count));
  }

  add(result: SimResult): void {
    if (this.added >= this.count) throw new Error(`more than the ${this.count} seeds announced`);
    this.first ??= result;
    result.runs.forEach((run, i) => this.columns[i].add(this.added, run.layers));
    this.added++;
  }

  finish(ms: number): SimResult {
    const first = this.first;
    if (!first || this.added !== this.count) throw new Error(`${this.added} of ${this.count} seeds were aggregated`);
    const runs: RunResult[] = first.runs.map((run, a) => {
      const columns = this.columns[a];
      const seedBands: SeedBand[] = [];
      const layers: LayerStats[] = [];
      for (let i = 0; i < this.config.depth; i++) {
        const valuesOf = (name: string): Value[] | null => columns.values(name, i);
        const band = bandOf(i + 1, this.count, valuesOf);
        seedBands.push(band);
        layers.push(medianLayer(band, valuesOf));
      }
      return { ...run, layers, seedBands };
    });
    return { config: first.config, engine: first.engine, runs, timing: { ms }, seeds: { first: first.config.seed, count: this.count } };
  }
}

/**
 * Runs `count` seeds (config.seed, config.seed + 1, …) one after another and aggregates per layer
 * as each finishes. The result's `layers` hold per-layer medians, `seedBands` the quantiles;
 * RunDetails (if asked for) come from the first seed. A count whose statistics would pass
 * `storeLimit` is refused before the first seed runs.
 */
export async function runSeeds(
  config: SimConfig, count: number, engine: SeedEngine, options: RunOptions = {}, storeLimit = SEED_STORE_LIMIT,
): Promise<SimResult> {
  checkSeedRange(config.seed, readField('sim', 'seeds', count));
  checkSeedMemory(config, count, storeLimit);
  const start = performance.now();
  const aggregate = new SeedAggregate(config, count);
  for (let k = 0; k < count; k++) {
    if (options.signal?.aborted) throw new AbortedError();
    const onProgress = options.onProgress
      ? (p: Progress) => options.onProgress?.({ fraction: (k + p.fraction) / count, message: `seed ${k + 1}/${count}: ${p.message}` })
      : undefined;
    aggregate.add(await engine({ ...config, seed: config.seed + k }, {
      details: options.details === true && k === 0, signal: options.signal, onProgress,
    }));
  }
  return aggregate.finish(performance.now() - start);
}

/** Aggregates results of the same config over different seeds (exported for tests). */
export function aggregateSeeds(results: readonly SimResult[], ms = results.reduce((t, r) => t + r.timing.ms, 0)): SimResult {
  const aggregate = new SeedAggregate(results[0].config, results.length);
  for (const r of results) aggregate.add(r);
  return aggregate.finish(ms);
}
