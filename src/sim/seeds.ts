/**
 * Multi-seed mode. At finite width the log-norm of δ fluctuates from network to network, and the
 * spread grows with depth/width (Hanin 2018, "Which neural net architectures give rise to exploding
 * and vanishing gradients?"), so one seed's curve is one sample. This runs seeds seed, seed+1, … and
 * reports per layer the median and the 10–90% and 25–75% bands of every statistic.
 */
import { checkSeedRange, type SimConfig } from './config';
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
const RULES = engineStats(LAYER_STATS).flatMap(([name, s]) => (s.seeds ? [{ name, optional: s.optional !== undefined, ...s.seeds }] : []));

function quantilesIn(space: 'log' | 'linear', values: readonly number[]): Quantiles {
  return space === 'log' ? logQuantiles(values) : quantiles(values);
}

/** The values of statistic `name` over seeds, or null when some seed lacks it (an optional statistic). */
function valuesOf(ls: readonly LayerStats[], name: string): Value[] | null {
  const vs = ls.map((l) => (l as unknown as Record<string, Value | undefined>)[name]);
  return vs.every((v) => v !== undefined) ? (vs as Value[]) : null;
}

/** Per-layer bands of one activation's runs over seeds (all runs must have the same depth), by LAYER_STATS' seed rules. */
export function bandsOf(runs: readonly RunResult[]): SeedBand[] {
  const depth = runs[0].layers.length;
  const bands: SeedBand[] = [];
  for (let i = 0; i < depth; i++) {
    const ls = runs.map((r) => r.layers[i]);
    const band: Record<string, number | Quantiles> = { layer: ls[0].layer, seeds: ls.length };
    for (const r of RULES) {
      const vs = r.quantiles && r.quantiles.band !== false ? valuesOf(ls, r.name) : null;
      if (r.quantiles && vs) band[r.name] = quantilesIn(r.quantiles.space, vs as number[]);
    }
    for (const r of RULES) {
      const vs = r.fraction ? valuesOf(ls, r.name) : null;
      if (r.fraction && vs) band[r.fraction.name] = vs.filter(r.fraction.of).length / ls.length;
    }
    bands.push(band as SeedBand);
  }
  return bands;
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
function medianLayer(band: SeedBand, ls: readonly LayerStats[]): LayerStats {
  const b = band as unknown as Record<string, number | Quantiles>;
  const out: Record<string, Value> = { layer: band.layer };
  for (const r of RULES) {
    const vs = valuesOf(ls, r.name);
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
 * Runs `count` seeds (config.seed, config.seed + 1, …) one after another and aggregates per layer.
 * The result's `layers` hold per-layer medians, `seedBands` the quantiles; RunDetails (if asked for)
 * come from the first seed.
 */
export async function runSeeds(config: SimConfig, count: number, engine: SeedEngine, options: RunOptions = {}): Promise<SimResult> {
  checkSeedRange(config.seed, readField('sim', 'seeds', count));
  const start = performance.now();
  const results: SimResult[] = [];
  for (let k = 0; k < count; k++) {
    if (options.signal?.aborted) throw new AbortedError();
    const onProgress = options.onProgress
      ? (p: Progress) => options.onProgress?.({ fraction: (k + p.fraction) / count, message: `seed ${k + 1}/${count}: ${p.message}` })
      : undefined;
    results.push(await engine({ ...config, seed: config.seed + k }, {
      details: options.details === true && k === 0, signal: options.signal, onProgress,
    }));
  }
  return aggregateSeeds(results, performance.now() - start);
}

/** Aggregates results of the same config over different seeds (exported for tests and for the app's worker). */
export function aggregateSeeds(results: readonly SimResult[], ms = results.reduce((t, r) => t + r.timing.ms, 0)): SimResult {
  const first = results[0];
  const runs: RunResult[] = first.runs.map((run, i) => {
    const perSeed = results.map((r) => r.runs[i]);
    const bands = bandsOf(perSeed);
    const layers = bands.map((b, l) => medianLayer(b, perSeed.map((r) => r.layers[l])));
    return { ...run, layers, seedBands: bands };
  });
  return { config: first.config, engine: first.engine, runs, timing: { ms }, seeds: { first: first.config.seed, count: results.length } };
}
