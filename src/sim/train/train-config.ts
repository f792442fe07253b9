/**
 * The training configuration: one normalized shape shared by the CLI, the URL, the form and both
 * training engines. `normalizeTrainConfig` is the single gate (like `normalizeConfig` for the
 * simulation): it throws `ConfigError` with a one-line message on any bad value.
 */
import { ConfigError } from '../config-error';
import { weightVarianceScale } from '../inits';
import { parseActivation, parseInit, withDerivative, type ActivationRef, type InitRef, type RunActivation } from '../specs';

export const TASK_NAMES = ['xor', 'spirals', 'circles', 'gaussians', 'teacher'] as const;
export type TaskName = (typeof TASK_NAMES)[number];

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface TrainConfig {
  task: TaskName;
  /** Classes (= outputs): k for gaussians, 2 for xor, spirals, circles, 1 regression output for teacher. */
  classes: number;
  /** Std of the Gaussian noise added to task inputs (inputs lie in about [−1, 1]²). */
  noise: number;
  /** The activation of every hidden layer (the head is linear), with the derivative used backward. */
  activation: RunActivation;
  /** The --backward override as given (e.g. necrorelu-style experiments); null = the activation's own. */
  backward: ActivationRef | null;
  init: InitRef;
  /** σ_w² implied by the init for the width × width layers (custom: the chosen value). */
  sigmaW2: number;
  /** Bias init: b ~ N(biasInit, σ_b²) for hidden layers; the head's bias starts at 0. */
  sigmaB2: number;
  biasInit: number;
  /** Hidden width × width layers between the input layer (dim → width) and the head (width → outputs). */
  depth: number;
  width: number;
  optimizer: OptimizerName;
  lr: number;
  /** Momentum μ (optimizer momentum) — ignored otherwise. */
  momentum: number;
  /** Adam's β₁, β₂, ε (Kingma & Ba 2015). */
  beta1: number;
  beta2: number;
  eps: number;
  /** L2 penalty λ added to the weight gradients (g + λW), weights only, not biases or slopes. */
  weightDecay: number;
  batchSize: number;
  steps: number;
  /** A checkpoint (statistics over the whole training set) every `every` steps, plus step 0 and the last. */
  every: number;
  seed: number;
  trainSize: number;
  testSize: number;
}

export const TRAIN_LIMITS = {
  classes: { min: 2, max: 16 },
  depth: { min: 0, max: 2000 },
  width: { min: 1, max: 4096 },
  batchSize: { min: 1, max: 65_536 },
  steps: { min: 0, max: 10_000_000 },
  every: { min: 1, max: 10_000_000 },
  seed: { min: 0, max: 0xffffffff },
  trainSize: { min: 1, max: 1_000_000 },
  testSize: { min: 1, max: 1_000_000 },
} as const;

/** What a caller may hand in: everything optional, numbers possibly still strings, specs as text. */
export type RawTrainConfig = { [K in keyof TrainConfig]?: number | string | null };

const TRAIN_DEFAULTS = {
  task: 'xor', activation: 'relu', init: 'he-normal', noise: 0, sigmaB2: 0, biasInit: 0, depth: 4, width: 32,
  optimizer: 'adam', lr: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, batchSize: 32,
  steps: 1000, every: 50, seed: 1, trainSize: 256, testSize: 256,
} as const;

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return undefined;
}

