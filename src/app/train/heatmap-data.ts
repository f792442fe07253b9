/**
 * Pure functions behind the layer × step heatmaps: which statistic a heatmap shows, how a value
 * maps to a colour (log10 of δ RMS on a range shared by the networks compared; dead fraction on a
 * fixed 0…1 scale), and the matrix of values (column = checkpoint, row = layer).
 */
import type { Checkpoint, TrainLayerStats } from '../../sim/train/trainer';
import { colorOf, logRange, viridis, NAN_COLOR, INF_COLOR, type LogRange, type Rgb } from '../colormap';

export type HeatmapMetric = 'deltaRms' | 'weightGradRms' | 'deadFraction' | 'zeroFraction';

export interface MetricInfo {
  label: string;
  /** Log colour scale (RMS) or linear on 0…1 (fractions). */
  log: boolean;
}

export const METRICS: Record<HeatmapMetric, MetricInfo> = {
  deltaRms: { label: 'RMS of δ', log: true },
  weightGradRms: { label: 'RMS of ∂L/∂W', log: true },
  deadFraction: { label: 'dead fraction', log: false },
  zeroFraction: { label: 'zero fraction', log: false },
};

export function metricValue(s: TrainLayerStats, metric: HeatmapMetric): number {
  return s[metric];
}

/** Values of one run: values[col * layers + (layer − 1)], col = checkpoint index. */
export interface HeatmapMatrix {
  steps: number[];
  layers: number;
  values: Float64Array;
}

export function heatmapMatrix(checkpoints: readonly Checkpoint[], metric: HeatmapMetric): HeatmapMatrix {
  const layers = checkpoints[0]?.layers.length ?? 0;
  const values = new Float64Array(checkpoints.length * layers);
  checkpoints.forEach((c, col) => {
    for (const s of c.layers) values[col * layers + (s.layer - 1)] = metricValue(s, metric);
  });
  return { steps: checkpoints.map((c) => c.step), layers, values };
}

/** One log range over every run, so the same colour means the same value in both heatmaps. */
export function sharedLogRange(runs: readonly (readonly Checkpoint[])[], metric: HeatmapMetric): LogRange {
  const all: number[] = [];
  for (const cps of runs) for (const c of cps) for (const s of c.layers) all.push(metricValue(s, metric));
  return logRange(all);
}

/** The colour of one cell. Fractions: viridis(f) on 0…1; RMS: colorOf on the shared log range. */
export function cellColor(v: number, metric: HeatmapMetric, range: LogRange): Rgb {
  if (METRICS[metric].log) return colorOf(v, range);
  if (Number.isNaN(v)) return NAN_COLOR;
  if (!Number.isFinite(v)) return INF_COLOR;
  return viridis(v);
}
