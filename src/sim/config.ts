/**
 * The simulation's configuration: one normalized shape shared by the CLI, the URL, the form and
 * both engines. `normalizeConfig` is the single gate: whatever reaches an engine has passed it.
 */
import { ACTIVATION_NAMES, findActivation, type ActivationDef } from './activations';
import { INIT_NAMES, findInit, weightVarianceScale, type InitSpec } from './inits';

/** A user-facing input error: the CLI prints its message and exits 2, the UI shows it beside the form. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type TopMode = 'random' | 'mse';
export const TOP_MODES: readonly TopMode[] = ['random', 'mse'];

export interface SimConfig {
  /** Canonical activation specs, `name` or `name:param` (e.g. `leaky-relu:0.2`). */
  activations: string[];
  /** Overrides the derivative used by the backward pass for every activation; null = each its own. */
  backward: string | null;
  /** Canonical init spec: `he-normal`, `orthogonal:1.5`, or `custom` (then sigmaW2 applies). */
  init: string;
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

export const DEFAULT_CONFIG: SimConfig = {
  activations: ['relu'],
  backward: null,
  init: 'he-normal',
  sigmaW2: 2,
  sigmaB2: 0,
  depth: 100,
  width: 256,
  batch: 32,
  seed: 1,
  top: 'random',
  weightGrads: false,
};

export interface ResolvedActivation {
  spec: string;
  def: ActivationDef;
  /** The parameter value (the default when not written; 0 for activations without one). */
  param: number;
}

function formatNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function splitSpec(spec: string, what: string): { name: string; value?: number } {
  const parts = spec.trim().split(':');
  if (parts.length > 2 || parts[0] === '') throw new ConfigError(`malformed ${what} '${spec}': write name or name:value`);
  const name = parts[0].toLowerCase();
  if (parts.length === 1) return { name };
  const raw = parts[1].trim();
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) {
    throw new ConfigError(`malformed ${what} parameter in '${spec}': '${raw}' is not a number`);
  }
  return { name, value };
}

/** Parses `name` or `name:value` into a canonical activation spec, or throws ConfigError. */
export function resolveActivation(spec: string): ResolvedActivation {
  const { name, value } = splitSpec(spec, 'activation');
  const def = findActivation(name);
  if (!def) throw new ConfigError(`unknown activation '${name}' (valid: ${ACTIVATION_NAMES.join(', ')})`);
  if (value === undefined) {
    return { spec: def.name, def, param: def.param?.default ?? 0 };
  }
  if (!def.param) throw new ConfigError(`activation '${def.name}' takes no parameter (got '${spec}')`);
  const { min, max, name: pname } = def.param;
  if (value < min || value > max) {
    throw new ConfigError(`${def.name} ${pname} must be between ${min} and ${max} (got ${value})`);
  }
  return { spec: `${def.name}:${formatNumber(value)}`, def, param: value };
}

export function resolveInit(spec: string, sigmaW2?: number): InitSpec & { spec: string } {
  const { name, value } = splitSpec(spec, 'init');
  const def = findInit(name);
  if (!def) throw new ConfigError(`unknown init '${name}' (valid: ${INIT_NAMES.join(', ')})`);
  if (def.name === 'custom') {
    if (value !== undefined) throw new ConfigError(`write the custom init's variance as --sigma-w2, not '${spec}'`);
    return { name: 'custom', param: sigmaW2 ?? 1, spec: 'custom' };
  }
  if (value === undefined) return { name: def.name, param: def.param?.default, spec: def.name };
  if (!def.param) throw new ConfigError(`init '${def.name}' takes no parameter (got '${spec}')`);
  if (value < def.param.min || value > def.param.max) {
    throw new ConfigError(`${def.name} ${def.param.name} must be between ${def.param.min} and ${def.param.max} (got ${value})`);
  }
  return { name: def.name, param: value, spec: `${def.name}:${formatNumber(value)}` };
}

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
    ? DEFAULT_CONFIG.activations
    : (Array.isArray(raw.activations) ? raw.activations : raw.activations.split(','));
  const activations = list.map((s) => s.trim()).filter((s) => s !== '');
  if (activations.length === 0) throw new ConfigError('give at least one activation');
  const resolved = activations.map((s) => resolveActivation(s).spec);
  if (new Set(resolved).size !== resolved.length) throw new ConfigError(`activation listed twice in '${activations.join(',')}'`);

  const backward = raw.backward === undefined || raw.backward === null || raw.backward.trim() === '' || raw.backward === 'none'
    ? null
    : resolveActivation(raw.backward).spec;

  const hasSigmaW2 = raw.sigmaW2 !== undefined && raw.sigmaW2 !== null && raw.sigmaW2 !== '';
  const sigmaW2Input = hasSigmaW2 ? checkSigma('sigma-w2', raw.sigmaW2) : undefined;
  let initSpec = raw.init ?? (hasSigmaW2 ? 'custom' : DEFAULT_CONFIG.init);
  if (hasSigmaW2 && raw.init !== undefined && splitSpec(raw.init, 'init').name !== 'custom') {
    throw new ConfigError(`--sigma-w2 sets a custom Gaussian init; it cannot be combined with init '${raw.init}'`);
  }
  if (hasSigmaW2) initSpec = 'custom';
  const init = resolveInit(initSpec, sigmaW2Input);

  const depth = checkInteger('depth', raw.depth ?? DEFAULT_CONFIG.depth);
  const width = checkInteger('width', raw.width ?? DEFAULT_CONFIG.width);
  const batch = checkInteger('batch', raw.batch ?? DEFAULT_CONFIG.batch);
  const seed = checkInteger('seed', raw.seed ?? DEFAULT_CONFIG.seed);
  const sigmaB2 = raw.sigmaB2 === undefined || raw.sigmaB2 === null || raw.sigmaB2 === '' ? 0 : checkSigma('sigma-b2', raw.sigmaB2);
  const top = (raw.top ?? 'random').trim().toLowerCase();
  if (!TOP_MODES.includes(top as TopMode)) throw new ConfigError(`top must be one of ${TOP_MODES.join(', ')} (got '${raw.top}')`);

  const sigmaW2 = init.name === 'custom' ? (init.param ?? 1) : sigmaW2ForInit(init, width);
  return {
    activations: resolved,
    backward,
    init: init.spec,
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

function sigmaW2ForInit(init: InitSpec, width: number): number {
  return Number(weightVarianceScale(init, width, width).toPrecision(12));
}

/** The InitSpec an engine needs from a normalized config. */
export function initOf(config: SimConfig): InitSpec {
  const r = resolveInit(config.init, config.sigmaW2);
  return { name: r.name, param: r.param };
}

/** The derivative actually used backward for run `i`: the --backward override, else the activation's own. */
export function backwardOf(config: SimConfig, activation: ResolvedActivation): ResolvedActivation {
  return config.backward ? resolveActivation(config.backward) : activation;
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
