/**
 * The Training view's settings: the form's values (strings, as typed), and the one gate they and
 * the URL pass (`checkTrainView`: one normalizeTrainConfig per chosen activation), checked by the
 * views' one rule (../view-fields.ts), so nothing the engines would refuse reaches a trainer.
 */
import { ConfigError } from '../../sim/config-error';
import { FIELDS } from '../../sim/config-fields';
import { activationList } from '../../sim/field-kinds';
import { checkModelSize, modelShapes } from '../../sim/train/model';
import { TASK_INPUT_DIM } from '../../sim/train/tasks';
import { normalizeTrainConfig, type TrainConfig } from '../../sim/train/train-config';
import { chipSpecs, chipValues, type ChipValues } from '../activation-chips';
import {
  applies, checkFields, formTextFields, formTexts, labelled, viewFields, viewMessage, type FormErrors, type FormTextField, type FormTexts,
  type ViewRaw,
} from '../view-fields';
import { BROWSER_TRAIN_MEMORY_LIMIT } from './worker-trainer';

export type TrainEngineChoice = 'webgpu' | 'cpu';

/** Networks trained side by side at most from the form's activations (one worker or GPU trainer each). */
export const MAX_SIDE_BY_SIDE = 4;
/** Seeds per network at most in a seed sweep. */
export const MAX_TRAIN_SEEDS = 8;
/** Trainers at once at most: networks (pinned and the form's) × seeds. */
export const MAX_TRAINERS = 16;

/** The view's fields with controls of their own; every other one is a text box holding its value as typed. */
const OWN_CONTROLS = ['activation', 'task', 'init', 'optimizer', 'norm', 'affine'] as const;

/** The form's values, as typed: classes (gaussians only), noise, σ_w² (custom init only), depth, width, lr … as text. */
export type TrainFormValues = ChipValues & FormTexts<'train', (typeof OWN_CONTROLS)[number]> & {
  task: string;
  init: string;
  optimizer: string;
  /** none, layer or batch. */
  norm: string;
  /** Learned γ and β: 'true' or 'false'. */
  affine: string;
  engine: TrainEngineChoice;
};

/** The form's text boxes (classes, noise, depth, learning rate, …), each as the table describes it. */
export function trainTextFields(v: TrainFormValues): FormTextField[] {
  return formTextFields('train', OWN_CONTROLS, v);
}

export interface ValidatedTrain {
  /** One config per activation, in the order chosen; null while anything is invalid. */
  configs: TrainConfig[] | null;
  errors: FormErrors;
  /** A message that belongs to no single field (e.g. the model does not fit in memory). */
  formError: string | null;
}

/** What a first visit shows, the scenario: ReLU against sigmoid on the spirals. */
const FIRST_VISIT: ViewRaw = { task: 'spirals', activation: 'relu,sigmoid', depth: 20, width: 16, steps: 2000, every: 20 };

/**
 * The view's gate, for the URL and the form alike: one configuration per activation of the list
 * (what the view does not give comes from the first visit's), all else shared.
 */
export function checkTrainView(raw: ViewRaw): TrainConfig[] {
  const merged = { ...FIRST_VISIT, ...raw };
  const activations = activationList.parse(merged.activation ?? '', 'activation', {});
  if (activations.length > MAX_SIDE_BY_SIDE) throw new ConfigError(`choose at most ${MAX_SIDE_BY_SIDE} activations to train side by side`);
  return activations.map((a) => normalizeTrainConfig({ ...merged, activation: a.spec }));
}

/** The form values that describe `configs` (one per activation; all else shared). */
export function trainFormFromConfigs(configs: readonly TrainConfig[], engine: TrainEngineChoice): TrainFormValues {
  const c = configs[0];
  // A task of fixed classes keeps the gaussians' default in the (hidden) classes field.
  const classes = c.task === 'gaussians' ? c.classes : FIELDS.classes.train.default;
  return {
    ...chipValues(configs.map((x) => x.activation)),
    ...formTexts('train', OWN_CONTROLS, { ...c, classes }),
    task: c.task, init: c.init.spec, optimizer: c.optimizer, norm: c.norm, affine: String(c.affine), engine,
  };
}

export const TRAIN_VIEW_DEFAULTS: TrainFormValues = trainFormFromConfigs(checkTrainView({}), 'webgpu');

/** The view's settings the form describes, as text by field id (only the fields that apply). */
function rawFromTrainForm(v: TrainFormValues, specs: readonly string[]): ViewRaw {
  const texts: Record<string, unknown> = { ...v, activation: specs.length > 0 ? specs.join(',') : undefined };
  const raw: ViewRaw = {};
  for (const entry of viewFields('train')) {
    const text = texts[entry.id];
    if (typeof text === 'string' && applies(entry, texts)) raw[entry.id] = text;
  }
  return raw;
}

export function validateTrainForm(v: TrainFormValues, memoryLimit = BROWSER_TRAIN_MEMORY_LIMIT): ValidatedTrain {
  const chips = chipSpecs(v, (m) => labelled('train', m));
  if (v.activations.length > MAX_SIDE_BY_SIDE) chips.errors.activations = `choose at most ${MAX_SIDE_BY_SIDE} activations to train side by side`;
  const checked = checkFields('train', rawFromTrainForm(v, chips.specs), checkTrainView);
  const { activation: listError, ...fieldErrors } = checked.errors;
  const errors: FormErrors = { ...fieldErrors, ...(listError ? { activations: listError } : {}), ...chips.errors };
  if (Object.keys(errors).length > 0 || !checked.value) return { configs: null, errors, formError: checked.error };
  const configs = checked.value;
  try {
    const c = configs[0];
    checkModelSize(modelShapes(c.depth, c.width, TASK_INPUT_DIM, c.classes), memoryLimit, 'the browser');
  } catch (err) {
    return { configs: null, errors, formError: viewMessage('train', err) };
  }
  return { configs, errors, formError: null };
}
