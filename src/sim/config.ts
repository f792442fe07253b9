/**
 * The simulation's configuration: one normalized shape shared by the CLI, the URL, the form and
 * both engines. `normalizeConfig` is the single gate: whatever reaches an engine has passed it.
 * Its fields are declared once, in the configuration table (config-fields.ts).
 */
import { ConfigError } from './config-error';
import {
  FIELDS, fieldsJson, isGiven, readFields, type FieldValues, type NormKind, type RawFields, type ResidualSetting, type TopMode,
} from './config-fields';
import { weightVarianceScale } from './inits';
import { withDerivatives, type ActivationPart, type ActivationRef, type InitRef, type RunActivation } from './specs';

export { ConfigError };
export type { ActivationPart, ActivationRef, InitRef, NormKind, ResidualSetting, RunActivation, TopMode };

/**
 * A normalized configuration: resolved, plain data (it crosses postMessage and page.evaluate as JSON).
 * Spec strings live only at the edges: `configJson` gives the documented JSON shape.
 */
export type SimConfig = Omit<FieldValues<'sim', 'config'>, 'activations' | 'sigmaW2'> & {
  /** The compared networks, in the order given, each with the derivative its backward pass uses. */
  activations: RunActivation[];
  /** σ_w² = fan_in·Var(W) implied by the init (for `custom`, the chosen value, also the init's param). */
  sigmaW2: number;
  /** The residual stream's α (0: a plain network); `residual` as given, `auto` resolved to 1/√depth. */
  alpha: number;
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

/** α of the residual stream h_l = h_{l−1} + α·f(s_l): the value given, or 1/√depth for `auto` (0: plain). */
export function residualAlpha(residual: ResidualSetting, depth: number): number {
  return residual === 'auto' ? 1 / Math.sqrt(depth) : residual;
}

/**
 * A normalization needs more than one value to normalize over (as PyTorch refuses a training-mode
 * BatchNorm of one example): BatchNorm over the batch (`over` = batch), LayerNorm over the units.
 */
export function checkNorm(norm: NormKind, batch: number, width: number, batchName = 'batch'): void {
  if (norm === 'batch' && batch < 2) throw new ConfigError(`--norm batch normalizes each unit over the batch: ${batchName} must be at least 2 (got ${batch})`);
  if (norm === 'layer' && width < 2) throw new ConfigError(`--norm layer normalizes each example over its units: width must be at least 2 (got ${width})`);
}

/** The widest network whose Jacobian spectrum a run computes (ml-matrix's SVD of 1024² takes seconds, README). */
export const SPECTRUM_MAX_WIDTH = 1024;

/** --spectrum-at and --spectrum-inputs belong to --spectrum; its depths lie in 1 … depth, its SVD is bounded, and BatchNorm is refused. */
function checkSpectrum(v: FieldValues<'sim', 'config'>): void {
  if (!v.spectrum) {
    const stray = v.spectrumAt !== null ? 'spectrum-at' : v.spectrumInputs !== FIELDS.spectrumInputs.sim.default ? 'spectrum-inputs' : null;
    if (stray) throw new ConfigError(`--${stray} sets what --spectrum computes; give --spectrum too`);
    return;
  }
  // A probe run replicates one input across the batch: every unit's batch variance is 0.
  if (v.norm === 'batch') throw new ConfigError('--spectrum cannot run with --norm batch: its probe runs replicate one input over the batch, so the batch statistics are degenerate');
  const beyond = v.spectrumAt?.find((d) => d > v.depth);
  if (beyond !== undefined) throw new ConfigError(`spectrum-at must list depths between 1 and depth ${v.depth} (got ${beyond})`);
  if (v.width > SPECTRUM_MAX_WIDTH) {
    throw new ConfigError(`--spectrum computes width × width Jacobians and their SVD: width must be at most ${SPECTRUM_MAX_WIDTH} (got ${v.width})`);
  }
}

/** Validates and normalizes; throws ConfigError with one line. */
export function normalizeConfig(raw: RawConfig): SimConfig {
  const v = readFields('sim', 'config', raw);
  checkSpectrum(v);
  const weights = resolveWeights(v.init, v.sigmaW2, isGiven(raw.init), v.width);
  checkNorm(v.norm, v.batch, v.width);
  return { ...v, ...weights, alpha: residualAlpha(v.residual, v.depth), activations: v.activations.map((a) => withDerivatives(a, v.backward)) };
}

/** True for a network with a residual stream (α > 0 or auto). */
export function isResidual(c: Pick<SimConfig, 'residual'>): boolean {
  return c.residual !== 0;
}

/** The compared activation whose canonical spec is `spec` (a result's run, the focused chart). */
export function activationOf(config: SimConfig, spec: string): RunActivation {
  const run = config.activations.find((a) => a.spec === spec);
  if (!run) throw new Error(`'${spec}' is not one of this configuration's activations`);
  return run;
}

/** Seeds first … first + count − 1 must stay seeds; the Jacobian spectrum is of one network, one seed. */
export function checkSeedRange(first: number, count: number, spectrum = false): void {
  const { max } = FIELDS.seed.sim;
  if (first + count - 1 > max) throw new ConfigError(`seeds ${first}…${first + count - 1} pass the largest seed ${max}`);
  if (spectrum && count > 1) throw new ConfigError('--spectrum gives the Jacobian of one network: it cannot be combined with --seeds');
}

/** The configuration as the JSON output documents it: canonical spec strings. */
export type SimConfigJson = Omit<SimConfig, 'activations' | 'backward' | 'init'> & {
  activations: string[]; backward: string | null; init: string;
};

/** The table's fields, then α as resolved from `residual`. */
export function configJson(c: SimConfig): SimConfigJson {
  return { ...fieldsJson('sim', c), alpha: c.alpha } as SimConfigJson;
}
