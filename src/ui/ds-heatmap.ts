/**
 * <ds-heatmap>: |δ| (RMS over the batch) for every layer × unit of one activation on a log colour
 * scale, with δ's carried exponent, so a depth of thousands still spans its true decades. The cells
 * are painted once into an ImageData (one pixel per cell) and then scaled onto the visible canvas,
 * so thousands of layers redraw smoothly on resize. Hover or arrow keys read out one cell's exact
 * value; an exact 0 says why (the layer's deltaZeroCause).
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatLog10, zeroCauseLabel } from '../app/chart-data';
import { INF_COLOR, NAN_COLOR, ZERO_COLOR, colorOfLog10, log10Range, type LogRange } from '../app/colormap';
import { activationLabel } from '../app/palette';
import { unitDeltaLog10, type RunResult, type SimResult } from '../sim/stats';
import { drawColorLegend, fitCanvas, pointInPlot, rasterize, type LegendSize, type PlotRect } from './canvas-raster';
import { CanvasView } from './canvas-view';
import { baseStyles } from './theme';

/** Where the cells sit on the canvas, in device pixels (tests read it to sample a cell's colour). */
export interface HeatmapLayout extends PlotRect {
  depth: number;
  width: number;
  range: LogRange;
}

/** Largest image painted; bigger data is sampled with a stride (one pixel per screen pixel is plenty). */
const MAX_IMAGE_SIDE = 4096;

const LEGEND: LegendSize = { barW: 12, minBarH: 40, rowH: 18, gap: 6 };

interface Painted {
  image: HTMLCanvasElement;
  range: LogRange;
  hasZero: boolean;
  hasInf: boolean;
  hasNan: boolean;
}

/** Round tick values in [lo, hi] (about `count` of them). */
function niceTicks(lo: number, hi: number, count: number): number[] {
  const span = hi - lo;
  if (span <= 0) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Math.round(t));
  return out;
}

@customElement('ds-heatmap')
export class DsHeatmap extends CanvasView {
  static override styles = [
    baseStyles,
    css`
      .wrap { position: relative; width: 100%; }
      canvas { display: block; width: 100%; height: var(--heatmap-height, 300px); border-radius: 6px; }
      .readout { font-size: 0.85rem; min-height: 1.4em; margin: 0.35rem 0 0; font-variant-numeric: tabular-nums; }
      .empty { color: var(--ds-muted); padding: 3rem 1rem; text-align: center; }
      @media (max-width: 640px) { canvas { height: 230px; } }
    `,
  ];

  @property({ attribute: false }) result: SimResult | null = null;
  @property() activation: string | null = null;
  /** The network's name on screen (its activation's label when unset). */
  @property() label: string | null = null;
  @state() private cursor: { layer: number; unit: number } | null = null;

  /** Set after each draw; null before the first result. */
  layout: HeatmapLayout | null = null;
  private painted: Painted | null = null;

  get run(): RunResult | null {
    const runs = this.result?.runs ?? [];
    return runs.find((r) => r.activation === this.activation) ?? runs[0] ?? null;
  }

