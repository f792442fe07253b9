/**
 * <ds-layer-step-heatmap>: one statistic of one network over layers (y, the input layer at the
 * bottom, the head at the top) and checkpoints (x, training step), on a canvas with a colour
 * legend. Cells are painted one pixel each into an offscreen image and scaled up without
 * smoothing. Hover, or focus and use the arrow keys, to read one cell's exact value.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatFraction, formatValue } from '../../app/chart-data';
import { INF_COLOR, NAN_COLOR, ZERO_COLOR, type LogRange } from '../../app/colormap';
import { activationLabel } from '../../app/palette';
import { METRICS, cellColor, heatmapMatrix, type HeatmapMatrix, type HeatmapMetric } from '../../app/train/heatmap-data';
import type { Checkpoint } from '../../sim/train/trainer';
import { drawColorLegend, fitCanvas, pointInPlot, rasterize, type LegendSize, type PlotRect } from '../canvas-raster';
import { CanvasView } from '../canvas-view';
import { baseStyles, networkTitleStyles } from '../theme';

/** Where the cells sit on the canvas, in device pixels (tests sample a cell's colour with it). */
export interface LayerStepLayout extends PlotRect {
  /** Checkpoint columns and layer rows drawn (layer 1 is the bottom row). */
  columns: number;
  layers: number;
  /** Checkpoints per column (1 unless there are more checkpoints than MAX_COLUMNS). */
  stride: number;
  range: LogRange;
}

const MAX_COLUMNS = 1024;

const LEGEND: LegendSize = { barW: 11, minBarH: 30, rowH: 16, gap: 4 };

function niceStep(span: number, count: number): number {
  const raw = Math.max(1e-9, span / Math.max(1, count));
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
}

@customElement('ds-layer-step-heatmap')
export class DsLayerStepHeatmap extends CanvasView {
  static override styles = [
    baseStyles,
    networkTitleStyles,
    css`
      canvas { display: block; width: 100%; height: var(--heatmap-height, 240px); border-radius: 6px; }
      .readout { font-size: 0.82rem; min-height: 1.4em; margin: 0.3rem 0 0; font-variant-numeric: tabular-nums; }
      @media (max-width: 640px) { canvas { height: 200px; } }
    `,
  ];

  @property({ attribute: false }) checkpoints: readonly Checkpoint[] = [];
  @property() metric: HeatmapMetric = 'deltaRms';
  /** Log colour range shared with the other networks (RMS metrics). */
  @property({ attribute: false }) range: LogRange = { lo: 0, hi: 1, any: false };
  @property() activation = '';
  @property() color = '#888';
  /** The network's name on screen (its activation's label when unset). */
  @property() label: string | null = null;
  /** The run's length and checkpoint interval: the x axis spans the whole run while it fills in. */
  @property({ type: Number }) totalSteps = 0;
  @property({ type: Number }) every = 1;
  @state() private cursor: { col: number; layer: number } | null = null;

  layout: LayerStepLayout | null = null;
  private matrix: HeatmapMatrix | null = null;
  private image: HTMLCanvasElement | null = null;
  private stride = 1;
  /** The x axis: every checkpoint step the run will reach. */
  private axisSteps: number[] = [];
  private specials = { zero: false, inf: false, nan: false };

  protected override updated(changed: PropertyValues): void {
    if (changed.has('checkpoints') || changed.has('metric') || changed.has('range') || changed.has('totalSteps') || changed.has('every')) {
      this.paint();
      this.draw();
    } else if (changed.has('cursor')) {
      this.draw();
    }
  }

  /** Every checkpoint step of the whole run: 0, k, 2k, …, and the last step. */
  private plannedSteps(): number[] {
    const every = Math.max(1, this.every);
    const out: number[] = [];
    for (let t = 0; t <= this.totalSteps; t += every) out.push(t);
    if (out[out.length - 1] !== this.totalSteps) out.push(this.totalSteps);
    return out;
  }

