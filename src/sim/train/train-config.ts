/**
 * The training configuration: one normalized shape shared by the CLI, the URL, the form and both
 * training engines. `normalizeTrainConfig` is the single gate (like `normalizeConfig` for the
 * simulation): it throws `ConfigError` with a one-line message on any bad value. Its fields are
 * declared once, in the configuration table (../config-fields.ts), beside the simulation's.
 */
import { checkNorm, residualAlpha, resolveWeights } from '../config';
import { ConfigError } from '../config-error';
import { fieldsJson, isGiven, readField, readFields, type FieldValues, type RawFields } from '../config-fields';
import { withDerivative, type ActivationPair } from '../specs';

export { OPTIMIZER_NAMES, TASK_NAMES, type OptimizerName, type TaskName } from '../config-fields';

/**
 * The network is an input layer (2 → width), `depth` hidden width × width layers and a linear head
 * (width → classes outputs). Hidden biases start at N(biasInit, σ_b²), the head's at 0; the weight
 * decay λ adds λW to the weight gradients only; momentum applies to --optimizer momentum, β₁, β₂, ε
 * to Adam (Kingma & Ba 2015).
 */
export type TrainConfig = Omit<FieldValues<'train', 'config'>, 'activation' | 'sigmaW2'> & {
  /** The activation of every hidden layer (the head is linear), with the derivative used backward. */
  activation: ActivationPair;
  /** σ_w² implied by the init for the width × width layers (custom: the chosen value). */
  sigmaW2: number;
  /** α of the hidden layers' residual stream (0: plain), `residual` resolved (auto: 1/√depth). */
  alpha: number;
};

export type RawTrainConfig = RawFields<'train', 'config'>;

/** Outputs of a task: its classes, 1 for the teacher's regression; null where --classes chooses (gaussians). */
function fixedClasses(task: string): number | null {
  if (task === 'teacher') return 1;
  return task === 'gaussians' ? null : 2;
}

export function normalizeTrainConfig(raw: RawTrainConfig): TrainConfig {
  const task = readField('train', 'task', raw.task);
  const fixed = fixedClasses(task);
  if (fixed !== null && isGiven(raw.classes) && Number(raw.classes) !== fixed) {
    throw new ConfigError(`task '${task}' has ${task === 'teacher' ? '1 output' : '2 classes'}; --classes applies to gaussians only`);
  }
  const v = readFields('train', 'config', fixed === null ? raw : { ...raw, classes: null });
  if (v.beta1 >= 1 || v.beta2 >= 1) throw new ConfigError('beta1 and beta2 must be below 1');
  if (v.batchSize > v.trainSize) throw new ConfigError(`batch-size ${v.batchSize} exceeds train-size ${v.trainSize}`);
  const weights = resolveWeights(v.init, v.sigmaW2, isGiven(raw.init), v.width);
  checkNorm(v.norm, v.batchSize, v.width, 'batch-size');
  if (v.affine && v.norm === 'none') throw new ConfigError('--affine learns the normalization\'s γ and β: it needs --norm layer or batch');
  return {
    ...v, ...weights, alpha: residualAlpha(v.residual, v.depth), classes: fixed ?? v.classes, activation: withDerivative(v.activation, v.backward),
  };
}

/** The configuration as the JSON output documents it: canonical spec strings. */
export type TrainConfigJson = Omit<TrainConfig, 'activation' | 'backward' | 'init'> & { activation: string; backward: string | null; init: string };

/** The table's fields, then α as resolved from `residual`. */
export function trainConfigJson(c: TrainConfig): TrainConfigJson {
  return { ...fieldsJson('train', c), alpha: c.alpha } as TrainConfigJson;
}
