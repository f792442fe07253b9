/**
 * The training view's state in the URL query, under keys prefixed `t.` so they never collide with
 * the simulator's keys (act, init, depth, …): a reload or a shared link reproduces the training.
 *   ?tab=training&t.task=spirals&t.act=relu,sigmoid&t.depth=20&t.width=16&t.opt=adam&t.lr=0.01&…
 * Decoding never throws: an invalid parameter is dropped with a one-line message and its default used.
 */
import { findActivation } from '../../sim/activations';
import {
  MAX_SIDE_BY_SIDE, TRAIN_VIEW_DEFAULTS, validateTrainForm, type TrainEngineChoice, type TrainField, type TrainFormValues,
} from './train-form';
import type { TrainConfig } from '../../sim/train/train-config';

export const TRAIN_URL_PREFIX = 't.';

/** URL key (without the prefix) → form field. */
const KEYS = {
  task: 'task', k: 'classes', noise: 'noise', init: 'init', sw2: 'sigmaW2', bias: 'biasInit', sb2: 'sigmaB2',
  depth: 'depth', width: 'width', opt: 'optimizer', lr: 'lr', mom: 'momentum', batch: 'batchSize', steps: 'steps',
  every: 'every', wd: 'weightDecay', seed: 'seed', ntrain: 'trainSize', ntest: 'testSize',
} as const satisfies Record<string, TrainField>;
type UrlKey = keyof typeof KEYS;

export interface DecodedTrainUrl {
  values: TrainFormValues;
  /** One line per ignored parameter; empty when the URL was valid. */
  problems: string[];
  /** True when the URL named any training parameter. */
  fromUrl: boolean;
  /** Steps advanced per animation frame, when the URL gives a valid one. */
  speed: number | null;
}

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200] as const;

const key = (k: string): string => `${TRAIN_URL_PREFIX}${k}`;

/** Parses `t.act=relu,leaky-relu:0.2` into activation names and their parameters. */
function parseActivations(text: string): { names: string[]; params: Record<string, string> } {
  const names: string[] = [];
  const params: Record<string, string> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter((s) => s)) {
    const [name, param] = part.split(':');
    const n = name.toLowerCase();
    if (!names.includes(n)) names.push(n);
    if (param !== undefined) params[n] = param;
  }
  return { names, params };
}

function applyParam(values: TrainFormValues, k: string, value: string): TrainFormValues {
  if (k === 'act') {
    const { names, params } = parseActivations(value);
    return { ...values, activations: names, params: { ...values.params, ...params } };
  }
  if (k === 'engine') return values;
  const field = KEYS[k as UrlKey];
  const next = { ...values, [field]: value };
  // A σ_w² alone means the custom init, as on the command line.
  if (field === 'sigmaW2' && values.init !== 'custom') next.init = 'custom';
  return next;
}

function isValidAlone(k: string, value: string, params: URLSearchParams): string | null {
  let v = applyParam(TRAIN_VIEW_DEFAULTS, k, value);
  // Checked with the field it depends on, when the URL gives that too.
  const deps: Partial<Record<string, string>> = { k: 'task', sw2: 'init', batch: 'ntrain' };
  const dep = deps[k];
  if (dep && params.has(key(dep))) v = applyParam(v, dep, params.get(key(dep)) ?? '');
  if (k === 'act') {
    const unknown = v.activations.find((n) => !findActivation(n));
    if (unknown) return `unknown activation '${unknown}'`;
  }
  const r = validateTrainForm(v);
  if (r.configs) return null;
  const messages = Object.values(r.errors);
  return messages[0] ?? r.formError ?? 'invalid';
}

export function decodeTrainUrl(search: string): DecodedTrainUrl {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const named = ['act', 'engine', 'speed', ...Object.keys(KEYS)];
  const fromUrl = named.some((k) => params.has(key(k)));

  let values = TRAIN_VIEW_DEFAULTS;
  for (const k of ['act', ...Object.keys(KEYS)]) {
    const value = params.get(key(k));
    if (value === null) continue;
    const problem = isValidAlone(k, value, params);
    if (problem) problems.push(`URL parameter ${key(k)}=${value} ignored: ${problem}`);
    else values = applyParam(values, k, value);
  }
  if (!validateTrainForm(values).configs) {
    const r = validateTrainForm(values);
    problems.push(`URL training configuration ignored: ${Object.values(r.errors)[0] ?? r.formError}`);
    values = TRAIN_VIEW_DEFAULTS;
  }

  const engineParam = params.get(key('engine'));
  let engine: TrainEngineChoice = 'webgpu';
  if (engineParam === 'cpu' || engineParam === 'webgpu') engine = engineParam;
  else if (engineParam !== null) problems.push(`URL parameter ${key('engine')}=${engineParam} ignored: engine must be webgpu or cpu`);

  const speedParam = params.get(key('speed'));
  let speed: number | null = null;
  if (speedParam !== null) {
    const n = Number(speedParam);
    if ((SPEEDS as readonly number[]).includes(n)) speed = n;
    else problems.push(`URL parameter ${key('speed')}=${speedParam} ignored: speed must be one of ${SPEEDS.join(', ')}`);
  }
  return { values: { ...values, engine }, problems, fromUrl, speed };
}

/** The `t.*` parameters for validated configs (one per activation, all else shared). */
export function trainParams(configs: readonly TrainConfig[], engine: TrainEngineChoice, speed: number | null): URLSearchParams {
  const c = configs[0];
  const p = new URLSearchParams();
  const set = (k: string, v: string | number): void => p.set(key(k), String(v));
  set('task', c.task);
  if (c.task === 'gaussians') set('k', c.classes);
  if (c.noise !== 0) set('noise', c.noise);
  set('act', configs.slice(0, MAX_SIDE_BY_SIDE).map((x) => x.activation.spec).join(','));
  set('init', c.init.spec);
  if (c.init.name === 'custom') set('sw2', c.sigmaW2);
  if (c.biasInit !== 0) set('bias', c.biasInit);
  if (c.sigmaB2 !== 0) set('sb2', c.sigmaB2);
  set('depth', c.depth);
  set('width', c.width);
  set('opt', c.optimizer);
  set('lr', c.lr);
  if (c.optimizer === 'momentum') set('mom', c.momentum);
  set('batch', c.batchSize);
  set('steps', c.steps);
  set('every', c.every);
  if (c.weightDecay !== 0) set('wd', c.weightDecay);
  set('seed', c.seed);
  if (c.trainSize !== 256) set('ntrain', c.trainSize);
  if (c.testSize !== 256) set('ntest', c.testSize);
  if (engine === 'cpu') set('engine', 'cpu');
  if (speed !== null) set('speed', speed);
  return p;
}

/**
 * `search` with its `t.*` parameters replaced by `train` and every other parameter (the
 * simulator's, the tab) kept as it was: the two views share one query string.
 */
export function mergeTrainSearch(search: string, train: URLSearchParams | null): string {
  const out = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(search)) if (!k.startsWith(TRAIN_URL_PREFIX)) out.append(k, v);
  if (train) for (const [k, v] of train) out.append(k, v);
  const text = out.toString().replace(/%2C/g, ',').replace(/%3A/g, ':');
  return text ? `?${text}` : '';
}

/** Only the `t.*` parameters of `search`, for the simulator's URL writer to carry along. */
export function trainSearchOf(search: string): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(search)) if (k.startsWith(TRAIN_URL_PREFIX)) out.append(k, v);
  return out;
}
