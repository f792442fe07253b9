/**
 * <ds-decay-chart>: deltaRms per layer on a log axis, one line per activation (input on the left,
 * output on the right), the mean-field prediction dashed beside each when available, and explicit
 * markers plus notes where δ underflows to 0 or turns Inf/NaN, so a gap is never silent. A multi-seed
 * result draws the median line with its 25–75 % and 10–90 % bands over seeds shaded around it.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import { classify, decayBands, decayNotes, formatValue, layerAxis, logSeries, type DecayBands } from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { activationColor, activationLabel, withAlpha } from '../app/palette';
import type { RunResult, SimResult } from '../sim/stats';
import type { CanvasTheme } from './theme';
import { UPlotChart, decadeLabel } from './uplot-chart';

/** Predicted deltaRms per layer, keyed by activation spec. */
export type TheoryCurves = Record<string, number[]>;

@customElement('ds-decay-chart')
export class DsDecayChart extends UPlotChart {
  protected override plotHeight(): number {
    return window.matchMedia('(max-width: 640px)').matches ? 260 : 380;
  }

  static override styles = [
    ...UPlotChart.styles,
    css`
      .notes { margin: 0.5rem 0 0; padding-left: 1.1rem; font-size: 0.85rem; color: var(--ds-warn-fg); }
      .notes li { margin: 0.15rem 0; }
      .seeds { margin: 0.35rem 0 0; font-size: 0.82rem; color: var(--ds-muted); }
    `,
  ];
  @property({ attribute: false }) result: SimResult | null = null;
  @property({ attribute: false }) theory: TheoryCurves | null = null;

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('result') || changed.has('theory');
  }

  /** Runs with quantile bands over seeds (multi-seed results only), in run order. */
  private bandRuns(): { run: RunResult; bands: DecayBands }[] {
    const out: { run: RunResult; bands: DecayBands }[] = [];
    for (const run of this.result?.runs ?? []) {
      const bands = decayBands(run);
      if (bands) out.push({ run, bands });
    }
    return out;
  }

  /**
   * Series order: x, then per run the simulation (the median with seeds), then per run with theory
   * its prediction, then per run with bands its 10, 25, 75 and 90 % quantiles (legend rows hidden;
   * the median's readout quotes them).
   */
  private theoryRuns(): string[] {
    if (!this.result || !this.theory) return [];
    return this.result.runs.map((r) => r.activation).filter((a) => this.theory?.[a]?.length === this.result?.config.depth);
  }

  /**
   * Decades around the simulated values. The prediction joins the range only down to float32's
   * smallest value (1e-45): below that the simulation can only show 0, and the dashed line leaves
   * the chart at the bottom instead of stretching the axis over hundreds of decades.
   */
  private yRange(): uPlot.Range.MinMax {
    let lo = Infinity;
    let hi = -Infinity;
    const take = (v: number | null | undefined, floor: number): void => {
      if (v == null || !(v > floor) || !Number.isFinite(v)) return;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    };
    for (const run of this.result?.runs ?? []) for (const s of run.layers) take(s.deltaRms, 0);
    for (const { run } of this.bandRuns()) for (const b of run.seedBands ?? []) { take(b.deltaRms.p10, 0); take(b.deltaRms.p90, 0); }
    for (const a of this.theoryRuns()) for (const v of this.theory?.[a] ?? []) take(v, 1e-45);
    if (lo > hi) return [1e-2, 1e1];
    let e0 = Math.floor(Math.log10(lo));
    let e1 = Math.ceil(Math.log10(hi));
    if (e1 - e0 < 2) { e0 -= 1; e1 += 1; }
    return [10 ** e0, 10 ** e1];
  }

  protected plotData(): uPlot.AlignedData | null {
    const r = this.result;
    if (!r) return null;
    return [
      layerAxis(r.config.depth),
      ...r.runs.map((run) => logSeries(run.layers.map((s) => s.deltaRms))),
      // Predictions below 1e-300 would only stretch the log scale: they leave the chart at the bottom.
      ...this.theoryRuns().map((a) => (this.theory?.[a] ?? []).map((v) => (v > 1e-300 && Number.isFinite(v) ? v : null))),
      ...this.bandRuns().flatMap(({ bands }) => [bands.p10, bands.p25, bands.p75, bands.p90]),
    ] as uPlot.AlignedData;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    const r = this.result;
    if (!r) return null;
    const runs = r.runs;
    const bandRuns = this.bandRuns();
    const series: uPlot.Series[] = [
      { label: 'layer', value: (_u, v) => (v == null ? '–' : String(v)) },
      ...runs.map((run): uPlot.Series => ({
        label: run.seedBands ? `${activationLabel(run.activation)} median` : activationLabel(run.activation),
        stroke: activationColor(run.activation),
        width: 2,
        spanGaps: false,
        points: { show: r.config.depth <= 60, size: 4 },
        value: (_u, _v, _si, idx) => {
          if (idx == null) return '–';
          const median = formatValue(run.layers[idx]?.deltaRms);
          const band = run.seedBands?.[idx]?.deltaRms;
          return band ? `${median} (10–90 %: ${formatValue(band.p10, 3)} – ${formatValue(band.p90, 3)})` : median;
        },
      })),
      ...this.theoryRuns().map((a): uPlot.Series => ({
        label: `${activationLabel(a)} theory`,
        stroke: activationColor(a),
        width: 1.5,
        dash: [6, 5],
        points: { show: false },
        value: (_u, v) => formatValue(v),
      })),
      ...bandRuns.flatMap(({ run }) => (['p10', 'p25', 'p75', 'p90'] as const).map((q): uPlot.Series => ({
        label: `${activationLabel(run.activation)} ${q}`,
        // The outer edges as faint lines, the inner ones only as the edge of the darker fill.
        stroke: withAlpha(activationColor(run.activation), q === 'p10' || q === 'p90' ? 0.35 : 0),
        width: 1,
        spanGaps: false,
        points: { show: false },
        value: (_u, v) => formatValue(v),
      }))),
    ];
    const first = 1 + runs.length + this.theoryRuns().length;
    const bands: uPlot.Band[] = bandRuns.flatMap(({ run }, k) => {
      const i = first + 4 * k;
      const color = activationColor(run.activation);
      return [
        { series: [i + 3, i] as [number, number], fill: withAlpha(color, 0.12) },
        { series: [i + 2, i + 1] as [number, number], fill: withAlpha(color, 0.2) },
      ];
    });
    return {
      width,
      height,
      series,
      bands,
      scales: {
        x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
        y: { distr: 3, log: 10, range: () => this.yRange() },
      },
      axes: [
        this.axis(theme, 'layer  (1 = next to the input · right = output)'),
        this.logAxis(theme, 'RMS of δ  (log scale)', decadeLabel),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      hooks: { draw: [(u) => drawSpecialMarkers(u, r)] },
    };
  }

  pngTitle(): string {
    return 'Gradient decay: RMS of δ per layer';
  }

  protected pngLegend(): LegendEntry[] {
    const runs = this.result?.runs ?? [];
    return [
      ...runs.map((run) => ({ label: activationLabel(run.activation), color: activationColor(run.activation) })),
      ...this.theoryRuns().map((a) => ({ label: `${activationLabel(a)} theory`, color: activationColor(a), dash: true })),
      ...(this.result?.seeds && this.bandRuns().length
        ? [{ label: `shaded: 25–75 % and 10–90 % of ${this.result.seeds.count} seeds`, color: withAlpha('#8a8f98', 0.45), fill: true }]
        : []),
    ];
  }

  /** Legend rows of the quantile series: their values appear in the median's readout instead. */
  protected override hiddenLegendRows(): number[] {
    const n = this.bandRuns().length * 4;
    const first = 1 + (this.result?.runs.length ?? 0) + this.theoryRuns().length;
    return Array.from({ length: n }, (_, k) => first + k);
  }

  override render() {
    const notes = this.result ? decayNotes(this.result.runs) : [];
    const seeds = this.result?.seeds;
    return html`
      <div class="plot" role="img" aria-label=${this.ariaSummary()}></div>
      ${seeds && seeds.count > 1
        ? html`<p class="seeds" id="seeds-note">Median of ${seeds.count} seeds (${seeds.first}…${seeds.first + seeds.count - 1}); shaded: the middle 50 %
            (darker) and 80 % of seeds at each layer, taken on the log scale.</p>`
        : ''}
      ${this.result ? '' : html`<p class="empty">Run a simulation to see how δ changes across the layers.</p>`}
      ${notes.length
        ? html`<ul class="notes" aria-label="Underflow and overflow">
            ${notes.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : ''}
    `;
  }

  private ariaSummary(): string {
    const r = this.result;
    if (!r) return 'Gradient decay chart (no data yet)';
    const parts = r.runs.map((run) => {
      const first = run.layers[0]?.deltaRms;
      const last = run.layers[run.layers.length - 1]?.deltaRms;
      return `${activationLabel(run.activation)}: ${formatValue(last)} at the output, ${formatValue(first)} at layer 1`;
    });
    return `Gradient decay over ${r.config.depth} layers. ${parts.join('; ')}.`;
  }
}

/** Marks every layer whose δ cannot sit on a log axis: ▼ at the bottom for 0, ▲ at the top for Inf, ✕ for NaN. */
function drawSpecialMarkers(u: uPlot, r: SimResult): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = devicePixelRatio || 1;
  const size = 5 * px;
  ctx.save();
  r.runs.forEach((run, i) => {
    if (u.series[i + 1]?.show === false) return;
    ctx.fillStyle = activationColor(run.activation);
    ctx.strokeStyle = activationColor(run.activation);
    ctx.lineWidth = 1.5 * px;
    let lastX = -Infinity;
    // Stack series a little so two activations' markers do not hide each other.
    const offset = i * size * 1.6;
    for (const s of run.layers) {
      const kind = classify(s.deltaRms);
      if (!kind) continue;
      const x = u.valToPos(s.layer, 'x', true);
      if (x < left - 1 || x > left + width + 1 || x - lastX < size * 1.2) continue;
      lastX = x;
      ctx.beginPath();
      if (kind === 'zero') {
        const y = top + height - 2 * px - offset;
        ctx.moveTo(x - size / 2, y - size);
        ctx.lineTo(x + size / 2, y - size);
        ctx.lineTo(x, y);
        ctx.fill();
      } else if (kind === 'inf') {
        const y = top + 2 * px + offset;
        ctx.moveTo(x - size / 2, y + size);
        ctx.lineTo(x + size / 2, y + size);
        ctx.lineTo(x, y);
        ctx.fill();
      } else {
        const y = top + 2 * px + offset + size / 2;
        ctx.moveTo(x - size / 2, y - size / 2);
        ctx.lineTo(x + size / 2, y + size / 2);
        ctx.moveTo(x + size / 2, y - size / 2);
        ctx.lineTo(x - size / 2, y + size / 2);
        ctx.stroke();
      }
    }
  });
  ctx.restore();
}
