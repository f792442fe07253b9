/**
 * Colours of the decision-boundary plot, in the manner of TensorFlow Playground: each class has a
 * colour, the background at a point mixes the class colours by the predicted probabilities and
 * fades towards the page background where the network is unsure. Regression (teacher) uses a
 * diverging scale: orange below 0, blue above.
 */
import type { Rgb } from '../colormap';

const CLASS_HEX = [
  '#f59322', '#0877bd', '#2ca02c', '#9467bd', '#d62728', '#8c564b', '#e377c2', '#17becf',
  '#bcbd22', '#7f7f7f', '#1a237e', '#ff7f0e', '#006d5b', '#c51b7d', '#4d9221', '#542788',
];

export function hexToRgb(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function classColor(k: number): Rgb {
  return hexToRgb(CLASS_HEX[k % CLASS_HEX.length]);
}

export function classHex(k: number): string {
  return CLASS_HEX[k % CLASS_HEX.length];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

/** How strongly a confident prediction is painted (1 = the pure class colour). */
const MAX_STRENGTH = 0.78;

/** Background colour for class probabilities p (sum 1) over the page background `bg`. */
export function probabilityColor(p: ArrayLike<number>, bg: Rgb): Rgb {
  const k = p.length;
  let r = 0, g = 0, b = 0, max = 0;
  for (let i = 0; i < k; i++) {
    const pi = Number.isFinite(p[i]) ? p[i] : 0;
    const c = classColor(i);
    r += pi * c[0]; g += pi * c[1]; b += pi * c[2];
    max = Math.max(max, pi);
  }
  // Confidence 0 at the uniform prediction, 1 when one class has probability 1.
  const conf = k > 1 ? Math.max(0, (max - 1 / k) / (1 - 1 / k)) : 1;
  return mix(bg, [r, g, b], MAX_STRENGTH * conf);
}

/** Regression: orange for negative, blue for positive predictions, scaled by |v| / scale. */
export function regressionColor(v: number, scale: number, bg: Rgb): Rgb {
  if (!Number.isFinite(v)) return [255, 0, 200];
  const t = Math.min(1, Math.abs(v) / Math.max(1e-12, scale));
  return mix(bg, v < 0 ? classColor(0) : classColor(1), MAX_STRENGTH * t);
}
