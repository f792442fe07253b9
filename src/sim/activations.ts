/**
 * The one activation registry. Each entry carries f and f′ for the CPU engine and the theory, and
 * the same two formulas in WGSL for the GPU kernels (joined into one switch by `activationWgsl`).
 * Adding an activation means adding one entry here. The smooth forms live in activation-forms.ts
 * (float64) and activation-wgsl.ts (float32 WGSL), both stable far into the tails.
 */

import { SELU_ALPHA, SELU_LAMBDA, gelu, geluDf, sigmoid, sigmoidDf, softplus, swish, swishDf, tanhDf } from './activation-forms';
import { ACTIVATION_MATH_WGSL, SELU_WGSL } from './activation-wgsl';

export interface ActivationParam {
  name: string;
  default: number;
  min: number;
  max: number;
}

export interface ActivationDef {
  /** Identifier used on the command line, in URLs and in JSON. */
  name: string;
  label: string;
  /** Numeric id used by the kernels; stable, equal to the index in ACTIVATIONS. */
  id: number;
  param?: ActivationParam;
  f(x: number, p: number): number;
  /** The derivative used by the backward pass (for necrorelu this is deliberately not f's derivative). */
  df(x: number, p: number): number;
  /** WGSL expressions in x: f32 and p: f32 (they may call the act_* helpers of activation-wgsl.ts). */
  wgslF: string;
  wgslDf: string;
  /** Points where f or df is not smooth: tests and quadrature split there. */
  kinks: number[];
  /** True when df is the true derivative of f (false for necrorelu). */
  exactDerivative: boolean;
  /** One sentence for the UI and --help. */
  summary: string;
}

type Entry = Omit<ActivationDef, 'id'>;

const entries: Entry[] = [
  {
    name: 'linear', label: 'linear', summary: 'f(s) = s; no nonlinearity, f′ = 1 everywhere.',
    f: (x) => x, df: () => 1,
    wgslF: 'x', wgslDf: '1.0', kinks: [], exactDerivative: true,
  },
  {
    name: 'sigmoid', label: 'sigmoid', summary: 'Logistic function; f′ ≤ 1/4, so every layer shrinks the signal.',
    f: sigmoid, df: sigmoidDf,
    wgslF: 'act_sigmoid(x)', wgslDf: 'act_sigmoid_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'tanh', label: 'tanh', summary: 'Hyperbolic tangent; f′ ≤ 1, saturates for large |s|.',
    f: Math.tanh, df: tanhDf,
    wgslF: 'act_tanh(x)', wgslDf: 'act_tanh_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'relu', label: 'ReLU', summary: 'max(0, s); f′ is 0 or 1, so live paths pass gradients unchanged.',
    f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0),
    wgslF: 'max(x, 0.0)', wgslDf: 'select(0.0, 1.0, x > 0.0)', kinks: [0], exactDerivative: true,
  },
  {
    name: 'leaky-relu', label: 'leaky ReLU', summary: 'max(αs, s); a small slope α keeps negative units alive.',
    param: { name: 'alpha', default: 0.01, min: 0, max: 1 },
    f: (x, a) => (x > 0 ? x : a * x), df: (x, a) => (x > 0 ? 1 : a),
    wgslF: 'select(p * x, x, x > 0.0)', wgslDf: 'select(p, 1.0, x > 0.0)', kinks: [0], exactDerivative: true,
  },
  {
    name: 'prelu', label: 'PReLU', summary: 'Leaky ReLU whose slope is a learned parameter (He et al. 2015); 0.25 at init.',
    param: { name: 'slope', default: 0.25, min: -1, max: 1 },
    f: (x, a) => (x > 0 ? x : a * x), df: (x, a) => (x > 0 ? 1 : a),
    wgslF: 'select(p * x, x, x > 0.0)', wgslDf: 'select(p, 1.0, x > 0.0)', kinks: [0], exactDerivative: true,
  },
  {
    name: 'elu', label: 'ELU', summary: 'Exponential linear unit (Clevert et al. 2015): α(eˢ − 1) for s < 0.',
    param: { name: 'alpha', default: 1, min: 0, max: 10 },
    f: (x, a) => (x > 0 ? x : a * Math.expm1(x)), df: (x, a) => (x > 0 ? 1 : a * Math.exp(x)),
    wgslF: 'select(p * act_expm1(min(x, 0.0)), x, x > 0.0)', wgslDf: 'select(act_exp(min(x, 0.0), 0.0, p), 1.0, x > 0.0)',
    kinks: [0], exactDerivative: true,
  },
  {
    name: 'selu', label: 'SELU', summary: 'Scaled ELU (Klambauer et al. 2017); self-normalising with LeCun init.',
    f: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    df: (x) => SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
    wgslF: `select(${SELU_WGSL.lambdaAlpha} * act_expm1(min(x, 0.0)), ${SELU_WGSL.lambda} * x, x > 0.0)`,
    wgslDf: `select(act_exp(min(x, 0.0), 0.0, ${SELU_WGSL.lambdaAlpha}), ${SELU_WGSL.lambda}, x > 0.0)`,
    kinks: [0], exactDerivative: true,
  },
  {
    name: 'softplus', label: 'softplus', summary: 'ln(1 + eˢ), a smooth ReLU; f′ is the sigmoid, never exactly 0.',
    f: softplus, df: sigmoid,
    wgslF: 'act_softplus(x)', wgslDf: 'act_sigmoid(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'gelu', label: 'GELU', summary: 'Gaussian error linear unit, tanh approximation (Hendrycks & Gimpel 2016).',
    f: gelu, df: geluDf,
    wgslF: 'act_gelu(x)', wgslDf: 'act_gelu_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'swish', label: 'swish / SiLU', summary: 's·σ(s) (Ramachandran et al. 2017); smooth and non-monotonic.',
    f: swish, df: swishDf,
    wgslF: 'act_swish(x)', wgslDf: 'act_swish_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'abs', label: 'abs', summary: '|s|; f′ = ±1, so gradients keep their size like a linear net.',
    f: Math.abs, df: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
    wgslF: 'abs(x)', wgslDf: 'sign(x)', kinks: [0], exactDerivative: true,
  },
  {
    name: 'necrorelu', label: 'NecroReLU', summary: 'NecroReLU: ReLU forward, but the backward pass uses a leaky derivative α for s ≤ 0.',
    param: { name: 'alpha', default: 0.1, min: 0, max: 1 },
    f: (x) => (x > 0 ? x : 0), df: (x, a) => (x > 0 ? 1 : a),
    wgslF: 'max(x, 0.0)', wgslDf: 'select(p, 1.0, x > 0.0)', kinks: [0], exactDerivative: false,
  },
];

