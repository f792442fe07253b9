/**
 * <ds-phase-diagram>: the order-to-chaos diagram in (σ_w², σ_b²) for one activation (Poole et al.
 * 2016; Schoenholz et al. 2017). Blue: χ₁ < 1, gradients vanish; orange: χ₁ > 1, they explode; the
 * line is the edge of chaos χ₁ = 1. The ring is the current setting; clicking (or the arrow keys)
 * picks a new σ_w², σ_b² and fires `sigma-pick` (the view runs the network there).
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { activationLabel } from '../app/palette';
import type { PhaseData } from '../app/theory-protocol';
import { cssColorRgb, fitCanvas, rasterize } from './canvas-raster';
import { CanvasView } from './canvas-view';
import { baseStyles } from './theme';

const ORDERED: [number, number, number] = [26, 115, 232];
const CHAOTIC: [number, number, number] = [232, 113, 10];

/** Range of the axes that holds (w2, b2): doubling steps so the grid is rarely recomputed. */
export function phaseRange(w2: number, b2: number): { w2Max: number; b2Max: number } {
  let w2Max = 4;
  while (w2Max < w2 * 1.1 && w2Max < 1024) w2Max *= 2;
  let b2Max = 0.5;
  while (b2Max < b2 * 1.1 && b2Max < 1024) b2Max *= 2;
  return { w2Max, b2Max };
}

@customElement('ds-phase-diagram')
export class DsPhaseDiagram extends CanvasView {
  static override styles = [
    baseStyles,
    css`
      canvas { display: block; width: 100%; aspect-ratio: 4 / 3; max-height: 320px; cursor: crosshair; border-radius: 6px; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; font-size: 0.78rem; color: var(--ds-muted); margin-top: 0.35rem; }
      .sw { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 3px; vertical-align: -0.12rem; margin-right: 0.3rem; }
      .line { display: inline-block; width: 1.1rem; height: 0; border-top: 2px solid var(--ds-fg); vertical-align: 0.2rem; margin-right: 0.3rem; }
      .status { font-size: 0.8rem; color: var(--ds-muted); min-height: 1.2em; margin: 0.3rem 0 0; }
    `,
  ];

  @property({ attribute: false }) data: PhaseData | null = null;
  @property({ type: Boolean }) loading = false;
  @property({ type: Number }) sigmaW2 = 1;
  @property({ type: Number }) sigmaB2 = 0;
  /** χ₁ at the current point, when known. */
  @property({ type: Number }) chi1: number | null = null;
  @property() note: string | null = null;

  private plot = { x: 0, y: 0, w: 1, h: 1 };

  protected override updated(_changed: PropertyValues): void {
    this.draw();
  }

  private range(): { w2Max: number; b2Max: number } {
    return this.data ? { w2Max: this.data.w2Max, b2Max: this.data.b2Max } : phaseRange(this.sigmaW2, this.sigmaB2);
  }

  draw(): void {
    const fitted = fitCanvas(this.canvas, this);
    if (!fitted) return;
    const { ctx, theme, width: cssW, height: cssH } = fitted;
    const m = { left: 56, right: 10, top: 8, bottom: 34 };
    const p = { x: m.left, y: m.top, w: cssW - m.left - m.right, h: cssH - m.top - m.bottom };
    this.plot = p;
    const { w2Max, b2Max } = this.range();
    const X = (w2: number): number => p.x + (w2 / w2Max) * p.w;
    const Y = (b2: number): number => p.y + p.h - (b2 / b2Max) * p.h;

    const d = this.data;
    if (d) {
      // Shade from the χ₁ grid; pixel centres sit on the grid nodes, smoothing interpolates between them.
      const bg = cssColorRgb(theme.surface);
      const nw = d.w2.length;
      const nb = d.b2.length;
      // Row 0 of the image is the top: the largest σ_b².
      const tile = rasterize(nw, nb, (j, row) => {
        const chi = d.chi1[nb - 1 - row][j];
        const t = Number.isNaN(chi) ? 0 : Math.max(-1, Math.min(1, Math.log(Math.max(chi, 1e-30)) / Math.log(16)));
        const tint = t < 0 ? ORDERED : CHAOTIC;
        const a = 0.1 + 0.32 * Math.sqrt(Math.abs(t));
        const mix = (k: number): number => Math.round(bg[k] * (1 - a) + tint[k] * a);
        return [mix(0), mix(1), mix(2)];
      });
      const cw = p.w / (nw - 1);
      const ch = p.h / (nb - 1);
      ctx.save();
      ctx.beginPath();
      ctx.rect(p.x, p.y, p.w, p.h);
      ctx.clip();
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tile, p.x - cw / 2, p.y - ch / 2, p.w + cw, p.h + ch);
      // Edge of chaos.
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 2;
      ctx.beginPath();
      let pen = false;
      d.edgeB2.forEach((b2, i) => {
        const w2 = d.edgeW2[i];
        if (!Number.isFinite(w2)) { pen = false; return; }
        if (pen) ctx.lineTo(X(w2), Y(b2));
        else ctx.moveTo(X(w2), Y(b2));
        pen = true;
      });
      ctx.stroke();
      ctx.restore();
    }