  /** One pixel per (column, layer); column = checkpoint (every `stride`-th when there are many); unreached columns stay clear. */
  private paint(): void {
    const m = (this.matrix = this.checkpoints.length ? heatmapMatrix(this.checkpoints, this.metric) : null);
    this.specials = { zero: false, inf: false, nan: false };
    if (!m || m.layers === 0) {
      this.image = null;
      return;
    }
    const planned = this.plannedSteps();
    this.axisSteps = planned.length >= m.steps.length ? planned : m.steps;
    const total = this.axisSteps.length;
    const filled = m.steps.length;
    this.stride = Math.max(1, Math.ceil(total / MAX_COLUMNS));
    const cols = Math.ceil(total / this.stride);
    const log = METRICS[this.metric].log;
    this.image = rasterize(cols, m.layers, (col, row) => {
      const src = col * this.stride;
      if (src >= filled) return null;
      // Layer 1 (the input layer) in the bottom row.
      const v = m.values[src * m.layers + (m.layers - 1 - row)];
      if (Number.isNaN(v)) this.specials.nan = true;
      else if (!Number.isFinite(v)) this.specials.inf = true;
      else if (log && !(v > 0)) this.specials.zero = true;
      return cellColor(v, this.metric, this.range);
    }, this.image ?? undefined);
  }

  draw(): void {
    const fitted = fitCanvas(this.canvas, this);
    if (!fitted) return;
    const { ctx, theme, width: cssW, height: cssH, dpr } = fitted;
    const m = this.matrix;
    const image = this.image;
    if (!m || !image) {
      this.layout = null;
      return;
    }
    const narrow = cssW < 420;
    const mg = { left: 40, right: narrow ? 62 : 78, top: 6, bottom: 38 };
    const plotW = Math.max(10, cssW - mg.left - mg.right);
    const plotH = Math.max(10, cssH - mg.top - mg.bottom);
    const cols = image.width;
    ctx.fillStyle = theme.grid;
    ctx.fillRect(mg.left, mg.top, plotW, plotH);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, mg.left, mg.top, plotW, plotH);
    this.layout = {
      plotX: Math.round(mg.left * dpr), plotY: Math.round(mg.top * dpr), plotW: Math.round(plotW * dpr), plotH: Math.round(plotH * dpr),
      columns: cols, layers: m.layers, stride: this.stride, range: this.range,
    };

    ctx.font = theme.font;
    ctx.fillStyle = theme.muted;
    // x: training step at column centres.
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    // Round step values that fall on a checkpoint column (multiples of k), about one per 70 px.
    const steps = this.axisSteps;
    const colOfStep = (i: number): number => mg.left + ((Math.floor(i / this.stride) + 0.5) / cols) * plotW;
    const every = Math.max(1, steps[1] ?? 1);
    const lastStep = steps[steps.length - 1] ?? 0;
    const nice = niceStep(lastStep, Math.max(2, Math.floor(plotW / 70)));
    const tickStep = Math.max(every, Math.ceil(nice / every) * every);
    let lastX = -Infinity;
    for (let t = 0; t <= lastStep; t += tickStep) {
      const i = steps.indexOf(t);
      if (i < 0) continue;
      const x = colOfStep(i);
      if (x - lastX < 40) continue;
      lastX = x;
      ctx.fillRect(x - 0.5, mg.top + plotH, 1, 4);
      ctx.fillText(String(t), x, mg.top + plotH + 6);
    }
    ctx.font = `600 ${theme.font}`;
    ctx.fillText('training step', mg.left + plotW / 2, mg.top + plotH + 22);
    // y: layers, 1 at the bottom.
    ctx.font = theme.font;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const rowH = plotH / m.layers;
    const layerTicks = new Set<number>([1, m.layers]);
    const step = niceStep(m.layers, Math.max(2, Math.floor(plotH / 34)));
    for (let t = step; t < m.layers; t += step) if (m.layers - t > step / 2) layerTicks.add(t);
    for (const t of layerTicks) {
      const y = mg.top + (m.layers - t + 0.5) * rowH;
      ctx.fillRect(mg.left - 4, y - 0.5, 4, 1);
      ctx.fillText(String(t), mg.left - 6, y);
    }
    ctx.save();
    ctx.translate(11, mg.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.font = `600 ${theme.font}`;
    ctx.fillText(`layer (${m.layers} = head)`, 0, 0);
    ctx.restore();

    this.drawLegend(ctx, mg.left + plotW + 12, mg.top, plotH, theme.muted, theme.fg);

    if (this.cursor) {
      const cw = plotW / cols;
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 1.5;
      ctx.strokeRect(mg.left + this.cursor.col * cw - 1, mg.top + (m.layers - this.cursor.layer) * rowH - 1, Math.max(2, cw) + 2, Math.max(2, rowH) + 2);
    }
  }

