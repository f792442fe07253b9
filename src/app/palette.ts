/**
 * One colour per activation, stable across runs and charts (sigmoid is always orange), chosen to
 * stay readable on both the light and the dark background.
 */
import { findActivation } from '../sim/activations';

const COLORS: Record<string, string> = {
  linear: '#8a8f98',
  sigmoid: '#e8710a',
  tanh: '#1a73e8',
  relu: '#1e9e4a',
  'leaky-relu': '#9334e6',
  prelu: '#b06000',
  elu: '#d93025',
  selu: '#e52592',
  softplus: '#12a4b8',
  gelu: '#a8a400',
  swish: '#6d9e2f',
  abs: '#8d6e63',
  necrorelu: '#00897b',
};

/** Colours of mixed layers, picked by the spec's characters so one mix keeps its colour. */
const MIX_COLORS = ['#795548', '#ad1457', '#00695c', '#4527a0', '#9e9d24', '#37474f'];

/** Colour for an activation spec such as 'relu', 'leaky-relu:0.2' or the mixed layer 'relu+tanh'. */
export function activationColor(spec: string): string {
  if (spec.includes('+')) return MIX_COLORS[[...spec].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 0) % MIX_COLORS.length];
  const name = findActivation(spec.split(':')[0])?.name ?? spec;
  return COLORS[name] ?? '#888888';
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
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
