/**
 * The one activation registry. Each entry carries f and f′ for the CPU engine and the theory, and
 * the same two formulas in WGSL for the GPU kernels (joined into one switch by `activationWgsl`).
 * Adding an activation means adding one entry here.
 */

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
  /** WGSL expressions in x: f32 and p: f32. */
  wgslF: string;
  wgslDf: string;
  /** Points where f or df is not smooth: tests and quadrature split there. */
  kinks: number[];
  /** True when df is the true derivative of f (false for necrorelu). */
  exactDerivative: boolean;
  /** One sentence for the UI and --help. */
  summary: string;
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_LAMBDA = 1.0507009873554805;
const GELU_C = Math.sqrt(2 / Math.PI);

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** tanh's WGSL argument is clamped: some backends compute tanh as a ratio of exponentials that is NaN for |x| > ~44. */
const WGSL_TANH = (arg: string): string => `tanh(clamp(${arg}, -15.0, 15.0))`;

type Entry = Omit<ActivationDef, 'id'>;

const entries: Entry[] = [
  {
    name: 'linear', label: 'linear', summary: 'f(s) = s; no nonlinearity, f′ = 1 everywhere.',
    f: (x) => x, df: () => 1,
    wgslF: 'x', wgslDf: '1.0', kinks: [], exactDerivative: true,
  },
  {
    name: 'sigmoid', label: 'sigmoid', summary: 'Logistic function; f′ ≤ 1/4, so every layer shrinks the signal.',
    f: sigmoid, df: (x) => { const s = sigmoid(x); return s * (1 - s); },
    wgslF: '1.0 / (1.0 + exp(-x))', wgslDf: 'sig_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'tanh', label: 'tanh', summary: 'Hyperbolic tangent; f′ ≤ 1, saturates for large |s|.',
    f: Math.tanh, df: (x) => { const t = Math.tanh(x); return 1 - t * t; },
    wgslF: WGSL_TANH('x'), wgslDf: `1.0 - ${WGSL_TANH('x')} * ${WGSL_TANH('x')}`, kinks: [], exactDerivative: true,
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
    wgslF: 'select(p * (exp(x) - 1.0), x, x > 0.0)', wgslDf: 'select(p * exp(x), 1.0, x > 0.0)', kinks: [0], exactDerivative: true,
  },
  {
    name: 'selu', label: 'SELU', summary: 'Scaled ELU (Klambauer et al. 2017); self-normalising with LeCun init.',
    f: (x) => SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
    df: (x) => SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)),
    wgslF: `${SELU_LAMBDA} * select(${SELU_ALPHA} * (exp(x) - 1.0), x, x > 0.0)`,
    wgslDf: `${SELU_LAMBDA} * select(${SELU_ALPHA} * exp(x), 1.0, x > 0.0)`,
    kinks: [0], exactDerivative: true,
  },
  {
    name: 'softplus', label: 'softplus', summary: 'ln(1 + eˢ), a smooth ReLU; f′ is the sigmoid, never exactly 0.',
    f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))), df: sigmoid,
    wgslF: 'max(x, 0.0) + log(1.0 + exp(-abs(x)))', wgslDf: '1.0 / (1.0 + exp(-x))', kinks: [], exactDerivative: true,
  },
  {
    name: 'gelu', label: 'GELU', summary: 'Gaussian error linear unit, tanh approximation (Hendrycks & Gimpel 2016).',
    f: (x) => 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x))),
    df: (x) => {
      const u = GELU_C * (x + 0.044715 * x * x * x);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * x * x);
    },
    wgslF: `0.5 * x * (1.0 + ${WGSL_TANH(`${GELU_C} * (x + 0.044715 * x * x * x)`)})`,
    wgslDf: 'gelu_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'swish', label: 'swish / SiLU', summary: 's·σ(s) (Ramachandran et al. 2017); smooth and non-monotonic.',
    f: (x) => x * sigmoid(x), df: (x) => { const s = sigmoid(x); return s + x * s * (1 - s); },
    wgslF: 'x / (1.0 + exp(-x))', wgslDf: 'swish_df(x)', kinks: [], exactDerivative: true,
  },
  {
    name: 'abs', label: 'abs', summary: '|s|; f′ = ±1, so gradients keep their size like a linear net.',
    f: Math.abs, df: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
    wgslF: 'abs(x)', wgslDf: 'sign(x)', kinks: [0], exactDerivative: true,
  },
  {
    name: 'necrorelu', label: 'ReLU, leaky backward', summary: 'ReLU forward, but the backward pass uses a leaky derivative α for s ≤ 0.',
    param: { name: 'alpha', default: 0.1, min: 0, max: 1 },
    f: (x) => (x > 0 ? x : 0), df: (x, a) => (x > 0 ? 1 : a),
    wgslF: 'max(x, 0.0)', wgslDf: 'select(p, 1.0, x > 0.0)', kinks: [0], exactDerivative: false,
  },
];

export const ACTIVATIONS: readonly ActivationDef[] = entries.map((e, id) => ({ ...e, id }));

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

export function getActivation(name: string): ActivationDef {
  const def = findActivation(name);
  if (!def) throw new Error(`unknown activation '${name}' (valid: ${ACTIVATION_NAMES.join(', ')})`);
  return def;
}

/** WGSL helper functions the registry's expressions may call. */
const WGSL_HELPERS = /* wgsl */ `
fn sig_df(x: f32) -> f32 { let s = 1.0 / (1.0 + exp(-x)); return s * (1.0 - s); }
fn swish_df(x: f32) -> f32 { let s = 1.0 / (1.0 + exp(-x)); return s + x * s * (1.0 - s); }
fn gelu_df(x: f32) -> f32 {
  let t = ${WGSL_TANH(`${GELU_C} * (x + 0.044715 * x * x * x)`)};
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * ${GELU_C} * (1.0 + 3.0 * 0.044715 * x * x);
}
`;

/**
 * The WGSL `act_f(kind, x, p)` and `act_df(kind, x, p)` switches, generated from the registry.
 * The kernels select the activation by a uniform id, so pipelines do not depend on the activation.
 */
export function activationWgsl(): string {
  const cases = (pick: (a: ActivationDef) => string): string =>
    ACTIVATIONS.map((a) => `    case ${a.id}u: { return ${pick(a)}; }`).join('\n');
  return `${WGSL_HELPERS}
fn act_f(kind: u32, x: f32, p: f32) -> f32 {
  switch kind {
${cases((a) => a.wgslF)}
    default: { return x; }
  }
}
fn act_df(kind: u32, x: f32, p: f32) -> f32 {
  switch kind {
${cases((a) => a.wgslDf)}
    default: { return 1.0; }
  }
}
`;
}
