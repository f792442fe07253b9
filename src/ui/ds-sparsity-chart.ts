/**
 * <ds-sparsity-chart>: per layer, the fraction of activations that are exactly zero (solid) and the
 * fraction of units that are zero for every input of the batch, i.e. dead (dashed), for every network
 * on screen; medians over seeds for a multi-seed run, with the born-dead comparison for ReLU where it
 * applies.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { bornDeadComparison, formatFraction, layerAxis, padLayers } from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { maxDepth, seedCount, type ShownRun } from '../app/shown-runs';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

@customElement('ds-sparsity-chart')
export class DsSparsityChart extends UPlotChart {
  static override styles = [
    ...UPlotChart.styles,
    css`.note { margin: 0.45rem 0 0; font-size: 0.84rem; line-height: 1.45; }`,
  ];

  /** The networks on screen. */
  @property({ attribute: false }) runs: readonly ShownRun[] = [];

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('runs');
  }

  /** Series order: x, then per run zeroFraction followed by deadFraction. */
  protected plotData(): uPlot.AlignedData | null {
    if (!this.runs.length) return null;
    const depth = maxDepth(this.runs);
    return [
      layerAxis(depth),
      ...this.runs.flatMap(({ run }) => [padLayers(run.layers.map((s) => s.zeroFraction), depth), padLayers(run.layers.map((s) => s.deadFraction), depth)]),
    ] as uPlot.AlignedData;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    if (!this.runs.length) return null;
    const series: uPlot.Series[] = [{ label: 'layer', value: (_u, v) => (v == null ? '–' : String(v)) }];
    for (const { label: name, color, result } of this.runs) {
      const label = `${name}${seedCount(result) > 1 ? ' (median)' : ''}`;
      series.push(
        { label: `${label} zero`, stroke: color, width: 2, value: (_u, v) => formatFraction(v) },
        { label: `${label} dead`, stroke: color, width: 1.5, dash: [5, 4], value: (_u, v) => formatFraction(v) },
      );
    }
    return {
      width,
      height,
      series,
      scales: {
        x: this.layerScale(),
        y: { range: [0, 1.02] },
      },
      axes: [
        this.layerAxis(theme, width),
        this.yAxis(theme, 'fraction of units', { values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`) }),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  pngTitle(): string {
    return 'Sparsity: zero activations and dead units per layer';
  }

  protected pngLegend(): LegendEntry[] {
    return this.runs.flatMap(({ label, color }) => [
      { label: `${label} zero`, color },
      { label: `${label} dead`, color, dash: true },
    ]);
  }

  override render() {
    const results = [...new Set(this.runs.map((r) => r.result))];
    const seeded = results.filter((r) => seedCount(r) > 1);
    const dead = results.map((r) => bornDeadComparison(r)).find((d) => d !== null) ?? null;
    const pct = (v: number): string => `${Number((v * 100).toPrecision(3))} %`;
    return html`
      <div class="plot" role="img" aria-label="Sparsity per layer: fraction of zero activations (solid) and of dead units (dashed)"></div>
      ${this.runs.length ? '' : html`<p class="empty">No data yet.</p>`}
      ${seeded.length ? html`<p class="note muted" id="sparsity-seeds">Medians over ${seeded.length === 1 ? `${seedCount(seeded[0])} seeds` : 'seeds'}.</p>` : ''}
      ${dead
        ? html`<p class="note" id="born-dead">
            <b>Born dead:</b> in ${dead.deadSeeds} of ${dead.seeds} seeds (${pct(dead.simulated)}) the input reached layer ${dead.depth}
            as all zeros. For a zero-bias ReLU net of width n = ${dead.width}, each layer kills a live input with probability 2<sup>−n</sup>,
            so theory expects 1 − (1 − 2<sup>−${dead.width}</sup>)<sup>${dead.depth}</sup> = ${pct(dead.predicted)}.
          </p>`
        : ''}
    `;
  }
}
