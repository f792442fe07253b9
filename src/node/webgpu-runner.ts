/**
 * Node side of the WebGPU engine (the CLI's `--engine webgpu` and `npm run bench`): launches
 * headless Chromium, serves the project on localhost, opens /src/headless/index.html and calls
 * `window.deltascopeHeadless` there. Errors come back as the same classes the page threw.
 */
import type { Page } from 'puppeteer';
import type { DeltascopeHeadless, HeadlessRunOptions, Outcome, PlainSimResult } from '../headless/main';
import { WebGpuUnavailableError } from '../gpu/device';
import { ConfigError, type SimConfig } from '../sim/config';
import type { AdapterInfo, LayerStats, Progress, SimResult } from '../sim/stats';
import { launchBrowser } from './launch-browser';
import { serveProject } from './serve';

export { WebGpuUnavailableError };

export interface HeadlessPage {
  page: Page;
  /** Calls a method of window.deltascopeHeadless and unwraps its Outcome. */
  call<K extends keyof DeltascopeHeadless>(method: K, ...args: Parameters<DeltascopeHeadless[K]>): Promise<OutcomeValue<ReturnType<DeltascopeHeadless[K]>>>;
  close(): Promise<void>;
}
type OutcomeValue<P> = P extends Promise<Outcome<infer T>> ? T : never;

/** Rebuilds the page's error as the matching class (ConfigError → exit code 2 in the CLI). */
export function errorFromPage(e: { name: string; message: string }): Error {
  if (e.name === 'ConfigError') return new ConfigError(e.message);
  if (e.name === 'WebGpuUnavailableError') return new WebGpuUnavailableError(e.message);
  const err = new Error(`WebGPU engine: ${e.message}`);
  err.name = e.name;
  return err;
}

export async function openHeadlessPage(opts: { onProgress?: (p: Progress) => void } = {}): Promise<HeadlessPage> {
  const browser = await launchBrowser();
  let served: Awaited<ReturnType<typeof serveProject>> | null = null;
  const close = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    await served?.close().catch(() => undefined);
  };
  try {
    served = await serveProject();
    const page = await browser.newPage();
    await page.exposeFunction('__deltascopeProgress', (p: Progress) => opts.onProgress?.(p));
    await page.goto(new URL('src/headless/index.html', served.url).href, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.deltascopeHeadless === 'object', { timeout: 60_000 });
    const call = async (method: keyof DeltascopeHeadless, ...args: unknown[]): Promise<unknown> => {
      const out = (await page.evaluate(
        (m, a) => (window.deltascopeHeadless[m] as (...x: unknown[]) => Promise<unknown>)(...a),
        method, args,
      )) as Outcome<unknown>;
      if (!out.ok) throw errorFromPage(out.error);
      return out.value;
    };
    return { page, call: call as HeadlessPage['call'], close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** The page sent Inf/NaN as the strings 'Infinity', '-Infinity', 'NaN' (other strings are enumerated values). */
const NON_FINITE = new Set(['Infinity', '-Infinity', 'NaN']);

function decodeNonFinite(layer: LayerStats): LayerStats {
  const out: Record<string, unknown> = { ...layer };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'string' && NON_FINITE.has(v)) out[k] = Number(v);
  return out as unknown as LayerStats;
}

/** Typed arrays cross page.evaluate as number arrays; restore RunDetails. */
export function reviveResult(r: PlainSimResult): SimResult {
  return {
    ...r,
    runs: r.runs.map((run) => ({
      activation: run.activation,
      backward: run.backward,
      layers: run.layers.map(decodeNonFinite),
      ...(run.details
        ? {
          details: {
            deltaUnitScaled: Float32Array.from(run.details.deltaUnitScaled), deltaExp2: Int32Array.from(run.details.deltaExp2),
            fprimeHist: Uint32Array.from(run.details.fprimeHist),
          },
        }
        : {}),
    })),
  };
}

export async function runWebGpuHeadless(
  config: SimConfig, opts: { onProgress?: (p: Progress) => void } & HeadlessRunOptions = {},
): Promise<SimResult> {
  const { onProgress, ...runOpts } = opts;
  const headless = await openHeadlessPage({ onProgress });
  try {
    return reviveResult(await headless.call('run', config, runOpts));
  } finally {
    await headless.close();
  }
}

export async function headlessAdapter(): Promise<AdapterInfo & { label: string }> {
  const headless = await openHeadlessPage();
  try {
    return await headless.call('adapter');
  } finally {
    await headless.close();
  }
}