function integer(name: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = toNumber(value);
  if (n === undefined || !Number.isInteger(n)) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got '${String(value)}')`);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}

function real(name: string, value: unknown, fallback: number, min: number, max: number, openMin = false): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = toNumber(value);
  const bad = n === undefined || !Number.isFinite(n) || n > max || (openMin ? n <= min : n < min);
  if (bad) throw new ConfigError(`${name} must be a number ${openMin ? 'above' : 'from'} ${min} ${openMin ? 'up to' : 'to'} ${max} (got '${String(value)}')`);
  return n;
}

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === null || value === '') return fallback;
  const v = String(value).trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new ConfigError(`unknown ${name} '${String(value)}' (valid: ${allowed.join(', ')})`);
  return v as T;
}

export function normalizeTrainConfig(raw: RawTrainConfig): TrainConfig {
  const d = TRAIN_DEFAULTS;
  const task = oneOf('task', raw.task, TASK_NAMES, d.task);
  const L = TRAIN_LIMITS;
  const fixed = task === 'teacher' ? 1 : task === 'gaussians' ? null : 2;
  const classesGiven = raw.classes !== undefined && raw.classes !== null && raw.classes !== '';
  const classes = fixed ?? integer('classes', raw.classes, 3, L.classes.min, L.classes.max);
  if (fixed !== null && classesGiven && Number(raw.classes) !== fixed) {
    throw new ConfigError(`task '${task}' has ${task === 'teacher' ? '1 output' : '2 classes'}; --classes applies to gaussians only`);
  }
  const activation = parseActivation(String(raw.activation ?? d.activation));
  const backwardRaw = raw.backward === undefined || raw.backward === null ? '' : String(raw.backward).trim();
  const backward = backwardRaw === '' || backwardRaw === 'none' ? null : parseActivation(backwardRaw);

  const hasSigmaW2 = raw.sigmaW2 !== undefined && raw.sigmaW2 !== null && raw.sigmaW2 !== '';
  const sigmaW2In = hasSigmaW2 ? real('sigma-w2', raw.sigmaW2, 1, 0, 1e6) : undefined;
  const initRaw = raw.init === undefined || raw.init === null || raw.init === '' ? (hasSigmaW2 ? 'custom' : d.init) : String(raw.init);
  const init = parseInit(initRaw, sigmaW2In);
  if (hasSigmaW2 && init.name !== 'custom') throw new ConfigError(`--sigma-w2 sets a custom Gaussian init; it cannot be combined with init '${initRaw}'`);
  const width = integer('width', raw.width, d.width, L.width.min, L.width.max);
  const sigmaW2 = init.name === 'custom' ? (init.param ?? 1) : Number(weightVarianceScale(init, width, width).toPrecision(12));

  const optimizer = oneOf('optimizer', raw.optimizer, OPTIMIZER_NAMES, d.optimizer);
  const trainSize = integer('train-size', raw.trainSize, d.trainSize, L.trainSize.min, L.trainSize.max);
  const config: TrainConfig = {
    task,
    classes,
    noise: real('noise', raw.noise, d.noise, 0, 10),
    activation: withDerivative(activation, backward),
    backward,
    init,
    sigmaW2,
    sigmaB2: real('sigma-b2', raw.sigmaB2, d.sigmaB2, 0, 1e6),
    biasInit: real('bias-init', raw.biasInit, d.biasInit, -1e6, 1e6),
    depth: integer('depth', raw.depth, d.depth, L.depth.min, L.depth.max),
    width,
    optimizer,
    lr: real('lr', raw.lr, d.lr, 0, 1e6, true),
    momentum: real('momentum', raw.momentum, d.momentum, 0, 1),
    beta1: real('beta1', raw.beta1, d.beta1, 0, 1),
    beta2: real('beta2', raw.beta2, d.beta2, 0, 1),
    eps: real('eps', raw.eps, d.eps, 0, 1, true),
    weightDecay: real('weight-decay', raw.weightDecay, d.weightDecay, 0, 1e6),
    batchSize: integer('batch-size', raw.batchSize, d.batchSize, L.batchSize.min, L.batchSize.max),
    steps: integer('steps', raw.steps, d.steps, L.steps.min, L.steps.max),
    every: integer('every', raw.every, d.every, L.every.min, L.every.max),
    seed: integer('seed', raw.seed, d.seed, L.seed.min, L.seed.max),
    trainSize,
    testSize: integer('test-size', raw.testSize, d.testSize, L.testSize.min, L.testSize.max),
  };
  if (config.beta1 >= 1 || config.beta2 >= 1) throw new ConfigError('beta1 and beta2 must be below 1');
  if (config.batchSize > trainSize) throw new ConfigError(`batch-size ${config.batchSize} exceeds train-size ${trainSize}`);
  return config;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = normalizeTrainConfig({});

/** The configuration as the JSON output documents it: canonical spec strings. */
export type TrainConfigJson = Omit<TrainConfig, 'activation' | 'backward' | 'init'> & { activation: string; backward: string | null; init: string };

export function trainConfigJson(c: TrainConfig): TrainConfigJson {
  return { ...c, activation: c.activation.spec, backward: c.backward?.spec ?? null, init: c.init.spec };
}
