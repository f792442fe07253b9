/**
 * Drawing helpers the canvas components share: sizing a canvas to its CSS box at the device pixel
 * ratio, painting a grid of cells one pixel each (then scaled onto the plot), the viridis colour
 * legend with its swatches for 0 / Inf / NaN, and mapping the mouse to a cell of the plot.
 */
import { viridis, type Rgb } from '../app/colormap';
import { canvasTheme, type CanvasTheme } from './theme';

/** Any CSS colour as RGB: the canvas normalizes it to #rrggbb (or rgba() when translucent). */
export function cssColorRgb(color: string): Rgb {
  const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
  ctx.fillStyle = '#ffffff';
  ctx.fillStyle = color;
  const v = String(ctx.fillStyle);
  if (v.startsWith('#')) {
    const n = parseInt(v.slice(1, 7), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const m = v.match(/\d+(\.\d+)?/g);
  return m && m.length >= 3 ? [Number(m[0]), Number(m[1]), Number(m[2])] : [255, 255, 255];
}

export function rgbCss(c: Rgb, alpha = 1): string {
  return alpha === 1 ? `rgb(${c[0]}, ${c[1]}, ${c[2]})` : `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;
}

export interface FittedCanvas {
  ctx: CanvasRenderingContext2D;
  theme: CanvasTheme;
  /** The canvas's CSS size; the context is scaled so drawing happens in CSS pixels. */
  width: number;
  height: number;
  dpr: number;
}

/**
 * Sizes the canvas's backing store to its CSS box × devicePixelRatio and clears it; null while
 * there is no canvas or it has no size (hidden). `host` supplies the theme colours.
 */
export function fitCanvas(canvas: HTMLCanvasElement | null, host: Element): FittedCanvas | null {
  if (!canvas) return null;
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (width <= 0 || height <= 0) return null;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const theme = canvasTheme(host);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, theme, width, height, dpr };
}

/**
 * Paints a width × height image, one pixel per cell: colorAt(x, y) with y = 0 the top row; null
 * leaves the pixel transparent. Reuses `into` when given.
 */
export function rasterize(
  width: number, height: number, colorAt: (x: number, y: number) => Rgb | null, into: HTMLCanvasElement = document.createElement('canvas'),
): HTMLCanvasElement {
  into.width = width;
  into.height = height;
  const ctx = into.getContext('2d') as CanvasRenderingContext2D;
  const img = ctx.createImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = colorAt(x, y);
      if (!c) continue;
      const o = (y * width + x) * 4;
      img.data[o] = c[0];
      img.data[o + 1] = c[1];
      img.data[o + 2] = c[2];
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  return into;
}

/** Pixel sizes of a colour legend: bar (and swatch) width, the bar's least height, swatch rows. */
export interface LegendSize {
  barW: number;
  minBarH: number;
  /** Height of one swatch row (swatch + spacing). */
  rowH: number;
  /** Space between the bar and the swatches. */
  gap: number;
}

export interface ColorLegend {
  x: number;
  top: number;
  /** Height available for the bar and the swatches below it. */
  height: number;
  size: LegendSize;
  muted: string;
  fg: string;
  /** Swatches for values off the scale, e.g. ['NaN', NAN_COLOR, seen]; drawn where `seen`. */
  specials: readonly (readonly [string, Rgb, boolean])[];
  /** Tick labels for a bar of height barH: [position from the top in 0…1, text]. */
  ticks: (barH: number) => [number, string][];
}

/** A vertical viridis bar (top = high), its tick labels, and the special-value swatches below it. */
export function drawColorLegend(ctx: CanvasRenderingContext2D, l: ColorLegend): void {
  const { x, top, size, muted, fg } = l;
  const specials = l.specials.filter((s) => s[2]);
  const barW = size.barW;
  const barH = Math.max(size.minBarH, l.height - specials.length * size.rowH - (specials.length ? size.gap : 0));
  for (let i = 0; i < barH; i++) {
    ctx.fillStyle = rgbCss(viridis(1 - i / (barH - 1)));
    ctx.fillRect(x, top + i, barW, 1);
  }
  ctx.strokeStyle = muted;
  ctx.lineWidth = 1;
  ctx.strokeRect(x - 0.5, top - 0.5, barW + 1, barH + 1);
  ctx.fillStyle = fg;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (const [at, text] of l.ticks(barH)) {
    const y = top + at * (barH - 1);
    ctx.fillRect(x + barW, y - 0.5, 3, 1);
    ctx.fillText(text, x + barW + 5, y);
  }
  let y = top + barH + size.gap + 2;
  for (const [label, color] of specials) {
    ctx.fillStyle = rgbCss(color);
    ctx.fillRect(x, y, barW, barW);
    ctx.strokeStyle = muted;
    ctx.strokeRect(x - 0.5, y - 0.5, barW + 1, barW + 1);
    ctx.fillStyle = fg;
    ctx.fillText(label, x + barW + 5, y + 6);
    y += size.rowH;
  }
}

/** Where a plot sits on its canvas, in device pixels. */
export interface PlotRect {
  plotX: number;
  plotY: number;
  plotW: number;
  plotH: number;
}

/** The mouse position as fractions [0, 1) of the plot's width and height; null outside it. */
export function pointInPlot(event: MouseEvent, canvas: HTMLCanvasElement, plot: PlotRect): { fx: number; fy: number } | null {
  const rect = canvas.getBoundingClientRect();
  const dpr = canvas.width / rect.width;
  const x = (event.clientX - rect.left) * dpr - plot.plotX;
  const y = (event.clientY - rect.top) * dpr - plot.plotY;
  if (x < 0 || y < 0 || x >= plot.plotW || y >= plot.plotH) return null;
  return { fx: x / plot.plotW, fy: y / plot.plotH };
}
