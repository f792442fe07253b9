/**
 * The Initialization view's section of the URL (url-store.ts), so a reload or a shared link
 * reproduces the run. Keys are short and readable:
 *   ?act=sigmoid,tanh,relu&init=he-normal&depth=500&width=128&batch=16&seed=1
 * (&seeds=8 runs seeds 1…8 and shows medians with quantile bands; &pin=… once per pinned run, pins.ts).
 * Decoding never throws: an invalid parameter is dropped with a one-line message and its default used.
 */
import type { RawConfig, SimConfig } from '../sim/config';
import { findScenario } from '../sim/scenarios';
import { checkSimView, type EngineChoice } from './form-state';
import { PIN_KEY, decodePins, pinParam, type PinSpec } from './pins';
import { decodeFields, encodeFields, ignored, queryText, type ViewRaw } from './view-fields';

export interface AppUrlState {
  config: SimConfig;
  /** Null: the machine's default (src/app/engine-default.ts). */
  engine: EngineChoice | null;
  /** The activation the heatmap and f′ chart show. */
  focus: string | null;
  /** The guided scenario whose text is shown (src/sim/scenarios.ts), or null. */
  scenario: string | null;
  /** Seeds per run (1 = a single run; more: median and quantile bands over seeds). */
  seeds: number;
  /** The pinned runs, each with its own configuration. */
  pins: PinSpec[];
  /** True when the URL named a configuration or a pin. */
  fromUrl: boolean;
}

export interface DecodedUrl {
  state: AppUrlState;
  /** One line per ignored parameter; empty when the URL was valid. */
  problems: string[];
}

export function decodeUrl(search: string | URLSearchParams): DecodedUrl {
  const params = new URLSearchParams(search);
  const decoded = decodeFields('sim', params, '', checkSimView, 'configuration');
  const pins = decodePins(params);
  const problems = [...decoded.problems, ...pins.problems];
  const { config, seeds } = decoded.value;

  const engineParam = params.get('engine');
  let engine: EngineChoice | null = null;
  if (engineParam === 'webgpu' || engineParam === 'cpu') engine = engineParam;
  else if (engineParam !== null) problems.push(ignored('engine', engineParam, 'engine must be webgpu or cpu'));

  const focusParam = params.get('focus');
  let focus: string | null = null;
  if (focusParam !== null) {
    if (config.activations.some((a) => a.spec === focusParam)) focus = focusParam;
    else problems.push(ignored('focus', focusParam, 'it is not one of the chosen activations'));
  }
  const scenarioParam = params.get('scenario');
  let scenario: string | null = null;
  if (scenarioParam !== null) {
    if (findScenario(scenarioParam)) scenario = scenarioParam;
    else problems.push(ignored('scenario', scenarioParam, 'there is no such scenario'));
  }
  const fromUrl = decoded.named || pins.pins.length > 0;
  return { state: { config, engine, focus, scenario, seeds, pins: pins.pins, fromUrl }, problems };
}

export type SimUrlState = Omit<AppUrlState, 'fromUrl' | 'seeds' | 'pins'> & { seeds?: number; pins?: readonly PinSpec[] };

/** The view's section of the URL for these settings. */
export function simUrlParams(state: SimUrlState): URLSearchParams {
  const p = new URLSearchParams(encodeFields('sim', { ...state.config, seeds: state.seeds ?? 1 }, ''));
  if (state.engine) p.set('engine', state.engine);
  if (state.focus && state.focus !== state.config.activations[0].spec) p.set('focus', state.focus);
  if (state.scenario) p.set('scenario', state.scenario);
  for (const pin of state.pins ?? []) p.append(PIN_KEY, pinParam(pin));
  return p;
}

export function encodeUrl(state: SimUrlState): string {
  return `?${queryText(simUrlParams(state))}`;
}

/** A guided scenario as the view runs it: its configuration, the runs it compares it with (as pins), its id. */
export function scenarioState(id: string): SimUrlState & { seeds: number; pins: PinSpec[] } {
  const s = findScenario(id);
  if (!s) throw new Error(`unknown scenario '${id}'`);
  const settings = (raw: RawConfig) => checkSimView(raw as ViewRaw);
  const pins = (s.compare ?? []).map((raw): PinSpec => ({ ...settings(raw), engine: null, label: null }));
  return { ...settings(s.config), engine: null, focus: null, scenario: id, pins };
}

/** The shareable link of a guided scenario: its whole configuration, its pins and its id (for the text). */
export function scenarioSearch(id: string): string {
  return encodeUrl(scenarioState(id));
}
