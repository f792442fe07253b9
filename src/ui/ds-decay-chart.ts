/**
 * <ds-decay-chart>: the RMS of δ per layer, one line per network on screen (the last run's
 * activations and every pinned run; input on the left, output on the right), plotted as deltaLog10
 * so that thousands of decades stay on the chart. The mean-field prediction is dashed beside each
 * when available. Layers where a plain float32 network would have lost δ (belowFloat32) are shaded
 * and labelled, exact zeros and Inf/NaN are marked, and the notes below say why, so nothing is a
 * silent gap. A multi-seed run draws the median line with its 25–75 % and 10–90 % bands over seeds
 * shaded around it.
 */
import { css, html, unsafeCSS } from 'lit';
import { customElement } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { classifyLog10, decayBands, decayNotes, float32Bands, formatLog10, padLayers, predictionLine, type DecayBands } from '../app/chart-data';
import type { LegendEntry } from '../app/export';
import { withAlpha } from '../app/palette';
import { maxDepth, seedCount, type ShownRun } from '../app/shown-runs';
import { cssColorRgb } from './canvas-raster';
import { LayerLogChart } from './layer-log-chart';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

/** The shading of the float32 band. */
const FLOAT32_FILL = 'rgba(128, 128, 128, 0.16)';
const FLOAT32_LABEL = 'float32 would hold δ = 0 here';
const QUANTILES = ['p10', 'p25', 'p75', 'p90'] as const;

@customElement('ds-decay-chart')
export class DsDecayChart extends LayerLogChart {
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

  protected values({ run }: ShownRun): number[] {
    return run.layers.map((s) => s.deltaLog10);
  }

  protected predicted({ theory, result }: ShownRun): readonly number[] | null {
    return predictionLine(theory?.deltaLog10, result.config.depth);
  }

  protected yLabel(): string {
    return 'RMS of δ  (log scale)';
  }

  /** Runs with quantile bands over seeds (multi-seed results only), in run order. */
  private bandRuns(): { run: ShownRun; bands: DecayBands }[] {
    return this.runs.flatMap((run) => {
      const bands = decayBands(run.run);
      return bands ? [{ run, bands }] : [];
    });
  }

  protected override rangeValues(): number[] {
    return this.bandRuns().flatMap(({ run }) => (run.run.seedBands ?? []).flatMap((b) => [b.deltaLog10.p10, b.deltaLog10.p90]));
  }

  /** A multi-seed network's line is its median, and its readout quotes the 10–90 % band. */
  protected override lineSeries({ run, label }: ShownRun): Partial<uPlot.Series> {
    return {
      label: run.seedBands ? `${label} median` : label,
      value: (_u, _v, _si, idx) => {
        if (idx == null || idx >= run.layers.length) return '–';
        const median = formatLog10(run.layers[idx]?.deltaLog10);
        const band = run.seedBands?.[idx]?.deltaLog10;
        return band ? `${median} (10–90 %: ${formatLog10(band.p10, 3)} – ${formatLog10(band.p90, 3)})` : median;
      },
    };
  }

  /** Series order: the base's (x, lines, predictions), then per run with bands its 10, 25, 75 and 90 % quantiles. */
  protected override plotData(): uPlot.AlignedData | null {
    const data = super.plotData();
    if (!data) return null;
    const depth = maxDepth(this.runs);
    return [...data, ...this.bandRuns().flatMap(({ bands }) => QUANTILES.map((q) => padLayers(bands[q], depth)))] as uPlot.AlignedData;
  }

