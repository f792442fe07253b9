/**
 * The whole configuration lives in the URL query, so a reload or a shared link reproduces the run.
 * Keys are short and readable: ?act=sigmoid,tanh,relu&init=he-normal&depth=500&width=128&batch=16&seed=1
 * (&seeds=8 runs seeds 1…8 and shows medians with quantile bands).
 * Decoding never throws: an invalid parameter is dropped with a one-line message and its default used.
 */
import { ConfigError, configJson, normalizeConfig, type RawConfig, type SimConfig } from '../sim/config';
import { findScenario } from '../sim/scenarios';
import { APP_DEFAULT_CONFIG, friendlyMessage, parseAppSeeds, type EngineChoice } from './form-state';

export type TabId = 'init' | 'training';

export interface AppUrlState {
  config: SimConfig;
  /** Null = use WebGPU when available. */
  engine: EngineChoice | null;
  /** The activation the heatmap and f′ chart show. */
  focus: string | null;
  tab: TabId;
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

/** URL key → RawConfig field. */
const KEYS = {
  act: 'activations', back: 'backward', init: 'init', sw2: 'sigmaW2', sb2: 'sigmaB2',
  depth: 'depth', width: 'width', batch: 'batch', seed: 'seed', top: 'top',
} as const satisfies Record<string, keyof RawConfig>;
type UrlKey = keyof typeof KEYS;

function rawFromParams(params: URLSearchParams, skip: Set<UrlKey>): RawConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(KEYS) as [UrlKey, keyof RawConfig][]) {
    const value = params.get(key);
    if (value === null || skip.has(key)) continue;
    raw[field] = value;
  }
  return raw as RawConfig;
}

/** Fills what the URL leaves out from the app's defaults (not the CLI's). */
function withAppDefaults(raw: RawConfig): RawConfig {
  const d = configJson(APP_DEFAULT_CONFIG);
  const custom = raw.sigmaW2 !== undefined || raw.init === 'custom';
  return {
    activations: raw.activations ?? d.activations,
    backward: raw.backward ?? d.backward,
    init: raw.init ?? (custom ? 'custom' : d.init),
    sigmaW2: raw.sigmaW2,
    sigmaB2: raw.sigmaB2 ?? d.sigmaB2,
    depth: raw.depth ?? d.depth,
    width: raw.width ?? d.width,
    batch: raw.batch ?? d.batch,
    seed: raw.seed ?? d.seed,
    top: raw.top ?? d.top,
  };
}

function tryNormalize(raw: RawConfig): { config?: SimConfig; message?: string } {
  try {
    return { config: normalizeConfig(withAppDefaults(raw)) };
  } catch (err) {
    return { message: friendlyMessage(err instanceof ConfigError ? err.message : String(err)) };
  }
}

export function decodeUrl(search: string): DecodedUrl {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const fromUrl = Object.keys(KEYS).some((k) => params.has(k)) || params.has('seeds');

  const skip = new Set<UrlKey>();
  let result = tryNormalize(rawFromParams(params, skip));
  if (!result.config) {
    // Find the culprits one key at a time: a key is bad when it alone fails against the defaults.
    for (const key of Object.keys(KEYS) as UrlKey[]) {
      if (!params.has(key)) continue;
      const alone = new URLSearchParams();
      alone.set(key, params.get(key) ?? '');
      if (key === 'sw2' && params.has('init')) alone.set('init', params.get('init') ?? '');
      const r = tryNormalize(rawFromParams(alone, new Set()));
      if (!r.config) {
        skip.add(key);
        problems.push(`URL parameter ${key}=${params.get(key)} ignored: ${r.message}`);
      }
    }
    result = tryNormalize(rawFromParams(params, skip));
    if (!result.config) {
      problems.push(`URL configuration ignored: ${result.message}`);
      result = { config: APP_DEFAULT_CONFIG };
    }
  }

  const engineParam = params.get('engine');
  let engine: EngineChoice | null = null;
  if (engineParam === 'webgpu' || engineParam === 'cpu') engine = engineParam;
  else if (engineParam !== null) problems.push(`URL parameter engine=${engineParam} ignored: engine must be webgpu or cpu`);

  const config = result.config as SimConfig;
  const focusParam = params.get('focus');
  let focus: string | null = null;
  if (focusParam !== null) {
    if (config.activations.some((a) => a.spec === focusParam)) focus = focusParam;
    else problems.push(`URL parameter focus=${focusParam} ignored: it is not one of the chosen activations`);
  }
  const tab: TabId = params.get('tab') === 'training' ? 'training' : 'init';
  const scenarioParam = params.get('scenario');
  let scenario: string | null = null;
  if (scenarioParam !== null) {
    if (findScenario(scenarioParam)) scenario = scenarioParam;
    else problems.push(`URL parameter scenario=${scenarioParam} ignored: there is no such scenario`);
  }
  const seedsParam = params.get('seeds');
  let seeds = 1;
  if (seedsParam !== null) {
    try {
      seeds = parseAppSeeds(seedsParam, config.seed);
    } catch (err) {
      problems.push(`URL parameter seeds=${seedsParam} ignored: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { state: { config, engine, focus, tab, scenario, seeds, fromUrl }, problems };
}

export function encodeUrl(state: Omit<AppUrlState, 'fromUrl' | 'seeds'> & { seeds?: number }): string {
  const c = configJson(state.config);
  const p = new URLSearchParams();
  p.set('act', c.activations.join(','));
  if (c.backward) p.set('back', c.backward);
  p.set('init', c.init);
  if (c.init === 'custom') p.set('sw2', String(c.sigmaW2));
  if (c.sigmaB2 !== 0) p.set('sb2', String(c.sigmaB2));
  p.set('depth', String(c.depth));
  p.set('width', String(c.width));
  p.set('batch', String(c.batch));
  p.set('seed', String(c.seed));
  if (state.seeds !== undefined && state.seeds > 1) p.set('seeds', String(state.seeds));
  if (c.top !== 'random') p.set('top', c.top);
  if (state.engine) p.set('engine', state.engine);
  if (state.focus && state.focus !== c.activations[0]) p.set('focus', state.focus);
  if (state.tab !== 'init') p.set('tab', state.tab);
  if (state.scenario) p.set('scenario', state.scenario);
  // Commas and colons are legal in a query and far easier to read unescaped.
  return `?${p.toString().replace(/%2C/g, ',').replace(/%3A/g, ':')}`;
}

/** The shareable link of a guided scenario: its whole configuration plus its id (for the text). */
export function scenarioSearch(id: string): string {
  const s = findScenario(id);
  if (!s) throw new Error(`unknown scenario '${id}'`);
  return encodeUrl({ config: normalizeConfig(s.config), engine: null, focus: null, tab: 'init', scenario: id });
}
