/**
 * The simulation's configuration: one normalized shape shared by the CLI, the URL, the form and
 * both engines. `normalizeConfig` is the single gate: whatever reaches an engine has passed it.
 * Its fields are declared once, in the configuration table (config-fields.ts).
 */
import { ConfigError } from './config-error';
import { FIELDS, fieldsJson, isGiven, readFields, type FieldValues, type RawFields, type TopMode } from './config-fields';
import { weightVarianceScale } from './inits';
import { withDerivative, type ActivationRef, type InitRef, type RunActivation } from './specs';

export { ConfigError };
export type { ActivationRef, InitRef, RunActivation, TopMode };

/**
 * A normalized configuration: resolved, plain data (it crosses postMessage and page.evaluate as JSON).
 * Spec strings live only at the edges: `configJson` gives the documented JSON shape.
 */
export type SimConfig = Omit<FieldValues<'sim', 'config'>, 'activations' | 'sigmaW2'> & {
  /** The compared networks, in the order given, each with the derivative its backward pass uses. */
  activations: RunActivation[];
  /** σ_w² = fan_in·Var(W) implied by the init (for `custom`, the chosen value, also the init's param). */
  sigmaW2: number;
};

/** What a caller may hand in: everything optional, numbers possibly still strings, specs as text. */
export type RawConfig = RawFields<'sim', 'config'>;

/**
 * σ_w² and the init decide each other, for the simulation and training alike: a σ_w² selects the
 * custom init W ~ N(0, σ_w²/fan_in) and is refused beside another named init (rather than a silent
 * choice); a named init implies σ_w² = fan_in·Var(W) of a width × width layer.
 */
export function resolveWeights(init: InitRef, sigmaW2: number | null, initGiven: boolean, width: number): { init: InitRef; sigmaW2: number } {
  if (sigmaW2 !== null) {
    if (initGiven && init.name !== 'custom') {
      throw new ConfigError(`--sigma-w2 sets a custom Gaussian init; it cannot be combined with init '${init.spec}'`);
    }
    return { init: { spec: 'custom', name: 'custom', param: sigmaW2 }, sigmaW2 };
  }
  if (init.name === 'custom') return { init, sigmaW2: init.param ?? 1 };
  return { init, sigmaW2: Number(weightVarianceScale(init, width, width).toPrecision(12)) };
}

/** Validates and normalizes; throws ConfigError with one line. */
export function normalizeConfig(raw: RawConfig): SimConfig {
  const v = readFields('sim', 'config', raw);
  const weights = resolveWeights(v.init, v.sigmaW2, isGiven(raw.init), v.width);
  return { ...v, ...weights, activations: v.activations.map((a) => withDerivative(a, v.backward)) };
}

/** The compared activation whose canonical spec is `spec` (a result's run, the focused chart). */
export function activationOf(config: SimConfig, spec: string): RunActivation {
  const run = config.activations.find((a) => a.spec === spec);
  if (!run) throw new Error(`'${spec}' is not one of this configuration's activations`);
  return run;
}

/** Seeds first … first + count − 1 must stay seeds. */
export function checkSeedRange(first: number, count: number): void {
  const { max } = FIELDS.seed.sim;
  if (first + count - 1 > max) throw new ConfigError(`seeds ${first}…${first + count - 1} pass the largest seed ${max}`);
}

/** The configuration as the JSON output documents it: canonical spec strings. */
export type SimConfigJson = Omit<SimConfig, 'activations' | 'backward' | 'init'> & {
  activations: string[]; backward: string | null; init: string;
};

export function configJson(c: SimConfig): SimConfigJson {
  return fieldsJson('sim', c) as SimConfigJson;
}