  protected override plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    const options = super.plotOptions(width, height, theme);
    if (!options) return null;
    const runs = this.runs;
    const bandRuns = this.bandRuns();
    const first = options.series.length;
    const series: uPlot.Series[] = bandRuns.flatMap(({ run }) => QUANTILES.map((q): uPlot.Series => ({
      label: `${run.label} ${q}`,
      // The outer edges as faint lines, the inner ones only as the edge of the darker fill.
      stroke: withAlpha(run.color, q === 'p10' || q === 'p90' ? 0.35 : 0),
      width: 1,
      spanGaps: false,
      points: { show: false },
      value: (_u, v) => formatLog10(v),
    })));
    const bands: uPlot.Band[] = bandRuns.flatMap(({ run }, k) => {
      const i = first + 4 * k;
      return [
        { series: [i + 3, i] as [number, number], fill: withAlpha(run.color, 0.12) },
        { series: [i + 2, i + 1] as [number, number], fill: withAlpha(run.color, 0.2) },
      ];
    });
    return {
      ...options,
      series: [...options.series, ...series],
      bands,
      hooks: { drawClear: [(u) => drawFloat32Bands(u, runs, theme)], draw: [(u) => drawSpecialMarkers(u, runs)] },
    };
  }

  pngTitle(): string {
    return 'Gradient decay: RMS of δ per layer';
  }

  protected override pngLegend(): LegendEntry[] {
    return [
      ...super.pngLegend(),
      ...(this.bandRuns().length ? [{ label: 'shaded: 25–75 % and 10–90 % of the seeds', color: withAlpha('#8a8f98', 0.45), fill: true }] : []),
      ...(this.runs.some(({ run }) => float32Bands(run).length) ? [{ label: `grey: ${FLOAT32_LABEL}`, color: FLOAT32_FILL, fill: true }] : []),
    ];
  }

  /** Legend rows of the quantile series: their values appear in the median's readout instead. */
  protected override hiddenLegendRows(): number[] {
    const first = 1 + this.runs.length + this.theoryRuns().length;
    return Array.from({ length: this.bandRuns().length * 4 }, (_, k) => first + k);
  }

  override render() {
    const notes = decayNotes(this.runs);
    const seeded = this.runs.filter((r) => seedCount(r.result) > 1);
    const float32 = this.runs.some(({ run }) => float32Bands(run).length);
    const seedsOf = (r: ShownRun): string => {
      const s = r.result.seeds;
      return s ? `${s.count} seeds (${s.first}…${s.first + s.count - 1})` : '';
    };
    const oneSet = seeded.length === this.runs.length && new Set(seeded.map((r) => r.entryKey)).size === 1;
    return html`
      <div class="plot" role="img" aria-label=${this.ariaSummary()}></div>
      ${seeded.length
        ? html`<p class="seeds" id="seeds-note">${oneSet ? `Median of ${seedsOf(seeded[0])}` : `Medians over seeds: ${seeded.map((r) => `${r.label}, ${seedsOf(r)}`).join('; ')}`};
            shaded: the middle 50 % (darker) and 80 % of seeds at each layer, taken on the log scale.</p>`
        : ''}
      ${float32
        ? html`<p class="band" id="float32-note"><span class="swatch"></span>Grey: the layers where δ is below float32's smallest normal number
            (2⁻¹²⁶ ≈ 1.2e−38), so a plain float32 network would hold exactly 0 there. deltascope carries δ's exponent, so the line goes on.</p>`
        : ''}
      ${this.runs.length ? '' : html`<p class="empty">Run a simulation to see how δ changes across the layers.</p>`}
      ${notes.length
        ? html`<ul class="notes" aria-label="Zeros, float32, overflow and where the theory line does not apply">
            ${notes.map((n) => html`<li>${n}</li>`)}
          </ul>`
        : ''}
    `;
  }

  private ariaSummary(): string {
    if (!this.runs.length) return 'Gradient decay chart (no data yet)';
    const parts = this.runs.map(({ run, label }) => {
      const first = run.layers[0]?.deltaLog10;
      const last = run.layers[run.layers.length - 1]?.deltaLog10;
      return `${label}: ${formatLog10(last)} at the output (layer ${run.layers.length}), ${formatLog10(first)} at layer 1`;
    });
    return `Gradient decay. ${parts.join('; ')}.`;
  }
}

/** Shades the layers of every visible run's float32 band behind the lines, labelled where there is room. */
function drawFloat32Bands(u: uPlot, runs: readonly ShownRun[], theme: CanvasTheme): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = devicePixelRatio || 1;
  ctx.save();
  ctx.fillStyle = FLOAT32_FILL;
  const drawn: [number, number][] = [];
  runs.forEach(({ run }, i) => {
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
  const textW = ctx.measureText(FLOAT32_LABEL).width;
  if (widest && widest[1] - widest[0] > textW + 12 * px) {
    // On a plate of the background, so lines passing under it do not hide it.
    const cx = (widest[0] + widest[1]) / 2;
    const y = top + height - 22 * px;
    ctx.fillStyle = `rgba(${cssColorRgb(theme.surface).join(', ')}, 0.85)`;
    ctx.fillRect(cx - textW / 2 - 4 * px, y - 2 * px, textW + 8 * px, 16 * px);
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(FLOAT32_LABEL, cx, y);
  }
  ctx.restore();
}

/** Marks every layer whose δ has no finite logarithm: ▼ at the bottom for 0, ▲ at the top for Inf, ✕ for NaN. */
function drawSpecialMarkers(u: uPlot, runs: readonly ShownRun[]): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const px = devicePixelRatio || 1;
  const size = 5 * px;
  ctx.save();
  runs.forEach(({ run, color }, i) => {
    if (u.series[i + 1]?.show === false) return;
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
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