    ctx.strokeStyle = theme.grid;
    ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
    ctx.font = theme.font;
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let k = 0; k <= 4; k++) {
      const v = (w2Max * k) / 4;
      ctx.fillText(String(Number(v.toPrecision(3))), X(v), p.y + p.h + 4);
    }
    ctx.font = `600 ${theme.font}`;
    ctx.fillText('σ_w²', p.x + p.w / 2, p.y + p.h + 18);
    ctx.font = theme.font;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let k = 0; k <= 4; k++) {
      const v = (b2Max * k) / 4;
      ctx.fillText(String(Number(v.toPrecision(3))), p.x - 5, Y(v));
    }
    ctx.save();
    ctx.translate(12, p.y + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.font = `600 ${theme.font}`;
    ctx.fillText('σ_b²', 0, 0);
    ctx.restore();

    // The current point (clamped into view).
    const cx = X(Math.min(this.sigmaW2, w2Max));
    const cy = Y(Math.min(this.sigmaB2, b2Max));
    ctx.fillStyle = theme.surface;
    ctx.strokeStyle = theme.fg;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.arc(cx, cy, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = theme.fg;
    ctx.beginPath();
    ctx.arc(cx, cy, 2, 0, 2 * Math.PI);
    ctx.fill();
  }

  private pick(w2: number, b2: number): void {
    const round = (v: number): number => Number(Math.max(0, v).toPrecision(3));
    this.dispatchEvent(new CustomEvent('sigma-pick', {
      detail: { sigmaW2: round(w2), sigmaB2: round(b2) }, bubbles: true, composed: true,
    }));
  }

  private onClick(event: MouseEvent): void {
    const canvas = this.canvas;
    if (!canvas) return;
    const rect = canvas.getBoundingClientRect();
    const x = event.clientX - rect.left;
    const y = event.clientY - rect.top;
    const p = this.plot;
    if (x < p.x - 4 || x > p.x + p.w + 4 || y < p.y - 4 || y > p.y + p.h + 4) return;
    const { w2Max, b2Max } = this.range();
    this.pick(((x - p.x) / p.w) * w2Max, ((p.y + p.h - y) / p.h) * b2Max);
  }

  private onKey(event: KeyboardEvent): void {
    const { w2Max, b2Max } = this.range();
    const dw = w2Max / 40;
    const db = b2Max / 40;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-dw, 0], ArrowRight: [dw, 0], ArrowUp: [0, db], ArrowDown: [0, -db] };
    const d = moves[event.key];
    if (!d) return;
    event.preventDefault();
    this.pick(this.sigmaW2 + d[0], this.sigmaB2 + d[1]);
  }

  async pngBlob(caption: readonly string[] = []): Promise<Blob | null> {
    if (!this.data) return null;
    const subtitle = `blue: χ₁ < 1, δ vanishes · orange: χ₁ > 1, δ explodes · line: edge of chaos · ring: σ_w² ${this.sigmaW2}, σ_b² ${this.sigmaB2}`;
    return this.canvasPng(`Order and chaos: ${activationLabel(this.data.activation)}`, subtitle, caption);
  }

  override render() {
    const name = this.data ? activationLabel(this.data.activation) : '';
    const chi = this.chi1;
    return html`
      <canvas tabindex="0" role="img"
        aria-label=${`Phase diagram for ${name}: current σ_w² ${this.sigmaW2}, σ_b² ${this.sigmaB2}. Click or use the arrow keys to choose new values.`}
        @click=${this.onClick} @keydown=${this.onKey}></canvas>
      <div class="legend">
        <span><span class="sw" style="background: rgb(${ORDERED.join(',')})"></span>ordered: χ₁ &lt; 1, δ vanishes</span>
        <span><span class="sw" style="background: rgb(${CHAOTIC.join(',')})"></span>chaotic: χ₁ &gt; 1, δ explodes</span>
        <span><span class="line"></span>edge of chaos</span>
      </div>
      <p class="status" aria-live="polite">
        ${this.loading ? `computing the diagram for ${name || 'this activation'}…`
          : chi !== null && Number.isFinite(chi) ? `${name}: χ₁ = ${Number(chi.toPrecision(4))} at the ring` : ''}
        ${this.data && !this.loading && this.data.edgeW2.every((w) => !Number.isFinite(w))
          ? html`<br />No edge of chaos in this range: ${this.data.chi1[0][this.data.w2.length - 1] > 1 ? 'chaotic' : 'ordered'} everywhere.`
          : ''}
        ${this.note ? html`<br />${this.note}` : ''}
      </p>
    `;
  }
}
