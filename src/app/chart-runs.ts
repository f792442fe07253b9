/**
 * The runs a chart draws, each with the configuration it ran under: the charts of the
 * Initialization view take a list of these rather than one result, so runs of different
 * architectures (a plain, a residual and a BatchNorm network) share one chart, each with its own
 * label, colour and mean-field line.
 */
import { residualAlpha, type SimConfig } from '../sim/config';
import type { RunResult, SimResult } from '../sim/stats';
import type { ConfigTheory } from '../sim/theory-cli';
import { activationColor, activationLabel } from './palette';

export interface ChartRun {
  /** Unique among the runs drawn together. */
  key: string;
  /** The activation and, unless plain, the architecture: "ReLU · residual α = 1 · BatchNorm". */
  label: string;
  color: string;
  run: RunResult;
  config: SimConfig;
  /** The seeds of a multi-seed result (its layers are medians). */
  seeds?: { first: number; count: number };
  /** The mean-field prediction of deltaLog10 per layer; null where there is none, or not yet. */
  theory: number[] | null;
}

/** The architecture of a configuration in words; '' for a plain, unnormalized net. */
export function architectureLabel(c: Pick<SimConfig, 'residual' | 'depth' | 'norm'>): string {
  const parts: string[] = [];
  if (c.residual === 'auto') parts.push(`residual α = 1/√${c.depth}`);
  else if (residualAlpha(c.residual, c.depth) > 0) parts.push(`residual α = ${c.residual}`);
  if (c.norm === 'layer') parts.push('LayerNorm');
  if (c.norm === 'batch') parts.push('BatchNorm');
  return parts.join(' · ');
}

/** A run's label: its activation, then its architecture unless plain. */
export function runLabel(run: Pick<RunResult, 'activation'>, config: Pick<SimConfig, 'residual' | 'depth' | 'norm'>): string {
  const arch = architectureLabel(config);
  return arch ? `${activationLabel(run.activation)} · ${arch}` : activationLabel(run.activation);
}

/** A second colour for runs whose activation's colour another drawn run already has (by their order). */
const EXTRA_COLORS = ['#5f6368', '#c5221f', '#0b8043', '#7b1fa2', '#f9ab00', '#1967d2', '#e37400', '#188038'];

/**
 * The runs of `results` in order, labelled; a run of an activation already drawn (under another
 * architecture) takes the next unused extra colour. `theoryOf` gives each result's prediction; a
 * prediction of no finite value (where the theory has none) draws no line.
 */
export function chartRuns(results: readonly SimResult[], theoryOf: (r: SimResult) => ConfigTheory | null = () => null): ChartRun[] {
  const used = new Set<string>();
  const out: ChartRun[] = [];
  let extra = 0;
  for (const [ri, result] of results.entries()) {
    const theory = theoryOf(result);
    for (const run of result.runs) {
      let color = activationColor(run.activation);
      while (used.has(color)) color = EXTRA_COLORS[extra++ % EXTRA_COLORS.length];
      used.add(color);
      const curve = theory?.[run.activation]?.deltaLog10 ?? null;
      out.push({
        key: results.length > 1 ? `${ri}:${run.activation}` : run.activation,
        label: runLabel(run, result.config), color, run, config: result.config,
        ...(result.seeds ? { seeds: result.seeds } : {}),
        theory: curve && curve.some(Number.isFinite) ? curve : null,
      });
    }
  }
  return out;
}

/** The layer axis of runs drawn together: 1 … the deepest run's depth. */
export function runsDepth(runs: readonly ChartRun[]): number {
  return runs.reduce((d, r) => Math.max(d, r.config.depth), 0);
}

/** One value per layer of the drawn axis: the run's own layers, null past its depth. */
export function alignedSeries<T>(values: readonly T[], depth: number): (T | null)[] {
  return Array.from({ length: depth }, (_, i) => (i < values.length ? values[i] : null));
}
