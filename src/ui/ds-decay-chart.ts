/**
 * <ds-decay-chart>: the RMS of δ per layer, one line per activation (input on the left, output on
 * the right), plotted as deltaLog10 so that thousands of decades stay on the chart. The mean-field
 * prediction is dashed beside each (theoryDeltaLog10) when available. Layers where a plain float32
 * network would have lost δ (belowFloat32) are shaded and labelled, exact zeros and Inf/NaN are
 * marked, and the notes below say why, so nothing is a silent gap. A multi-seed result draws the
 * median line with its 25–75 % and 10–90 % bands over seeds shaded around it.
 */
import { css, html, unsafeCSS, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import {
  classifyLog10, decadeTickLabel, decadeTicks, decayBands, decayNotes, float32Bands, formatLog10, layerAxis, log10Series, type DecayBands,
} from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { activationColor, activationLabel, withAlpha } from '../app/palette';
import type { RunResult, SimResult } from '../sim/stats';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

/** Predicted deltaLog10 per layer, keyed by activation spec. */
export type TheoryCurves = Record<string, number[]>;

/** The shading of the float32 band. */
const FLOAT32_FILL = 'rgba(128, 128, 128, 0.16)';
const FLOAT32_LABEL = 'float32 would hold δ = 0 here';

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
      .seeds, .band { margin: 0.35rem 0 0; font-size: 0.82rem; color: var(--ds-muted); }
      .swatch { display: inline-block; width: 1.6em; height: 0.8em; vertical-align: -0.05em; margin-right: 0.35em; background: ${unsafeCSS(FLOAT32_FILL)}; }
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

  /** Whole decades around every finite value drawn. */
  private yRange(): uPlot.Range.MinMax {
    let lo = Infinity;
    let hi = -Infinity;
    const take = (v: number | null | undefined): void => {
      if (v == null || !Number.isFinite(v)) return;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    };
    for (const run of this.result?.runs ?? []) for (const s of run.layers) take(s.deltaLog10);
    for (const { run } of this.bandRuns()) for (const b of run.seedBands ?? []) { take(b.deltaLog10.p10); take(b.deltaLog10.p90); }
    for (const a of this.theoryRuns()) for (const v of this.theory?.[a] ?? []) take(v);
    if (lo > hi) return [-2, 1];
    let e0 = Math.floor(lo);
    let e1 = Math.ceil(hi);
    if (e1 - e0 < 2) { e0 -= 1; e1 += 1; }
    return [e0, e1];
  }

  protected plotData(): uPlot.AlignedData | null {
    const r = this.result;
    if (!r) return null;
    return [
      layerAxis(r.config.depth),
      ...r.runs.map((run) => log10Series(run.layers.map((s) => s.deltaLog10))),
      ...this.theoryRuns().map((a) => log10Series(this.theory?.[a] ?? [])),
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
          const median = formatLog10(run.layers[idx]?.deltaLog10);
          const band = run.seedBands?.[idx]?.deltaLog10;
          return band ? `${median} (10–90 %: ${formatLog10(band.p10, 3)} – ${formatLog10(band.p90, 3)})` : median;
        },
      })),
      ...this.theoryRuns().map((a): uPlot.Series => ({
        label: `${activationLabel(a)} theory`,
        stroke: activationColor(a),
        width: 1.5,
        dash: [6, 5],
        points: { show: false },
        value: (_u, v) => formatLog10(v),
      })),
      ...bandRuns.flatMap(({ run }) => (['p10', 'p25', 'p75', 'p90'] as const).map((q): uPlot.Series => ({
        label: `${activationLabel(run.activation)} ${q}`,
        // The outer edges as faint lines, the inner ones only as the edge of the darker fill.
        stroke: withAlpha(activationColor(run.activation), q === 'p10' || q === 'p90' ? 0.35 : 0),
        width: 1,
        spanGaps: false,
        points: { show: false },
        value: (_u, v) => formatLog10(v),
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
        y: { range: () => this.yRange() },
      },
      axes: [
        this.axis(theme, 'layer  (1 = next to the input · right = output)'),
        this.axis(theme, 'RMS of δ  (log scale)', {
          size: 66,
          splits: (_u, _i, min, max) => decadeTicks(min, max),
          values: (_u, ticks) => ticks.map((t) => (t == null ? '' : decadeTickLabel(t))),
        }),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      hooks: { drawClear: [(u) => drawFloat32Bands(u, r, theme)], draw: [(u) => drawSpecialMarkers(u, r)] },
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
      ...(runs.some((run) => float32Bands(run).length) ? [{ label: `grey: ${FLOAT32_LABEL}`, color: FLOAT32_FILL, fill: true }] : []),
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
    const float32 = (this.result?.runs ?? []).some((run) => float32Bands(run).length);
    return html`
      <div class="plot" role="img" aria-label=${this.ariaSummary()}></div>
      ${seeds && seeds.count > 1
        ? html`<p class="seeds" id="seeds-note">Median of ${seeds.count} seeds (${seeds.first}…${seeds.first + seeds.count - 1}); shaded: the middle 50 %
            (darker) and 80 % of seeds at each layer, taken on the log scale.</p>`
        : ''}
      ${float32
        ? html`<p class="band" id="float32-note"><span class="swatch"></span>Grey: the layers where δ is below float32's smallest normal number
            (2⁻¹²⁶ ≈ 1.2e−38), so a plain float32 network would hold exactly 0 there. deltascope carries δ's exponent, so the line goes on.</p>`
        : ''}
      ${this.result ? '' : html`<p class="empty">Run a simulation to see how δ changes across the layers.</p>`}
      ${notes.length
        ? html`<ul class="notes" aria-label="Zeros, float32 and overflow">
            ${notes.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : ''}
    `;
  }

  private ariaSummary(): string {
    const r = this.result;
    if (!r) return 'Gradient decay chart (no data yet)';
    const parts = r.runs.map((run) => {
      const first = run.layers[0]?.deltaLog10;
      const last = run.layers[run.layers.length - 1]?.deltaLog10;
      return `${activationLabel(run.activation)}: ${formatLog10(last)} at the output, ${formatLog10(first)} at layer 1`;
    });
    return `Gradient decay over ${r.config.depth} layers. ${parts.join('; ')}.`;
  }
}

/** Shades the layers of every visible run's float32 band behind the lines, labelled where there is room. */
function drawFloat32Bands(u: uPlot, r: SimResult, theme: CanvasTheme): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = devicePixelRatio || 1;
  ctx.save();
  ctx.fillStyle = FLOAT32_FILL;
  const drawn: [number, number][] = [];
  r.runs.forEach((run, i) => {
    if (u.series[i + 1]?.show === false) return;
    for (const [lo, hi] of float32Bands(run)) {
      const x0 = Math.max(left, u.valToPos(lo - 0.5, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(hi + 0.5, 'x', true));
      if (x1 <= x0 || drawn.some(([a, b]) => a === x0 && b === x1)) continue;
      drawn.push([x0, x1]);
      ctx.fillRect(x0, top, x1 - x0, height);
    }
  });
  const widest = drawn.sort((a, b) => (b[1] - b[0]) - (a[1] - a[0]))[0];
  ctx.font = theme.font.replace(/(\d+(\.\d+)?)px/, (_m, n) => `${Number(n) * px}px`);
  if (widest && widest[1] - widest[0] > ctx.measureText(FLOAT32_LABEL).width + 12 * px) {
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(FLOAT32_LABEL, (widest[0] + widest[1]) / 2, top + 6 * px);
  }
  ctx.restore();
}

/** Marks every layer whose δ has no finite logarithm: ▼ at the bottom for 0, ▲ at the top for Inf, ✕ for NaN. */
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
      const kind = classifyLog10(s.deltaLog10);
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
