/**
 * <ds-decision-boundary>: for the 2-D tasks, as TensorFlow Playground shows it: the background is
 * the network's prediction over the input square (class colours mixed by the softmax
 * probabilities, pale where it is unsure; for regression orange below 0 and blue above), with the
 * training points filled and the test points as rings on top.
 */
import { css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatFraction, formatValue } from '../../app/chart-data';
import { classColor, classHex, probabilityColor, regressionColor } from '../../app/train/boundary-colors';
import type { TrainRun } from '../../app/train/train-controller';
import { activationLabel } from '../../app/palette';
import { generateTask, type TaskData } from '../../sim/train/tasks';
import type { TrainConfig } from '../../sim/train/train-config';
import type { Rgb } from '../../app/colormap';
import { cssColorRgb, fitCanvas, rasterize, rgbCss as rgb } from '../canvas-raster';
import { CanvasView } from '../canvas-view';
import { baseStyles, canvasTheme, networkTitleStyles } from '../theme';

export interface BoundaryLayout {
  plotX: number;
  plotY: number;
  plotW: number;
  plotH: number;
  bounds: [number, number, number, number];
  resolution: number;
}

/** Tasks are a pure function of these fields; the points are generated once per key. */
function taskKey(c: TrainConfig): string {
  return `${c.task}|${c.classes}|${c.noise}|${c.seed}|${c.trainSize}|${c.testSize}`;
}

@customElement('ds-decision-boundary')
export class DsDecisionBoundary extends CanvasView {
  static override styles = [
    baseStyles,
    networkTitleStyles,
    css`
      h3 { align-items: baseline; }
      h3 .dot { align-self: center; }
      h3 .acc { font-weight: 400; color: var(--ds-muted); font-size: 0.82rem; font-variant-numeric: tabular-nums; }
      canvas { display: block; width: 100%; max-width: 420px; aspect-ratio: 1 / 1; margin: 0 auto; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; font-size: 0.8rem; color: var(--ds-muted); margin-top: 0.35rem; justify-content: center; }
      .sw { display: inline-block; width: 0.7rem; height: 0.7rem; border-radius: 50%; vertical-align: -0.05rem; margin-right: 0.25rem; }
      .ring { background: transparent !important; border: 2px solid var(--ds-fg); }
    `,
  ];

  @property({ attribute: false }) run: TrainRun | null = null;
  @property() color = '#888';
  /** The network's name on screen (its activation's label when unset). */
  @property() label: string | null = null;

  layout: BoundaryLayout | null = null;
  /** How many times the prediction background has been painted (tests wait on it). */
  paints = 0;
  private task: TaskData | null = null;
  private key = '';
  private background: HTMLCanvasElement | null = null;

