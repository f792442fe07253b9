/**
 * The simulation's configuration: one normalized shape shared by the CLI, the URL, the form and
 * both engines. `normalizeConfig` is the single gate: whatever reaches an engine has passed it.
 */
import { ConfigError } from './config-error';
import { weightVarianceScale, type InitSpec } from './inits';
import {
  parseActivation, parseInit, sameActivation, withDerivative, type ActivationRef, type InitRef, type RunActivation,
} from './specs';

export { ConfigError };
export type { ActivationRef, InitRef, RunActivation };

export type TopMode = 'random' | 'mse';
export const TOP_MODES: readonly TopMode[] = ['random', 'mse'];

/**
 * A normalized configuration: resolved, plain data (it crosses postMessage and page.evaluate as JSON).
 * Spec strings live only at the edges: `configJson` gives the documented JSON shape.
 */
export interface SimConfig {
  /** The compared networks, in the order given, each with the derivative its backward pass uses. */
  activations: RunActivation[];
  /** The --backward override as given; null = each activation uses its own f′. */
  backward: ActivationRef | null;
  /** The init (custom: param = σ_w²). */
  init: InitRef;
  /** σ_w² = fan_in·Var(W) implied by the init (for `custom`, the chosen value). */
  sigmaW2: number;
  /** Bias variance σ_b²; biases are 0 when it is 0. */
  sigmaB2: number;
  depth: number;
  width: number;
  batch: number;
  seed: number;
  top: TopMode;
  weightGrads: boolean;
}

export const LIMITS = {
  depth: { min: 1, max: 100_000 },
  width: { min: 1, max: 16_384 },
  batch: { min: 1, max: 65_536 },
  seed: { min: 0, max: 0xffffffff },
  sigma: { min: 0, max: 1e6 },
} as const;

function checkInteger(name: keyof typeof LIMITS, value: unknown): number {
  const { min, max } = LIMITS[name];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got '${String(value)}')`);
  }
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

function checkSigma(name: string, value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < LIMITS.sigma.min || n > LIMITS.sigma.max) {
    throw new ConfigError(`${name} must be a number between ${LIMITS.sigma.min} and ${LIMITS.sigma.max} (got '${String(value)}')`);
  }
  return n;
}

/** What a caller may hand in: everything optional, numbers possibly still strings. */
export interface RawConfig {
  activations?: string | string[];
  backward?: string | null;
  init?: string;
  sigmaW2?: number | string | null;
  sigmaB2?: number | string | null;
  depth?: number | string;
  width?: number | string;
  batch?: number | string;
  seed?: number | string;
  top?: string;
  weightGrads?: boolean;
}

/**
 * Validates and normalizes. Setting σ_w² selects the `custom` init (W ~ N(0, σ_w²/fan_in));
 * combining it with another named init is an error rather than a silent choice.
 */
export function normalizeConfig(raw: RawConfig): SimConfig {
  const list = raw.activations === undefined
    ? ['relu']
    : (Array.isArray(raw.activations) ? raw.activations : raw.activations.split(','));
  const given = list.map((s) => s.trim()).filter((s) => s !== '');
  if (given.length === 0) throw new ConfigError('give at least one activation');
  const activations = given.map(parseActivation);
  if (activations.some((a, i) => activations.findIndex((b) => sameActivation(a, b)) !== i)) {
    throw new ConfigError(`activation listed twice in '${given.join(',')}'`);
  }

  const backward = raw.backward === undefined || raw.backward === null || raw.backward.trim() === '' || raw.backward === 'none'
    ? null
    : parseActivation(raw.backward);

  const hasSigmaW2 = raw.sigmaW2 !== undefined && raw.sigmaW2 !== null && raw.sigmaW2 !== '';
  const sigmaW2Input = hasSigmaW2 ? checkSigma('sigma-w2', raw.sigmaW2) : undefined;
  const init = parseInit(raw.init ?? (hasSigmaW2 ? 'custom' : 'he-normal'), sigmaW2Input);
  if (hasSigmaW2 && init.name !== 'custom') {
    throw new ConfigError(`--sigma-w2 sets a custom Gaussian init; it cannot be combined with init '${raw.init}'`);
  }

  const depth = checkInteger('depth', raw.depth ?? 100);
  const width = checkInteger('width', raw.width ?? 256);
  const batch = checkInteger('batch', raw.batch ?? 32);
  const seed = checkInteger('seed', raw.seed ?? 1);
  const sigmaB2 = raw.sigmaB2 === undefined || raw.sigmaB2 === null || raw.sigmaB2 === '' ? 0 : checkSigma('sigma-b2', raw.sigmaB2);
  const top = (raw.top ?? 'random').trim().toLowerCase();
  if (!TOP_MODES.includes(top as TopMode)) throw new ConfigError(`top must be one of ${TOP_MODES.join(', ')} (got '${raw.top}')`);

  const sigmaW2 = init.name === 'custom' ? (init.param ?? 1) : sigmaW2ForInit(init, width);
  return {
    activations: activations.map((a) => withDerivative(a, backward)),
    backward,
    init,
    sigmaW2,
    sigmaB2,
    depth,
    width,
    batch,
    seed,
    top: top as TopMode,
    weightGrads: raw.weightGrads ?? false,
  };
}

export const DEFAULT_CONFIG: SimConfig = normalizeConfig({});

/** The compared activation whose canonical spec is `spec` (a result's run, the focused chart). */
export function activationOf(config: SimConfig, spec: string): RunActivation {
  const run = config.activations.find((a) => a.spec === spec);
  if (!run) throw new Error(`'${spec}' is not one of this configuration's activations`);
  return run;
}

function sigmaW2ForInit(init: InitSpec, width: number): number {
  return Number(weightVarianceScale(init, width, width).toPrecision(12));
}

/** The configuration as the JSON output documents it: canonical spec strings. */
export interface SimConfigJson {
  activations: string[];
  backward: string | null;
  init: string;
  sigmaW2: number;
  sigmaB2: number;
  depth: number;
  width: number;
  batch: number;
  seed: number;
  top: TopMode;
  weightGrads: boolean;
}

export function configJson(c: SimConfig): SimConfigJson {
  return {
    activations: c.activations.map((a) => a.spec), backward: c.backward?.spec ?? null, init: c.init.spec,
    sigmaW2: c.sigmaW2, sigmaB2: c.sigmaB2, depth: c.depth, width: c.width, batch: c.batch, seed: c.seed, top: c.top,
    weightGrads: c.weightGrads,
  };
}

export const GiB = 1024 ** 3;

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** Bytes the CPU engine holds for one run: every W_l, every s_l (for f′), two activations and two δ buffers. */
export function cpuMemoryBytes(c: SimConfig): number {
  const weights = c.depth * c.width * c.width * 4;
  const preacts = c.depth * c.batch * c.width * 4;
  const inputs = c.weightGrads ? c.depth * c.batch * c.width * 4 : 0;
  return weights + preacts + inputs + 6 * c.batch * c.width * 4 + c.depth * c.width * 4;
}

export function checkCpuMemory(c: SimConfig, limitBytes: number): void {
  const need = cpuMemoryBytes(c);
  if (need > limitBytes) {
    throw new ConfigError(
      `depth ${c.depth} × width ${c.width}² needs ${formatBytes(need)} on the CPU engine; the limit is ${formatBytes(limitBytes)} (reduce depth or width)`,
    );
  }
}
