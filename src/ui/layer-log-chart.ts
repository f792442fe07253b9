/**
 * Base class of the per-layer charts of a statistic's base-10 logarithm (not a component itself):
 * one line per network on screen, its mean-field prediction dashed where there is one, on a decade
 * axis that holds thousands of decades. Subclasses say which logarithm to draw and which prediction.
 */
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { decadeTickLabel, decadeTicks, formatLog10, layerAxis, log10Series, padLayers } from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { maxDepth, type ShownRun } from '../app/shown-runs';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

export abstract class LayerLogChart extends UPlotChart {
  /** The networks on screen, each with its result, colour and (once it arrived) prediction. */
  @property({ attribute: false }) runs: readonly ShownRun[] = [];

  /** log₁₀ of the statistic per layer of one network (non-finite where it has none). */
  protected abstract values(run: ShownRun): readonly number[];
  /** log₁₀ of its mean-field prediction per layer, or null where the theory says nothing (yet). */
  protected abstract predicted(run: ShownRun): readonly number[] | null;
  /** The y axis title. */
  protected abstract yLabel(): string;

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('runs');
  }

  /** The runs whose prediction has arrived. */
  protected theoryRuns(): { run: ShownRun; values: readonly number[] }[] {
    return this.runs.flatMap((run) => {
      const values = this.predicted(run);
      return values ? [{ run, values }] : [];
    });
  }

  /** Series order: x, one line per run, then one dashed prediction per run that has one. */
  protected plotData(): uPlot.AlignedData | null {
    if (!this.runs.length) return null;
    const depth = maxDepth(this.runs);
    return [
      layerAxis(depth),
      ...this.runs.map((run) => padLayers(log10Series(this.values(run)), depth)),
      ...this.theoryRuns().map(({ values }) => padLayers(log10Series(values), depth)),
    ] as uPlot.AlignedData;
  }

  /** Further logarithms the y range must hold (seed bands). */
  protected rangeValues(): readonly number[] {
    return [];
  }

  /** Whole decades around every finite value drawn. */
  private yRange(): uPlot.Range.MinMax {
    const all = [...this.runs.flatMap((r) => this.values(r)), ...this.theoryRuns().flatMap(({ values }) => values), ...this.rangeValues()];
    const finite = all.filter(Number.isFinite);
    if (!finite.length) return [-2, 1];
    let lo = Math.floor(Math.min(...finite));
    let hi = Math.ceil(Math.max(...finite));
    if (hi - lo < 2) { lo -= 1; hi += 1; }
    return [lo, hi];
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    if (!this.runs.length) return null;
    const depth = maxDepth(this.runs);
    const series: uPlot.Series[] = [
      { label: 'layer', value: (_u, v) => (v == null ? '–' : String(v)) },
      ...this.runs.map((run): uPlot.Series => ({
        label: run.label, stroke: run.color, width: 2, spanGaps: false, points: { show: depth <= 60, size: 4 }, value: (_u, v) => formatLog10(v),
        ...this.lineSeries(run),
      })),
      ...this.theoryRuns().map(({ run }): uPlot.Series => ({
        label: `${run.label} theory`, stroke: run.color, width: 1.5, dash: [6, 5], points: { show: false }, value: (_u, v) => formatLog10(v),
      })),
    ];
    return {
      width,
      height,
      series,
      scales: {
        x: this.layerScale(),
        y: { range: () => this.yRange() },
      },
      axes: [
        this.layerAxis(theme, width),
        this.yAxis(theme, this.yLabel(), {
          splits: (_u, _i, min, max) => decadeTicks(min, max),
          values: (_u, ticks) => ticks.map((t) => (t == null ? '' : decadeTickLabel(t))),
        }),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  /** What a subclass changes in a network's line (its label, its readout). */
  protected lineSeries(_run: ShownRun): Partial<uPlot.Series> {
    return {};
  }

  protected pngLegend(): LegendEntry[] {
    return [
      ...this.runs.map(({ label, color }) => ({ label, color })),
      ...this.theoryRuns().map(({ run }) => ({ label: `${run.label} theory`, color: run.color, dash: true })),
    ];
  }
}