/**
 * NaN in, NaN out, on both engines (the WGSL guard is in activationWgsl): a NaN pre-activation is
 * neither a zero nor a dead unit, and its f′ is unknown, so it must not turn into 0 (ReLU's
 * `x > 0 ? x : 0` would) and heal the layers above an overflow on one engine and not the other.
 */
const nanIn = (g: (x: number, p: number) => number) => (x: number, p: number): number => (x !== x ? x : g(x, p));

export const ACTIVATIONS: readonly ActivationDef[] = entries.map((e, id) => ({ ...e, f: nanIn(e.f), df: nanIn(e.df), id }));

const byName = new Map(ACTIVATIONS.map((a) => [a.name, a]));
/** Accepted aliases on input; output always uses the canonical name. */
const ALIASES: Record<string, string> = { silu: 'swish', leaky: 'leaky-relu', leakyrelu: 'leaky-relu', identity: 'linear' };

export const ACTIVATION_NAMES: readonly string[] = ACTIVATIONS.map((a) => a.name);

/**
 * The positively homogeneous activations, f(c·s) = c·f(s) for every c > 0 (piecewise linear through
 * 0): their f′ does not change when s is scaled, so a bias-free forward pass can be rescaled by powers
 * of two (src/sim/exponent.ts), and their mean-field moments have closed forms (src/sim/theory.ts).
 */
export const POSITIVELY_HOMOGENEOUS: ReadonlySet<string> = new Set(['linear', 'relu', 'leaky-relu', 'prelu', 'abs', 'necrorelu']);

export function findActivation(name: string): ActivationDef | undefined {
  const key = name.trim().toLowerCase();
  return byName.get(ALIASES[key] ?? key);
}

/** The registry entry of a resolved activation (src/sim/specs.ts), by its id. */
export function activationDef(ref: { id: number }): ActivationDef {
  return ACTIVATIONS[ref.id];
}

/** f or f′ of one activation as the CPU code calls it: which function, which parameter. */
export interface ActivationFn {
  def: ActivationDef;
  param: number;
}

export function activationFn(ref: { id: number; param: number }): ActivationFn {
  return { def: activationDef(ref), param: ref.param };
}

export function getActivation(name: string): ActivationDef {
  const def = findActivation(name);
  if (!def) throw new Error(`unknown activation '${name}' (valid: ${ACTIVATION_NAMES.join(', ')})`);
  return def;
}

/**
 * The WGSL `act_f(kind, x, p)` and `act_df(kind, x, p)` switches, generated from the registry,
 * after the act_* helpers they call (activation-wgsl.ts). The kernels select the activation by a
 * uniform id, so pipelines do not depend on the activation.
 */
export function activationWgsl(): string {
  const cases = (pick: (a: ActivationDef) => string): string =>
    ACTIVATIONS.map((a) => `    case ${a.id}u: { return ${pick(a)}; }`).join('\n');
  return `${ACTIVATION_MATH_WGSL}
// NaN in, NaN out (src/sim/activations.ts nanIn), tested on the bits: WGSL lets a compiler assume
// floats are finite, and max(NaN, 0.0) may be 0.
fn act_is_nan(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u;
}
// A pre-activation float32 cannot hold is stored as NaN on both engines (src/sim/layers.ts
// forwardLayer): a float32 sum that overflows may give +Inf, −Inf or NaN (Inf − Inf) depending on
// its order, the CPU's float64 sum a signed Inf. The NaN is made from x's bits, not a constant.
fn overflow_to_nan(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7f800000u) == 0x7f800000u) { return bitcast<f32>(b | 0x00400000u); }
  return x;
}
fn act_f(kind: u32, x: f32, p: f32) -> f32 {
  if (act_is_nan(x)) { return x; }
  switch kind {
${cases((a) => a.wgslF)}
    default: { return x; }
  }
}
fn act_df(kind: u32, x: f32, p: f32) -> f32 {
  if (act_is_nan(x)) { return x; }
  switch kind {
${cases((a) => a.wgslDf)}
    default: { return 1.0; }
  }
}
`;
}