  private drawLegend(ctx: CanvasRenderingContext2D, x: number, top: number, plotH: number, muted: string, fg: string): void {
    const log = METRICS[this.metric].log;
    const { lo, hi, any } = this.range;
    drawColorLegend(ctx, {
      x, top, height: plotH, size: LEGEND, muted, fg,
      specials: [['0', ZERO_COLOR, this.specials.zero], ['Inf', INF_COLOR, this.specials.inf], ['NaN', NAN_COLOR, this.specials.nan]],
      ticks: (barH) => {
        if (!log) return [[0, '100 %'], [0.5, '50 %'], [1, '0 %']];
        if (!any) return [];
        const span = hi - lo;
        if (span < 1) return [[0, formatValue(10 ** hi, 2)], [1, formatValue(10 ** lo, 2)]];
        const out: [number, string][] = [];
        const every = Math.max(1, Math.ceil(span / Math.max(2, Math.floor(barH / 26))));
        for (let e = Math.ceil(lo); e <= Math.floor(hi); e += every) out.push([1 - (e - lo) / span, `1e${e}`]);
        return out;
      },
    });
  }

  private cellAt(event: MouseEvent): { col: number; layer: number } | null {
    const l = this.layout;
    const canvas = this.canvas;
    const at = l && canvas ? pointInPlot(event, canvas, l) : null;
    if (!l || !at) return null;
    return { col: Math.floor(at.fx * l.columns), layer: l.layers - Math.floor(at.fy * l.layers) };
  }

  private onKey(event: KeyboardEvent): void {
    const l = this.layout;
    if (!l) return;
    const reached = Math.max(0, Math.floor(((this.matrix?.steps.length ?? 1) - 1) / this.stride));
    const c = this.cursor ?? { col: reached, layer: l.layers };
    const big = event.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-big, 0], ArrowRight: [big, 0], ArrowUp: [0, big], ArrowDown: [0, -big], Home: [-l.columns, 0], End: [l.columns, 0],
    };
    const d = moves[event.key];
    if (!d) return;
    event.preventDefault();
    this.cursor = {
      col: Math.min(l.columns - 1, Math.max(0, c.col + d[0])),
      layer: Math.min(l.layers, Math.max(1, c.layer + d[1])),
    };
  }

  private readout() {
    const m = this.matrix;
    const c = this.cursor;
    if (!m || !c) return html`<span class="muted">Hover a cell (or focus the map and use the arrow keys) for its value.</span>`;
    const i = c.col * this.stride;
    if (i >= m.steps.length) return html`step <b>${this.axisSteps[i] ?? ''}</b>: not reached yet`;
    const v = m.values[i * m.layers + (c.layer - 1)];
    const kind = c.layer === 1 ? ' (input layer)' : c.layer === m.layers ? ' (head)' : '';
    const value = METRICS[this.metric].log ? formatValue(v) : formatFraction(v);
    return html`step <b>${m.steps[i]}</b> · layer <b>${c.layer}</b>${kind} · ${METRICS[this.metric].label} = <b>${value}</b>`;
  }

  async pngBlob(caption: readonly string[] = []): Promise<Blob | null> {
    if (!this.matrix) return null;
    const m = METRICS[this.metric];
    return this.canvasPng(`${m.label} per layer and step: ${this.label ?? activationLabel(this.activation)}`, m.log ? 'log colour scale' : 'share of the layer’s units', caption);
  }

  override render() {
    const name = this.label ?? activationLabel(this.activation);
    const has = this.checkpoints.length > 0;
    return html`
      <h3><span class="dot" style=${`--dot: ${this.color}`} aria-hidden="true"></span>${name}</h3>
      <canvas
        tabindex=${has ? 0 : -1}
        role="img"
        aria-label=${has
          ? `${METRICS[this.metric].label} of ${name} over ${this.matrix?.layers ?? 0} layers and ${this.checkpoints.length} checkpoints; use the arrow keys to read single cells`
          : `${METRICS[this.metric].label} heatmap of ${name} (no data yet)`}
        @mousemove=${(e: MouseEvent) => { this.cursor = this.cellAt(e); }}
        @mouseleave=${() => { this.cursor = null; }}
        @keydown=${this.onKey}
      ></canvas>
      <p class="readout" aria-live="polite">${this.readout()}</p>
    `;
  }
}
