/**
 * The form's raw values (strings, as typed) and the one function that turns them into a SimConfig
 * or per-field messages. Every check goes through the same gate as the CLI (`normalizeConfig` and
 * the resolvers in src/sim/config.ts), so the form cannot accept what the engines would refuse.
 */
import { activationDef, findActivation } from '../sim/activations';
import { ConfigError, DEFAULT_CONFIG, normalizeConfig, type RawConfig, type SimConfig } from '../sim/config';
import { parseActivation, parseInit } from '../sim/specs';
import { findInit } from '../sim/inits';
import { checkSeedCount } from '../sim/seeds';

export type EngineChoice = 'webgpu' | 'cpu';

export interface FormValues {
  /** Selected activation names, in the order chosen. */
  activations: string[];
  /** Parameter text per activation name (only for those with a parameter). */
  params: Record<string, string>;
  /** '' = each activation's own derivative. */
  backward: string;
  backwardParam: string;
  init: string;
  /** The orthogonal gain, as typed. */
  initParam: string;
  sigmaW2: string;
  sigmaB2: string;
  depth: string;
  width: string;
  batch: string;
  seed: string;
  /** Seeds to run (1 = off): seed, seed + 1, …; the charts show the median and quantile bands. */
  seeds: string;
  top: string;
  engine: EngineChoice;
}

/** Field keys that can carry a message; activation parameters use `param:<name>`. */
export type FieldKey =
  | 'activations' | 'backward' | 'init' | 'sigmaW2' | 'sigmaB2' | 'depth' | 'width' | 'batch' | 'seed' | 'seeds' | 'top'
  | 'engine' | `param:${string}`;

export type FieldErrors = Partial<Record<FieldKey, string>>;

export interface Validated {
  config: SimConfig | null;
  /** How many seeds to run (1 = a single run); meaningful when config is not null. */
  seeds: number;
  errors: FieldErrors;
  /** A message that belongs to no single field (e.g. the engine's memory check). */
  formError: string | null;
}

/** The configuration a first visit shows: the classic comparison at depth 500. */
export const APP_DEFAULT_CONFIG: SimConfig = normalizeConfig({
  activations: ['sigmoid', 'tanh', 'relu'], init: 'he-normal', depth: 500, width: 128, batch: 16, seed: 1,
});

/** The app runs at most this many seeds at once (the command line allows more). */
export const MAX_APP_SEEDS = 32;

/**
 * The seed count as typed (or from the URL): an integer 1…MAX_APP_SEEDS whose seeds stay in the seed
 * range from `firstSeed`. Throws ConfigError with one line.
 */
export function parseAppSeeds(value: string, firstSeed: number): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_APP_SEEDS) {
    throw new ConfigError(`seeds must be an integer between 1 and ${MAX_APP_SEEDS} (got '${value}')`);
  }
  return checkSeedCount(n, firstSeed);
}

/** ConfigError messages use CLI names; the form shows its own labels. */
export function friendlyMessage(message: string): string {
  return message
    .replace(/--sigma-w2/g, 'σ_w²')
    .replace(/\bsigma-w2\b/g, 'σ_w²')
    .replace(/\bsigma-b2\b/g, 'σ_b²');
}

function messageOf(err: unknown): string {
  if (err instanceof ConfigError) return friendlyMessage(err.message);
  return err instanceof Error ? err.message : String(err);
}

function specOf(name: string, param: string | undefined): string {
  const def = findActivation(name);
  if (!def?.param || param === undefined || param.trim() === '') return name;
  // The default parameter is written as the bare name, as the CLI and the URL write it.
  if (Number(param) === def.param.default && param.trim() !== '') return name;
  return `${name}:${param.trim()}`;
}

export function formFromConfig(config: SimConfig, engine: EngineChoice, seeds = 1): FormValues {
  const params: Record<string, string> = {};
  const activations = config.activations.map((a) => {
    if (activationDef(a).param) params[a.name] = String(a.param);
    return a.name;
  });
  const back = config.backward;
  const backward = back?.name ?? '';
  const backwardParam = back && activationDef(back).param ? String(back.param) : '';
  const init = config.init;
  return {
    activations,
    params,
    backward,
    backwardParam,
    init: init.name,
    initParam: init.name === 'orthogonal' ? String(init.param ?? 1) : '',
    sigmaW2: String(config.sigmaW2),
    sigmaB2: String(config.sigmaB2),
    depth: String(config.depth),
    width: String(config.width),
    batch: String(config.batch),
    seed: String(config.seed),
    seeds: String(seeds),
    top: config.top,
    engine,
  };
}

/** The raw config the form describes (before validation). */
export function rawFromForm(v: FormValues): RawConfig {
  const initSpec = v.init === 'orthogonal' && v.initParam.trim() !== '' ? `orthogonal:${v.initParam.trim()}` : v.init;
  return {
    activations: v.activations.map((name) => specOf(name, v.params[name])),
    backward: v.backward === '' ? null : specOf(v.backward, v.backwardParam),
    init: initSpec,
    sigmaW2: v.init === 'custom' ? v.sigmaW2 : undefined,
    sigmaB2: v.sigmaB2,
    depth: v.depth,
    width: v.width,
    batch: v.batch,
    seed: v.seed,
    top: v.top,
  };
}

/**
 * Validates field by field (so each message sits beside its field), then the whole config, then
 * the engine's own check (`fits`, which throws ConfigError when the run does not fit the device).
 */
export function validateForm(v: FormValues, fits?: (config: SimConfig) => void): Validated {
  const errors: FieldErrors = {};
  const attempt = (key: FieldKey, check: () => unknown): void => {
    try {
      check();
    } catch (err) {
      errors[key] = messageOf(err);
    }
  };
  if (v.activations.length === 0) errors.activations = 'choose at least one activation';
  for (const name of v.activations) attempt(`param:${name}`, () => parseActivation(specOf(name, v.params[name])));
  if (v.backward !== '') attempt('backward', () => parseActivation(specOf(v.backward, v.backwardParam)));
  attempt('init', () => {
    if (!findInit(v.init)) throw new ConfigError(`unknown init '${v.init}'`);
    if (v.init === 'orthogonal') parseInit(v.initParam.trim() === '' ? 'orthogonal' : `orthogonal:${v.initParam.trim()}`);
  });
  if (v.init === 'custom') attempt('sigmaW2', () => normalizeConfig({ sigmaW2: v.sigmaW2, init: 'custom' }));
  attempt('sigmaB2', () => normalizeConfig({ sigmaB2: v.sigmaB2 }));
  for (const key of ['depth', 'width', 'batch', 'seed', 'top'] as const) {
    attempt(key, () => normalizeConfig({ [key]: v[key] }));
  }
  let seeds = 1;
  attempt('seeds', () => { seeds = parseAppSeeds(v.seeds, errors.seed ? 0 : normalizeConfig({ seed: v.seed }).seed); });
  if (Object.keys(errors).length > 0) return { config: null, seeds, errors, formError: null };

  let config: SimConfig;
  try {
    config = normalizeConfig(rawFromForm(v));
  } catch (err) {
    return { config: null, seeds, errors, formError: messageOf(err) };
  }
  if (fits) {
    try {
      fits(config);
    } catch (err) {
      return { config: null, seeds, errors, formError: messageOf(err) };
    }
  }
  return { config, seeds, errors, formError: null };
}

export { DEFAULT_CONFIG };
