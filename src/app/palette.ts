/**
 * One colour per activation, stable across runs and charts (sigmoid is always orange), chosen to
 * stay readable on both the light and the dark background and apart from each other (palette.test.ts
 * checks every pair by CIEDE2000). When a chart shows the same activation more than once (pinned
 * runs of ReLU with He and with LeCun init), the repeats get shades of that colour that stay apart
 * from everything else on the chart (`seriesColors`).
 */
import { findActivation } from '../sim/activations';

const COLORS: Record<string, string> = {
  linear: '#8a8f98',
  sigmoid: '#e8710a',
  tanh: '#1a73e8',
  relu: '#1e9e4a',
  'leaky-relu': '#9334e6',
  prelu: '#666622',
  elu: '#d93025',
  selu: '#e52592',
  softplus: '#12a4b8',
  gelu: '#b59a00',
  swish: '#226666',
  abs: '#8d6e63',
  necrorelu: '#775577',
};

/** Colours of mixed layers, picked by the spec's characters so one mix keeps its colour. */
const MIX_COLORS = ['#795548', '#ad1457', '#00695c', '#4527a0', '#9e9d24', '#37474f'];

const FALLBACK = '#888888';

const nameOf = (spec: string): string => findActivation(spec.split(':')[0])?.name ?? spec;

/** Colour for an activation spec such as 'relu', 'leaky-relu:0.2' or the mixed layer 'relu+tanh'. */
export function activationColor(spec: string): string {
  if (spec.includes('+')) return MIX_COLORS[[...spec].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 0) % MIX_COLORS.length];
  return COLORS[nameOf(spec)] ?? FALLBACK;
}

/**
 * Human label for a spec: the registry's label plus its parameter, e.g. "leaky ReLU (α 0.2)"; a
 * mixed layer's parts joined by +, with their shares: "ReLU 75 % + tanh 25 %".
 */
export function activationLabel(spec: string): string {
  if (spec.includes('+')) {
    return spec.split('+').map((part) => {
      const [one, share] = part.split('@');
      return share === undefined ? activationLabel(one) : `${activationLabel(one)} ${Number((Number(share) * 100).toPrecision(3))} %`;
    }).join(' + ');
  }
  const [name, param] = spec.split(':');
  const def = findActivation(name);
  if (!def) return spec;
  if (param === undefined || !def.param) return def.label;
  const pname = def.param.name === 'alpha' ? 'α' : def.param.name;
  return `${def.label} (${pname} ${param})`;
}

/** A colour with an alpha channel, for band fills. */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = rgb(hex).map((c) => Math.round(c * 255));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}

function hex(c: readonly number[]): string {
  return `#${c.map((x) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, '0')).join('')}`;
}

/** CIE L*a*b* (D65) of an sRGB colour. */
function lab(color: string): [number, number, number] {
  const [r, g, b] = rgb(color).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const f = (t: number): number => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** Distance between two colours in L*a*b* (CIE76): about 2.3 is just noticeable, 15 clearly apart. */
function distance(a: string, b: string): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
}

/** The colour with its lightness shifted in HSL, kept between dark and pale enough to read on both backgrounds. */
function shade(color: string, dl: number, dh = 0): string {
  const [r, g, b] = rgb(color);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : l > 0.5 ? d / (2 - max - min) : d / (max + min);
  let h = d === 0 ? 0 : max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (h / 6 + dh + 1) % 1;
  const L = Math.min(0.7, Math.max(0.2, l + dl));
  const q = L < 0.5 ? L * (1 + s) : L + s - L * s;
  const p = 2 * L - q;
  const channel = (t: number): number => {
    const u = (t + 1) % 1;
    return u < 1 / 6 ? p + (q - p) * 6 * u : u < 1 / 2 ? q : u < 2 / 3 ? p + (q - p) * (2 / 3 - u) * 6 : p;
  };
  return hex([channel(h + 1 / 3), channel(h), channel(h - 1 / 3)]);
}

/** The shades a repeated activation may take, nearest to its own colour first. */
const SHADES: readonly [number, number][] = [[-0.15, 0], [0.14, 0], [-0.08, 0.05], [0.08, -0.05], [-0.2, -0.04], [0.2, 0.04]];

/** Colours this far apart (CIE76) count as distinct on a chart. */
const DISTINCT = 15;

/**
 * One colour per series of a chart, in order: each activation's own colour the first time it
 * appears, then for a repeat the first of its shades that stays DISTINCT from every colour already
 * given (or the farthest one when none does).
 */
export function seriesColors(specs: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    const base = activationColor(spec);
    const name = nameOf(spec);
    if (!seen.has(name) && out.every((c) => distance(c, base) >= DISTINCT)) {
      seen.add(name);
      out.push(base);
      continue;
    }
    seen.add(name);
    const candidates = [base, ...SHADES.map(([dl, dh]) => shade(base, dl, dh))];
    const apart = (c: string): number => Math.min(Infinity, ...out.map((o) => distance(o, c)));
    out.push(candidates.find((c) => apart(c) >= DISTINCT) ?? candidates.reduce((a, b) => (apart(b) > apart(a) ? b : a)));
  }
  return out;
}
