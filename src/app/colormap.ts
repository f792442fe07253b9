/**
 * The heatmap's colour scale: viridis (perceptually uniform, colour-blind safe), sampled at nine
 * stops from matplotlib's table and interpolated linearly in RGB. Values that are not a positive
 * finite number get their own colours so an exact 0 or an overflow never passes as "small" or "large".
 */

const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

export type Rgb = [number, number, number];

/** Colour for exact zero, +Inf and NaN. */
export const ZERO_COLOR: Rgb = [20, 20, 24];
export const INF_COLOR: Rgb = [255, 255, 255];
export const NAN_COLOR: Rgb = [255, 0, 200];

/** viridis(t) for t in [0, 1] (clamped). */
export function viridis(t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [
    Math.round(a[0] + (b[0] - a[0]) * f),
    Math.round(a[1] + (b[1] - a[1]) * f),
    Math.round(a[2] + (b[2] - a[2]) * f),
  ];
}

export interface LogRange {
  /** log10 of the smallest and largest positive finite value; equal when there is one value. */
  lo: number;
  hi: number;
  /** False when the data holds no positive finite value at all. */
  any: boolean;
}

/** The range of finite base-10 logarithms (0, Inf and NaN are −Infinity, Infinity and NaN there). */
export function log10Range(logs: ArrayLike<number>): LogRange {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < logs.length; i++) {
    const l = logs[i];
    if (Number.isFinite(l)) {
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    }
  }
  if (lo > hi) return { lo: 0, hi: 1, any: false };
  return { lo, hi, any: true };
}

export function logRange(values: ArrayLike<number>): LogRange {
  return log10Range(Array.from(values, (v) => Math.log10(v)));
}

/** The colour of a value given as its log10 on the log scale `range`: −Infinity is an exact 0. */
export function colorOfLog10(lg: number, range: LogRange): Rgb {
  if (Number.isNaN(lg)) return NAN_COLOR;
  if (lg === Infinity) return INF_COLOR;
  if (lg === -Infinity) return ZERO_COLOR;
  const span = range.hi - range.lo;
  return viridis(span > 0 ? (lg - range.lo) / span : 0.5);
}

/** The colour of one |δ| value on the log scale `range`. */
export function colorOf(v: number, range: LogRange): Rgb {
  return colorOfLog10(v > 0 ? Math.log10(v) : Number.isNaN(v) ? NaN : -Infinity, range);
}
