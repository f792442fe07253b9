/**
 * The training view's section of the URL (url-store.ts), under keys prefixed `t.` so they never
 * collide with the simulator's keys (act, init, depth, …): a reload or a shared link reproduces the
 * training.
 *   ?tab=training&t.task=spirals&t.act=relu,sigmoid&t.depth=20&t.width=16&t.opt=adam&t.lr=0.01&…
 * Decoding never throws: an invalid parameter is dropped with a one-line message and its default used.
 */
import type { TrainConfig } from '../../sim/train/train-config';
import { TRAIN_URL_PREFIX } from '../url-store';
import { decodeFields, encodeFields, ignored } from '../view-fields';
import { MAX_SIDE_BY_SIDE, checkTrainView, trainFormFromConfigs, type TrainEngineChoice, type TrainFormValues } from './train-form';

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
  const fromUrl = decoded.named || engineParam !== null || speedParam !== null;
  return { values: trainFormFromConfigs(decoded.value, engine), problems, fromUrl, engineFromUrl, speed };
}

/** The `t.*` parameters for validated configs (one per activation, all else shared); `engine` null: the machine's default. */
export function trainParams(configs: readonly TrainConfig[], engine: TrainEngineChoice | null, speed: number | null): URLSearchParams {
  const activation = configs.slice(0, MAX_SIDE_BY_SIDE).map((c) => c.activation.spec).join(',');
  const p = new URLSearchParams(encodeFields('train', { ...configs[0], activation }, TRAIN_URL_PREFIX));
  if (engine) p.set(key('engine'), engine);
  if (speed !== null) p.set(key('speed'), String(speed));
  return p;
}