  protected override resizeTarget(): Element | null {
    return this.renderRoot.querySelector('.wrap');
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('result') || changed.has('activation')) {
      this.painted = this.paint();
      this.cursor = null;
      this.draw();
    } else if (changed.has('cursor')) {
      this.draw();
    }
  }

  /** One pixel per (layer, unit): x = layer (input left), y = unit (0 at the top). */
  private paint(): Painted | null {
    const run = this.run;
    const r = this.result;
    if (!r || !run?.details) return null;
    const { depth, width } = r.config;
    const details = run.details;
    const data = Float64Array.from({ length: depth * width }, (_, i) => unitDeltaLog10(details, width, Math.floor(i / width) + 1, i % width));
    const range = log10Range(data);
    const sx = Math.max(1, Math.ceil(depth / MAX_IMAGE_SIDE));
    const sy = Math.max(1, Math.ceil(width / MAX_IMAGE_SIDE));
    const w = Math.ceil(depth / sx);
    const h = Math.ceil(width / sy);
    let hasZero = false;
    let hasInf = false;
    let hasNan = false;
    const image = rasterize(w, h, (x, y) => {
      const v = data[x * sx * width + y * sy];
      if (Number.isNaN(v)) hasNan = true;
      else if (v === Infinity) hasInf = true;
      else if (v === -Infinity) hasZero = true;
      return colorOfLog10(v, range);
    });
    return { image, range, hasZero, hasInf, hasNan };
  }

  /** Scales the painted cells onto the visible canvas and draws axes and the colour legend. */
  draw(): void {
    const r = this.result;
    const p = this.painted;
    const fitted = fitCanvas(this.canvas, this);
    if (!fitted) return;
    const { ctx, theme, width: cssW, height: cssH, dpr } = fitted;
    if (!r || !p) {
      this.layout = null;
      return;
    }
    const { depth, width } = r.config;
    const narrow = cssW < 480;
    const m = { left: 52, right: narrow ? 74 : 96, top: 8, bottom: 40 };
    const plotW = Math.max(10, cssW - m.left - m.right);
    const plotH = Math.max(10, cssH - m.top - m.bottom);

    ctx.imageSmoothingEnabled = p.image.width > plotW * dpr || p.image.height > plotH * dpr;
    ctx.drawImage(p.image, m.left, m.top, plotW, plotH);
    this.layout = {
      plotX: Math.round(m.left * dpr), plotY: Math.round(m.top * dpr), plotW: Math.round(plotW * dpr),
      plotH: Math.round(plotH * dpr), depth, width, range: p.range,
    };

    // Axes: layer along x (cell centres), unit along y.
    ctx.font = theme.font;
    ctx.fillStyle = theme.muted;
    ctx.strokeStyle = theme.muted;
    ctx.lineWidth = 1;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of niceTicks(1, depth, Math.max(2, Math.floor(plotW / 70)))) {
      if (t < 1) continue;
      const x = m.left + ((t - 0.5) / depth) * plotW;
      ctx.fillRect(x - 0.5, m.top + plotH, 1, 4);
      ctx.fillText(String(t), x, m.top + plotH + 6);
    }
    ctx.font = `600 ${theme.font}`;
    ctx.fillText('layer  (1 = next to the input · right = output)', m.left + plotW / 2, m.top + plotH + 22);
    ctx.font = theme.font;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of niceTicks(0, width - 1, Math.max(2, Math.floor(plotH / 40)))) {
      const y = m.top + ((t + 0.5) / width) * plotH;
      ctx.fillRect(m.left - 4, y - 0.5, 4, 1);
      ctx.fillText(String(t), m.left - 7, y);
    }
    ctx.save();
    ctx.translate(12, m.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.font = `600 ${theme.font}`;
    ctx.fillText('unit', 0, 0);
    ctx.restore();

    this.drawLegend(ctx, p, m.left + plotW + 14, m.top, plotH, theme.muted, theme.fg);

    if (this.cursor) {
      const cw = plotW / depth;
      const ch = plotH / width;
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(m.left + (this.cursor.layer - 1) * cw - 1, m.top + this.cursor.unit * ch - 1, Math.max(2, cw) + 2, Math.max(2, ch) + 2);
    }
  }

  private drawLegend(ctx: CanvasRenderingContext2D, p: Painted, x: number, top: number, plotH: number, muted: string, fg: string): void {
    const { lo, hi, any } = p.range;
    drawColorLegend(ctx, {
      x, top, height: plotH, size: LEGEND, muted, fg,
      specials: [['0', ZERO_COLOR, p.hasZero], ['Inf', INF_COLOR, p.hasInf], ['NaN', NAN_COLOR, p.hasNan]],
      ticks: (barH) => {
        if (!any) return [];
        const span = hi - lo;
        const labels: number[] = [];
        if (span < 1) labels.push(hi, lo);
        else {
          const step = Math.max(1, Math.ceil(span / Math.max(2, Math.floor(barH / 28))));
          for (let e = Math.ceil(lo); e <= Math.floor(hi); e += step) labels.push(e);
        }
        return labels.map((e) => [span > 0 ? (hi - e) / span : 0.5, Number.isInteger(e) ? `1e${e}` : formatLog10(e, 2)]);
      },
    });
  }

  private cellAt(event: MouseEvent): { layer: number; unit: number } | null {
    const l = this.layout;
    const canvas = this.canvas;
    const at = l && canvas ? pointInPlot(event, canvas, l) : null;
    if (!l || !at) return null;
    return { layer: Math.floor(at.fx * l.depth) + 1, unit: Math.floor(at.fy * l.width) };
  }

  private onMove(event: MouseEvent): void {
    this.cursor = this.cellAt(event);
  }

  private onKey(event: KeyboardEvent): void {
    const r = this.result;
    if (!r) return;
    const c = this.cursor ?? { layer: r.config.depth, unit: 0 };
    const big = event.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-big, 0], ArrowRight: [big, 0], ArrowUp: [0, -big], ArrowDown: [0, big],
    };
    const d = moves[event.key];
    if (!d) return;
    event.preventDefault();
    this.cursor = {
      layer: Math.min(r.config.depth, Math.max(1, c.layer + d[0])),
      unit: Math.min(r.config.width - 1, Math.max(0, c.unit + d[1])),
    };
  }

  async pngBlob(caption: readonly string[] = []): Promise<Blob | null> {
    const run = this.run;
    return run ? this.canvasPng(`|δ| per layer and unit: ${this.label ?? activationLabel(run.activation)}`, 'RMS over the batch, log colour scale', caption) : null;
  }

  pngTitle(): string {
    return 'heatmap';
  }

  override render() {
    const run = this.run;
    const c = this.cursor;
    const value = c && run?.details && this.result ? unitDeltaLog10(run.details, this.result.config.width, c.layer, c.unit) : null;
    const cause = c && value === -Infinity ? zeroCauseLabel(run?.layers[c.layer - 1]?.deltaZeroCause) : '';
    return html`
      <div class="wrap">
        <canvas
          tabindex=${run ? 0 : -1}
          role="img"
          aria-label=${run ? `Heatmap of |δ| over ${this.result?.config.depth} layers and ${this.result?.config.width} units for ${activationLabel(run.activation)}; use the arrow keys to read single cells` : 'Heatmap (no data yet)'}
          @mousemove=${this.onMove}
          @mouseleave=${() => { this.cursor = null; }}
          @keydown=${this.onKey}
        ></canvas>
      </div>
      ${run
        ? html`<p class="readout" aria-live="polite">
            ${c && value !== null
              ? html`layer <b>${c.layer}</b> · unit <b>${c.unit}</b> · |δ| = <b>${formatLog10(value)}</b>${cause ? ` (${cause})` : ''}`
              : html`<span class="muted">Hover a cell (or focus the map and use the arrow keys) for its value.</span>`}
          </p>`
        : html`<p class="empty">No data yet.</p>`}
    `;
  }
}