  /** The prediction background is painted in the scheme's colours. */
  protected override schemeChanged(): void {
    this.paint();
    this.draw();
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('run')) return;
    const config = this.run?.config;
    if (config && taskKey(config) !== this.key) {
      this.key = taskKey(config);
      this.task = generateTask(config);
    }
    this.paint();
    this.draw();
  }

  /** Regression colour scale: the largest |target|. */
  private targetScale(): number {
    let s = 0;
    for (const v of this.task?.train.y ?? []) s = Math.max(s, Math.abs(v));
    return s || 1;
  }

  /** The prediction grid as an image, one pixel per grid cell (row 0 at the top = largest x₂). */
  private paint(): void {
    const g = this.run?.grid;
    if (!g) {
      this.background = null;
      return;
    }
    const res = g.resolution;
    const bg = cssColorRgb(canvasTheme(this).surface);
    const scale = this.targetScale();
    this.background = rasterize(res, res, (x, y) => {
      const i = y * res + x;
      return g.classification
        ? probabilityColor(g.values.subarray(i * g.outputs, (i + 1) * g.outputs), bg)
        : regressionColor(g.values[i * g.outputs], scale, bg);
    }, this.background ?? undefined);
    this.paints++;
  }

  draw(): void {
    const fitted = fitCanvas(this.canvas, this);
    if (!fitted) return;
    const { ctx, theme, width: cssW, height: cssH, dpr } = fitted;
    const task = this.task;
    const grid = this.run?.grid;
    if (!task) {
      this.layout = null;
      return;
    }
    const mg = { left: 30, right: 8, top: 6, bottom: 30 };
    const side = Math.max(10, Math.min(cssW - mg.left - mg.right, cssH - mg.top - mg.bottom));
    const [x0, x1, y0, y1] = grid?.bounds ?? task.bounds;
    if (this.background) {
      // Smoothing blends neighbouring grid cells, as the Playground's upsampled canvas does.
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.background, mg.left, mg.top, side, side);
    } else {
      ctx.fillStyle = theme.surface;
      ctx.fillRect(mg.left, mg.top, side, side);
    }
    ctx.strokeStyle = theme.grid;
    ctx.strokeRect(mg.left - 0.5, mg.top - 0.5, side + 1, side + 1);
    this.layout = {
      plotX: Math.round(mg.left * dpr), plotY: Math.round(mg.top * dpr), plotW: Math.round(side * dpr), plotH: Math.round(side * dpr),
      bounds: [x0, x1, y0, y1], resolution: grid?.resolution ?? 0,
    };
    const px = (x: number): number => mg.left + ((x - x0) / (x1 - x0)) * side;
    const py = (y: number): number => mg.top + ((y1 - y) / (y1 - y0)) * side;

    // Axes: x₁ across, x₂ up, ticks at −1, 0, 1.
    ctx.font = theme.font;
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of [-1, 0, 1]) {
      ctx.fillRect(px(t) - 0.5, mg.top + side, 1, 4);
      ctx.fillText(String(t), px(t), mg.top + side + 5);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of [-1, 0, 1]) {
      ctx.fillRect(mg.left - 4, py(t) - 0.5, 4, 1);
      ctx.fillText(String(t), mg.left - 6, py(t));
    }
    ctx.font = `600 ${theme.font}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText('x₁', mg.left + side / 2, mg.top + side + 15);
    ctx.save();
    ctx.translate(8, mg.top + side / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText('x₂', 0, 0);
    ctx.restore();

    // Points: training filled with a light outline, test as rings.
    ctx.save();
    ctx.beginPath();
    ctx.rect(mg.left, mg.top, side, side);
    ctx.clip();
    const r = Math.max(2, Math.min(3.5, side / 110));
    const outline = cssColorRgb(theme.surface);
    const scale = this.targetScale();
    const colorOfPoint = (y: Float32Array, i: number): Rgb => {
      if (!task.classification) return regressionColor(y[i], scale, [255, 255, 255]);
      let best = 0;
      for (let k = 1; k < task.outputs; k++) if (y[i * task.outputs + k] > y[i * task.outputs + best]) best = k;
      return classColor(best);
    };
    const drawSplit = (x: Float32Array, y: Float32Array, n: number, filled: boolean): void => {
      for (let i = 0; i < n; i++) {
        const c = colorOfPoint(y, i);
        ctx.beginPath();
        ctx.arc(px(x[2 * i]), py(x[2 * i + 1]), r, 0, 2 * Math.PI);
        if (filled) {
          ctx.fillStyle = rgb(c);
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = rgb(outline, 0.9);
          ctx.stroke();
        } else {
          ctx.lineWidth = 1.6;
          ctx.strokeStyle = rgb(c);
          ctx.stroke();
        }
      }
    };
    drawSplit(task.test.x, task.test.y, task.test.n, false);
    drawSplit(task.train.x, task.train.y, task.train.n, true);
    ctx.restore();
  }

  async pngBlob(caption: readonly string[] = []): Promise<Blob | null> {
    const run = this.run;
    if (!run) return null;
    const step = run.checkpoints[run.checkpoints.length - 1]?.step ?? 0;
    return this.canvasPng(`Decision boundary: ${this.label ?? activationLabel(run.activation)}`, `step ${step}; filled = training, rings = test`, caption);
  }

  private legend() {
    const t = this.task;
    if (!t) return nothing;
    const classes = t.classification
      ? Array.from({ length: t.outputs }, (_, k) => html`<span><span class="sw" style=${`background: ${classHex(k)}`}></span>class ${k}</span>`)
      : [html`<span><span class="sw" style=${`background: ${classHex(0)}`}></span>below 0</span>`,
        html`<span><span class="sw" style=${`background: ${classHex(1)}`}></span>above 0</span>`];
    return html`<div class="legend">${classes}
      <span><span class="sw" style="background: var(--ds-muted)"></span>training</span>
      <span><span class="sw ring"></span>test</span></div>`;
  }

  override render() {
    const run = this.run;
    const last = run?.checkpoints[run.checkpoints.length - 1];
    const name = run ? this.label ?? activationLabel(run.activation) : '';
    const metric = (m: { loss: number; accuracy: number | null } | undefined): string =>
      !m ? '–' : m.accuracy === null ? `loss ${formatValue(m.loss, 3)}` : formatFraction(m.accuracy);
    return html`
      <h3>
        <span class="dot" style=${`--dot: ${this.color}`} aria-hidden="true"></span>${name}
        <span class="acc">step ${last?.step ?? 0} · train ${metric(last?.train)} · test ${metric(last?.test)}</span>
      </h3>
      <canvas role="img" aria-label=${run
        ? `Decision boundary of ${name} at step ${last?.step ?? 0}: training accuracy ${metric(last?.train)}, test ${metric(last?.test)}`
        : 'Decision boundary (no data yet)'}></canvas>
      ${this.legend()}
    `;
  }
}
