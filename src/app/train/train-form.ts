/**
 * The training form's values (strings, as typed) and the one function that turns them into one
 * TrainConfig per chosen activation, or per-field messages. Every check goes through the same gate
 * as the CLI (`normalizeTrainConfig`), so nothing the engines would refuse reaches a trainer.
 */
import { activationDef, findActivation } from '../../sim/activations';
import { ConfigError } from '../../sim/config';
import { parseActivation } from '../../sim/specs';
import { checkModelSize, modelShapes } from '../../sim/train/model';
import { TASK_INPUT_DIM } from '../../sim/train/tasks';
import {
  DEFAULT_TRAIN_CONFIG, normalizeTrainConfig, type RawTrainConfig, type TrainConfig,
} from '../../sim/train/train-config';
import { BROWSER_TRAIN_MEMORY_LIMIT } from './worker-trainer';

export type TrainEngineChoice = 'webgpu' | 'cpu';

/** Networks trained side by side at most (one worker or GPU trainer each). */
export const MAX_SIDE_BY_SIDE = 4;

export interface TrainFormValues {
  task: string;
  /** Gaussian mixture classes k (ignored by the other tasks). */
  classes: string;
  noise: string;
  /** Activation names in the order chosen; parameters in `params`. */
  activations: string[];
  params: Record<string, string>;
  init: string;
  /** Only for the custom init. */
  sigmaW2: string;
  biasInit: string;
  sigmaB2: string;
  depth: string;
  width: string;
  optimizer: string;
  lr: string;
  momentum: string;
  batchSize: string;
  steps: string;
  every: string;
  weightDecay: string;
  seed: string;
  trainSize: string;
  testSize: string;
  engine: TrainEngineChoice;
}

/** Form fields that map onto one TrainConfig field. */
export const TRAIN_FIELDS = [
  'task', 'classes', 'noise', 'init', 'sigmaW2', 'biasInit', 'sigmaB2', 'depth', 'width', 'optimizer', 'lr', 'momentum',
  'batchSize', 'steps', 'every', 'weightDecay', 'seed', 'trainSize', 'testSize',
] as const satisfies readonly (keyof TrainFormValues & keyof TrainConfig)[];
export type TrainField = (typeof TRAIN_FIELDS)[number];

export type TrainFieldKey = TrainField | 'activations' | `param:${string}`;
export type TrainFieldErrors = Partial<Record<TrainFieldKey, string>>;

export interface ValidatedTrain {
  /** One config per activation, in the order chosen; null while anything is invalid. */
  configs: TrainConfig[] | null;
  errors: TrainFieldErrors;
  /** A message that belongs to no single field (e.g. the model does not fit in memory). */
  formError: string | null;
}

/** What a first visit shows: the scenario, ReLU against sigmoid on the spirals. */
export const TRAIN_VIEW_DEFAULTS: TrainFormValues = {
  task: 'spirals', classes: '3', noise: '0', activations: ['relu', 'sigmoid'], params: {},
  init: 'he-normal', sigmaW2: '2', biasInit: '0', sigmaB2: '0',
  depth: '20', width: '16', optimizer: 'adam', lr: '0.01', momentum: '0.9',
  batchSize: '32', steps: '2000', every: '20', weightDecay: '0', seed: '1',
  trainSize: '256', testSize: '256', engine: 'webgpu',
};

/** Labels the form uses, for messages (ConfigError speaks the CLI's flag names). */
const FLAG_LABELS: [RegExp, string][] = [
  [/--sigma-w2/g, 'σ_w²'], [/\bsigma-w2\b/g, 'σ_w²'], [/\bsigma-b2\b/g, 'σ_b²'], [/--classes/g, 'classes'],
  [/\bbatch-size\b/g, 'batch size'], [/\btrain-size\b/g, 'training examples'], [/\btest-size\b/g, 'test examples'],
  [/\bweight-decay\b/g, 'weight decay'], [/\bbias-init\b/g, 'bias mean'], [/^lr\b/, 'learning rate'], [/^every\b/, 'every k'],
];

export function trainMessage(message: string): string {
  return FLAG_LABELS.reduce((m, [re, label]) => m.replace(re, label), message);
}

function messageOf(err: unknown): string {
  if (err instanceof ConfigError) return trainMessage(err.message);
  return err instanceof Error ? err.message : String(err);
}

