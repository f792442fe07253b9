/**
 * <ds-sparsity-chart>: per layer, the fraction of activations that are exactly zero (solid) and the
 * fraction of units that are zero for every input of the batch, i.e. dead (dashed); medians over seeds
 * for a multi-seed result, with the born-dead comparison for ReLU where it applies.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { bornDeadComparison, formatFraction, layerAxis } from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { activationColor, activationLabel } from '../app/palette';
import type { SimResult } from '../sim/stats';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

@customElement('ds-sparsity-chart')
export class DsSparsityChart extends UPlotChart {
  static override styles = [
    ...UPlotChart.styles,
    css`.note { margin: 0.45rem 0 0; font-size: 0.84rem; line-height: 1.45; }`,
  ];

  @property({ attribute: false }) result: SimResult | null = null;

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('result');
  }

  /** Series order: x, then per run zeroFraction followed by deadFraction. */
  protected plotData(): uPlot.AlignedData | null {
    const r = this.result;
    if (!r) return null;
    return [
      layerAxis(r.config.depth),
      ...r.runs.flatMap((run) => [run.layers.map((s) => s.zeroFraction), run.layers.map((s) => s.deadFraction)]),
    ] as uPlot.AlignedData;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    const r = this.result;
    if (!r) return null;
    const series: uPlot.Series[] = [{ label: 'layer', value: (_u, v) => (v == null ? '–' : String(v)) }];
    const median = (r.seeds?.count ?? 1) > 1 ? ' (median)' : '';
    for (const run of r.runs) {
      const color = activationColor(run.activation);
      const label = `${activationLabel(run.activation)}${median}`;
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
        x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
        y: { range: [0, 1.02] },
      },
      axes: [
        this.axis(theme, 'layer  (1 = next to the input · right = output)'),
        this.axis(theme, 'fraction of units', {
          size: 56,
          values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`),
        }),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  pngTitle(): string {
    return 'Sparsity: zero activations and dead units per layer';
  }

  protected pngLegend(): LegendEntry[] {
    return (this.result?.runs ?? []).flatMap((run) => [
      { label: `${activationLabel(run.activation)} zero`, color: activationColor(run.activation) },
      { label: `${activationLabel(run.activation)} dead`, color: activationColor(run.activation), dash: true },
    ]);
  }

  override render() {
    const seeds = this.result?.seeds;
    const dead = this.result ? bornDeadComparison(this.result) : null;
    const pct = (v: number): string => `${Number((v * 100).toPrecision(3))} %`;
    return html`
      <div class="plot" role="img" aria-label="Sparsity per layer: fraction of zero activations (solid) and of dead units (dashed)"></div>
      ${this.result ? '' : html`<p class="empty">No data yet.</p>`}
      ${seeds && seeds.count > 1 ? html`<p class="note muted" id="sparsity-seeds">Medians over ${seeds.count} seeds.</p>` : ''}
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
