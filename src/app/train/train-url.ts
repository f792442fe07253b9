/**
 * The training view's section of the URL (url-store.ts), under keys prefixed `t.` so they never
 * collide with the simulator's keys (act, init, depth, …): a reload or a shared link reproduces the
 * training.
 *   ?tab=training&t.task=spirals&t.act=relu,sigmoid&t.depth=20&t.width=16&t.opt=adam&t.lr=0.01&…
 * plus the networks kept beside the form's (`t.pin=act:relu!init:lecun-normal`, one each, the
 * fields that differ from the defaults: pins.ts), the seeds per network (`t.seeds=4`) and, in a
 * copied link, the step reached (`t.at=400`: the page trains that far and pauses).
 * Decoding never throws: an invalid parameter is dropped with a one-line message and its default used.
 */
import type { TrainConfig } from '../../sim/train/train-config';
import { diffParam, parseDiff } from '../pins';
import { TRAIN_URL_PREFIX } from '../url-store';
import { decodeFields, encodeFields, ignored } from '../view-fields';
import { MAX_SIDE_BY_SIDE, MAX_TRAIN_SEEDS, checkTrainView, trainFormFromConfigs, type TrainEngineChoice, type TrainFormValues } from './train-form';

/** A network kept beside the form's, with its own settings. */
export interface TrainPin {
  config: TrainConfig;
  /** The visitor's label, or null for the one derived from the settings. */
  label: string | null;
}

export interface DecodedTrainUrl {
  values: TrainFormValues;
  /** One line per ignored parameter; empty when the URL was valid. */
  problems: string[];
  /** True when the URL named any training parameter. */
  fromUrl: boolean;
  /** True when the URL named the engine (else the machine's default applies: src/app/engine-default.ts). */
  engineFromUrl: boolean;
  /** Steps advanced per animation frame, when the URL gives a valid one. */
  speed: number | null;
  pins: TrainPin[];
  /** Seeds per network (1: no sweep). */
  seeds: number;
  /** The step a copied link was at, to train to on opening; null when none. */
  at: number | null;
}

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200] as const;

const key = (k: string): string => `${TRAIN_URL_PREFIX}${k}`;

export function decodeTrainUrl(search: string | URLSearchParams): DecodedTrainUrl {
  const params = new URLSearchParams(search);
  const decoded = decodeFields('train', params, TRAIN_URL_PREFIX, checkTrainView, 'training configuration');
  const problems = decoded.problems;

  const engineParam = params.get(key('engine'));
  let engine: TrainEngineChoice = 'webgpu';
  const engineFromUrl = engineParam === 'cpu' || engineParam === 'webgpu';
  if (engineFromUrl) engine = engineParam;
  else if (engineParam !== null) problems.push(ignored(key('engine'), engineParam, 'engine must be webgpu or cpu'));

  const speedParam = params.get(key('speed'));
  let speed: number | null = null;
  if (speedParam !== null) {
    const n = Number(speedParam);
    if ((SPEEDS as readonly number[]).includes(n)) speed = n;
    else problems.push(ignored(key('speed'), speedParam, `speed must be one of ${SPEEDS.join(', ')}`));
  }
  const pins = params.getAll(key('pin')).map((text, i): TrainPin => {
    const { pairs, label } = parseDiff(text);
    const pin = decodeFields('train', new URLSearchParams(pairs), '', checkTrainView, 'training configuration');
    problems.push(...pin.problems.map((p) => `${key('pin')} ${i + 1}: ${p}`));
    return { config: pin.value[0], label };
  });
  const seeds = count(params, 'seeds', 1, MAX_TRAIN_SEEDS, problems) ?? 1;
  const at = count(params, 'at', 0, 10_000_000, problems);
  const fromUrl = decoded.named || engineParam !== null || speedParam !== null || pins.length > 0;
  return { values: trainFormFromConfigs(decoded.value, engine), problems, fromUrl, engineFromUrl, speed, pins, seeds, at };
}

/** A whole number in [min, max] under `t.<name>`, or null (absent, or dropped with a line in `problems`). */
function count(params: URLSearchParams, name: string, min: number, max: number, problems: string[]): number | null {
  const text = params.get(key(name));
  if (text === null) return null;
  const n = Number(text);
  if (Number.isInteger(n) && n >= min && n <= max && text.trim() !== '') return n;
  problems.push(ignored(key(name), text, `${name} must be a whole number from ${min} to ${max}`));
  return null;
}

/** One network's fields as URL pairs (no prefix), for a pin. */
const pinPairs = (c: TrainConfig): Map<string, string> => new Map(encodeFields('train', { ...c, activation: c.activation.spec }, ''));
const PIN_DEFAULTS = pinPairs(checkTrainView({})[0]);

export interface TrainUrlExtras {
  pins?: readonly TrainPin[];
  seeds?: number;
  at?: number | null;
}

/**
 * The `t.*` parameters for validated configs (one per activation, all else shared), the pins, seeds
 * and step; `engine` null: the machine's default.
 */
export function trainParams(configs: readonly TrainConfig[], engine: TrainEngineChoice | null, speed: number | null, extras: TrainUrlExtras = {}): URLSearchParams {
  const activation = configs.slice(0, MAX_SIDE_BY_SIDE).map((c) => c.activation.spec).join(',');
  const p = new URLSearchParams(encodeFields('train', { ...configs[0], activation }, TRAIN_URL_PREFIX));
  if (engine) p.set(key('engine'), engine);
  if (speed !== null) p.set(key('speed'), String(speed));
  for (const pin of extras.pins ?? []) p.append(key('pin'), diffParam(pinPairs(pin.config), PIN_DEFAULTS, [], pin.label));
  if ((extras.seeds ?? 1) > 1) p.set(key('seeds'), String(extras.seeds));
  if (extras.at) p.set(key('at'), String(extras.at));
  return p;
}