function specOf(name: string, params: Record<string, string>): string {
  const def = findActivation(name);
  const p = params[name];
  if (!def?.param || p === undefined || p.trim() === '') return name;
  return `${name}:${p.trim()}`;
}

/** The raw config the form describes, for one activation spec. */
export function rawFromTrainForm(v: TrainFormValues, activation: string): RawTrainConfig {
  const raw: RawTrainConfig = { activation };
  for (const key of TRAIN_FIELDS) raw[key] = v[key].trim();
  if (v.task !== 'gaussians') raw.classes = null;
  if (v.init !== 'custom') raw.sigmaW2 = null;
  if (v.optimizer !== 'momentum') raw.momentum = null;
  return raw;
}

function tryConfig(raw: RawTrainConfig): string | null {
  try {
    normalizeTrainConfig(raw);
    return null;
  } catch (err) {
    return messageOf(err);
  }
}

/** Fields that decide whether another is valid, included when a field is checked on its own. */
const CONTEXT: Partial<Record<TrainField, TrainField[]>> = {
  classes: ['task'], sigmaW2: ['init'], batchSize: ['trainSize'],
};

export function validateTrainForm(v: TrainFormValues, memoryLimit = BROWSER_TRAIN_MEMORY_LIMIT): ValidatedTrain {
  const errors: TrainFieldErrors = {};
  const specs: string[] = [];
  if (v.activations.length === 0) errors.activations = 'choose at least one activation';
  else if (v.activations.length > MAX_SIDE_BY_SIDE) errors.activations = `choose at most ${MAX_SIDE_BY_SIDE} activations to train side by side`;
  for (const name of v.activations) {
    const spec = specOf(name, v.params);
    try {
      specs.push(parseActivation(spec).spec);
    } catch (err) {
      const field: TrainFieldKey = findActivation(name)?.param ? `param:${name}` : 'activations';
      errors[field] = messageOf(err);
    }
  }
  const full = rawFromTrainForm(v, specs[0] ?? 'relu');
  const fieldOk = new Set<TrainField>();
  // Fields others depend on are checked first.
  const order: TrainField[] = ['task', 'init', 'trainSize', ...TRAIN_FIELDS.filter((k) => k !== 'task' && k !== 'init' && k !== 'trainSize')];
  for (const key of order) {
    if (full[key] === null || full[key] === undefined) continue;
    const alone: RawTrainConfig = { [key]: full[key] };
    for (const dep of CONTEXT[key] ?? []) if (full[dep] !== null && fieldOk.has(dep)) alone[dep] = full[dep] as never;
    const message = tryConfig(alone);
    if (message) errors[key] = message;
    else fieldOk.add(key);
  }
  if (Object.keys(errors).length > 0) return { configs: null, errors, formError: null };
  try {
    const configs = specs.map((spec) => normalizeTrainConfig(rawFromTrainForm(v, spec)));
    const c = configs[0];
    checkModelSize(modelShapes(c.depth, c.width, TASK_INPUT_DIM, c.classes), memoryLimit, 'the browser');
    return { configs, errors, formError: null };
  } catch (err) {
    return { configs: null, errors, formError: messageOf(err) };
  }
}

/** The form values that describe `configs` (one per activation; all else shared). */
export function trainFormFromConfigs(configs: readonly TrainConfig[], engine: TrainEngineChoice): TrainFormValues {
  const c = configs[0] ?? DEFAULT_TRAIN_CONFIG;
  const params: Record<string, string> = {};
  const activations = configs.map(({ activation: a }) => {
    if (activationDef(a).param) params[a.name] = String(a.param);
    return a.name;
  });
  const s = (n: number): string => String(n);
  return {
    task: c.task, classes: c.task === 'gaussians' ? s(c.classes) : '3', noise: s(c.noise), activations, params,
    init: c.init.spec, sigmaW2: s(c.sigmaW2), biasInit: s(c.biasInit), sigmaB2: s(c.sigmaB2),
    depth: s(c.depth), width: s(c.width), optimizer: c.optimizer, lr: s(c.lr), momentum: s(c.momentum),
    batchSize: s(c.batchSize), steps: s(c.steps), every: s(c.every), weightDecay: s(c.weightDecay), seed: s(c.seed),
    trainSize: s(c.trainSize), testSize: s(c.testSize), engine,
  };
}
