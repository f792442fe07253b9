/**
 * <ds-fprime-chart>: for one network, the distribution of |f′(s_l)| per layer as quantile bands
 * (5–95 % and 25–75 %) with the median, plus the mean |f′| the engine reports. δ is multiplied by
 * these factors (times the weights) at every layer, so a band below 1 is a product that vanishes.
 * A piecewise-linear derivative (ReLU's 0 or 1, leaky ReLU's α or 1) takes only two values, whose
 * quantiles would jump between them layer by layer; for those the chart shows the share of exact
 * zeros per layer and the mean |f′| on a linear axis instead.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { FPRIME_FLOOR, FPRIME_QUANTILES, fprimeBands, formatFraction, formatValue, layerAxis } from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { activationColor, activationLabel, withAlpha } from '../app/palette';
import { POSITIVELY_HOMOGENEOUS } from '../sim/activations';
import type { RunResult, SimResult } from '../sim/stats';
import type { CanvasTheme } from './theme';
import { UPlotChart, decadeLabel } from './uplot-chart';

@customElement('ds-fprime-chart')
export class DsFprimeChart extends UPlotChart {
  static override styles = [...UPlotChart.styles, css`.caption { font-size: 0.85rem; margin: 0.25rem 0 0; }`];

  @property({ attribute: false }) result: SimResult | null = null;
  /** The activation spec shown; the first run when unset or not found. */
  @property() activation: string | null = null;

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('result') || changed.has('activation') || changed.has('color') || changed.has('label');
  }

  /** The label of the network shown (its name on screen). */
  @property() label: string | null = null;
  /** Its colour on screen. */
  @property() color: string | null = null;

  get run(): RunResult | null {
    const runs = this.result?.runs ?? [];
    return runs.find((r) => r.activation === this.activation) ?? runs[0] ?? null;
  }

  /** True when the backward derivative is piecewise constant: the chart shows its zeros per layer. */
  get steps(): boolean {
    const parts = this.result?.config.activations.find((a) => a.spec === this.run?.activation)?.parts;
    return parts !== undefined && parts.every((p) => POSITIVELY_HOMOGENEOUS.has(p.derivative.name));
  }

  private get name(): string {
    return this.label ?? (this.run ? activationLabel(this.run.activation) : '');
  }

  private get stroke(): string {
    return this.color ?? activationColor(this.run?.activation ?? '');
  }

  /** Series order: x, q05, q95, q25, q75, median, mean |f′|; for a piecewise-constant f′: x, zero fraction, mean |f′|. */
  protected plotData(): uPlot.AlignedData | null {
    const run = this.run;
    const r = this.result;
    if (!r || !run?.details) return null;
    if (this.steps) return [layerAxis(r.config.depth), run.layers.map((s) => s.fprimeZeroFraction), run.layers.map((s) => s.meanAbsFprime)];
    const { quantiles } = fprimeBands(run.details.fprimeHist, r.config.depth);
    const [q05, q25, q50, q75, q95] = quantiles;
    const mean = run.layers.map((s) => (Number.isNaN(s.meanAbsFprime) ? null : Math.max(FPRIME_FLOOR, s.meanAbsFprime)));
    return [layerAxis(r.config.depth), q05, q95, q25, q75, q50, mean] as uPlot.AlignedData;
  }

  /** The piecewise-constant view: the share of f′ = 0 and the mean |f′| per layer, both on 0 … 1 (or the largest slope). */
  private stepOptions(run: RunResult, width: number, height: number, theme: CanvasTheme): uPlot.Options {
    const color = this.stroke;
    const top = Math.max(1, ...run.layers.map((s) => (Number.isFinite(s.meanAbsFprime) ? s.meanAbsFprime : 0)));
    return {
      width,
      height,
      series: [
        { label: 'layer', value: (_u, v) => (v == null ? '–' : String(v)) },
        { label: 'share of f′ = 0', stroke: color, width: 2, fill: withAlpha(color, 0.12), value: (_u, v) => formatFraction(v) },
        { label: 'mean |f′|', stroke: theme.fg, width: 1.5, dash: [5, 4], value: (_u, v) => formatValue(v) },
      ],
      scales: {
        x: this.layerScale(),
        y: { range: [0, top * 1.02] },
      },
      axes: [
        this.layerAxis(theme, width),
        this.yAxis(theme, 'share of zeros · mean |f′|', { values: (_u, ticks) => ticks.map((t) => String(Number(t.toPrecision(2)))) }),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    const run = this.run;
    if (!run?.details) return null;
    if (this.steps) return this.stepOptions(run, width, height, theme);
    const color = this.stroke;
    const faint = withAlpha(color, 0.35);
    const q = (p: number): string => `${Math.round(p * 100)} %`;
    const fmt = (_u: uPlot, v: number | null): string => (v == null ? '–' : v <= FPRIME_FLOOR ? '≤1e-6' : formatValue(v));
    return {
      width,
      height,
      series: [
        { label: 'layer', value: (_u, v) => (v == null ? '–' : String(v)) },
        { label: q(FPRIME_QUANTILES[0]), stroke: faint, width: 1, value: fmt },
        { label: q(FPRIME_QUANTILES[4]), stroke: faint, width: 1, value: fmt },
        { label: q(FPRIME_QUANTILES[1]), stroke: faint, width: 1, value: fmt },
        { label: q(FPRIME_QUANTILES[3]), stroke: faint, width: 1, value: fmt },
        { label: 'median', stroke: color, width: 2, value: fmt },
        {
          label: 'mean |f′|', stroke: theme.fg, width: 1.5, dash: [5, 4],
          value: (_u, _v, _si, idx) => (idx == null ? '–' : formatValue(run.layers[idx]?.meanAbsFprime)),
        },
      ],
      bands: [
        { series: [2, 1], fill: withAlpha(color, 0.14) },
        { series: [4, 3], fill: withAlpha(color, 0.3) },
      ],
      scales: {
        x: this.layerScale(),
        y: {
          distr: 3,
          log: 10,
          range: (_u, _min, max) => [FPRIME_FLOOR, Math.max(2, (max ?? 1) * 1.5)],
        },
      },
      axes: [
        this.layerAxis(theme, width),
        this.logAxis(theme, '|f′(s)|  (log scale)', (t) => (t <= FPRIME_FLOOR * 1.0001 ? '≤1e-6' : decadeLabel(t)), 8),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      hooks: {
        draw: [(u) => {
          // The line f′ = 1: a layer whose factors sit below it shrinks δ (before the weights' gain).
          const y = u.valToPos(1, 'y', true);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = theme.muted;
          ctx.setLineDash([2 * devicePixelRatio, 3 * devicePixelRatio]);
          ctx.lineWidth = devicePixelRatio;
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.restore();
        }],
      },
    };
  }

  pngTitle(): string {
    return this.steps ? `Zeros of f′(s) per layer: ${this.name}` : `|f′(s)| per layer: ${this.name}`;
  }

  protected pngLegend(): LegendEntry[] {
    const color = this.stroke;
    if (this.steps) return [{ label: 'share of f′ = 0', color }, { label: 'mean |f′|', color: '#888888', dash: true }];
    return [
      { label: '5–95 %', color: withAlpha(color, 0.25), fill: true },
      { label: '25–75 %', color: withAlpha(color, 0.45), fill: true },
      { label: 'median', color },
      { label: 'mean |f′|', color: '#888888', dash: true },
    ];
  }

  override render() {
    const run = this.run;
    const zeros = run ? run.layers.reduce((a, s) => a + s.fprimeZeroFraction, 0) / Math.max(1, run.layers.length) : 0;
    const label = run ? this.steps ? `Share of f′ = 0 and mean |f′| per layer for ${this.name}` : `Quantiles of |f′| per layer for ${this.name}` : 'no network';
    return html`
      <div class="plot" role="img" aria-label=${label}></div>
      ${run?.details
        ? html`<p class="caption muted" id="fprime-caption">
            ${this.steps
              ? html`${this.name}: f′ takes only two values here, so the chart shows per layer the share that is exactly 0 (δ is cut there) and
                  the mean |f′|; on average ${(zeros * 100).toFixed(1)} % are 0.`
              : html`${this.name}: on average ${(zeros * 100).toFixed(1)} % of f′ values are exactly 0 (drawn at ≤1e-6).`}
          </p>`
        : html`<p class="empty">No data yet.</p>`}
    `;
  }
}
