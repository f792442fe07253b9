/**
 * The Initialization view's section of the URL (url-store.ts), so a reload or a shared link
 * reproduces the run. Keys are short and readable:
 *   ?act=sigmoid,tanh,relu&init=he-normal&depth=500&width=128&batch=16&seed=1
 * (&seeds=8 runs seeds 1…8 and shows medians with quantile bands).
 * Decoding never throws: an invalid parameter is dropped with a one-line message and its default used.
 */
import { normalizeConfig, type SimConfig } from '../sim/config';
import { findScenario } from '../sim/scenarios';
import { checkSimView, type EngineChoice } from './form-state';
import { decodeFields, encodeFields, ignored, queryText } from './view-fields';

export interface AppUrlState {
  config: SimConfig;
  /** Null = use WebGPU when available. */
  engine: EngineChoice | null;
  /** The activation the heatmap and f′ chart show. */
  focus: string | null;
  /** The guided scenario whose text is shown (src/sim/scenarios.ts), or null. */
  scenario: string | null;
  /** Seeds per run (1 = a single run; more: median and quantile bands over seeds). */
  seeds: number;
  /** True when the URL named a configuration (it is then run on load). */
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
  const problems = decoded.problems;
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
  return { state: { config, engine, focus, scenario, seeds, fromUrl: decoded.named }, problems };
}

export type SimUrlState = Omit<AppUrlState, 'fromUrl' | 'seeds'> & { seeds?: number };

/** The view's section of the URL for these settings. */
export function simUrlParams(state: SimUrlState): URLSearchParams {
  const p = new URLSearchParams(encodeFields('sim', { ...state.config, seeds: state.seeds ?? 1 }, ''));
  if (state.engine) p.set('engine', state.engine);
  if (state.focus && state.focus !== state.config.activations[0].spec) p.set('focus', state.focus);
  if (state.scenario) p.set('scenario', state.scenario);
  return p;
}

export function encodeUrl(state: SimUrlState): string {
  return `?${queryText(simUrlParams(state))}`;
}

/** The shareable link of a guided scenario: its whole configuration plus its id (for the text). */
export function scenarioSearch(id: string): string {
  const s = findScenario(id);
  if (!s) throw new Error(`unknown scenario '${id}'`);
  return encodeUrl({ config: normalizeConfig(s.config), engine: null, focus: null, scenario: id });
}
