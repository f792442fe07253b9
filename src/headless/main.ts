/**
 * The page the CLI (`--engine webgpu`), `npm run bench` and the GPU tests load in headless Chromium.
 * It exposes `window.deltascopeHeadless`; results cross the Puppeteer boundary as plain JSON, so
 * typed arrays become number arrays and errors become `{ ok: false, error: { name, message } }`.
 */
import { generateWords } from '../gpu/generate';
import { benchWebGpu, type GpuBenchOptions, type GpuBenchResult } from '../gpu/bench';
import { createWebGpuEngine, type WebGpuEngine } from '../gpu/webgpu-engine';
import type { WeightMode } from '../gpu/memory-plan';
import type { SimConfig } from '../sim/config';
import { adapterLabel, type AdapterInfo, type LayerStats, type Progress, type SimResult } from '../sim/stats';
// Training (window.deltascopeTrain) lives in its own module.
import './train';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string } };

/** A SimResult with RunDetails as plain arrays (what page.evaluate can return). */
export interface PlainSimResult extends Omit<SimResult, 'runs'> {
  runs: { activation: string; backward: string | null; layers: LayerStats[]; details?: { deltaUnitScaled: number[]; deltaExp2: number[]; fprimeHist: number[] } }[];
}

export interface HeadlessRunOptions {
  details?: boolean;
  /** Force the weight mode (tests): 'store' or 'regenerate'. */
  weights?: WeightMode;
  memoryBudgetBytes?: number;
  /** Cap per-binding sizes (tests force chunked buffers). */
  maxBindingBytes?: number;
}

export interface DeltascopeHeadless {
  run(config: SimConfig, opts?: HeadlessRunOptions): Promise<Outcome<PlainSimResult>>;
  check(config: SimConfig, opts?: HeadlessRunOptions): Promise<Outcome<null>>;
  adapter(): Promise<Outcome<AdapterInfo & { label: string }>>;
  bench(config: SimConfig, opts: GpuBenchOptions): Promise<Outcome<GpuBenchResult>>;
  /** Raw generate.wgsl output words (the generator parity test). */
  generate(req: { dist: number; key: number; scale: number; count: number; offset: number }): Promise<Outcome<number[]>>;
}

declare global {
  interface Window {
    deltascopeHeadless: DeltascopeHeadless;
    /** Exposed by the Node side (page.exposeFunction) to receive progress. */
    __deltascopeProgress?: (p: Progress) => void;
  }
}

let enginePromise: Promise<WebGpuEngine> | null = null;
function engine(): Promise<WebGpuEngine> {
  if (!enginePromise) {
    enginePromise = createWebGpuEngine();
    enginePromise.catch(() => { enginePromise = null; });
  }
  return enginePromise;
}

async function outcome<T>(body: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await body() };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { ok: false, error: { name: err.name, message: err.message } };
  }
}

/** page.evaluate returns JSON, which has no Inf/NaN: send them as strings ('Infinity', 'NaN'). */
function encodeNonFinite(layer: LayerStats): LayerStats {
  const out: Record<string, unknown> = { ...layer };
  for (const [k, v] of Object.entries(out)) if (typeof v === 'number' && !Number.isFinite(v)) out[k] = String(v);
  return out as unknown as LayerStats;
}

function plain(result: SimResult): PlainSimResult {
  return {
    ...result,
    runs: result.runs.map((r) => ({
      activation: r.activation,
      backward: r.backward,
      layers: r.layers.map(encodeNonFinite),
      ...(r.details
        ? { details: { deltaUnitScaled: Array.from(r.details.deltaUnitScaled), deltaExp2: Array.from(r.details.deltaExp2), fprimeHist: Array.from(r.details.fprimeHist) } }
        : {}),
    })),
  };
}

window.deltascopeHeadless = {
  run: (config, opts = {}) => outcome(async () => {
    const e = await engine();
    e.configure({ weights: opts.weights ?? 'auto', memoryBudgetBytes: opts.memoryBudgetBytes, maxBindingBytes: opts.maxBindingBytes });
    const result = await e.run(config, {
      details: opts.details,
      onProgress: (p) => window.__deltascopeProgress?.(p),
    });
    return plain(result);
  }),
  check: (config, opts = {}) => outcome(async () => {
    const e = await engine();
    e.configure({ weights: opts.weights ?? 'auto', memoryBudgetBytes: opts.memoryBudgetBytes, maxBindingBytes: opts.maxBindingBytes });
    e.check(config);
    return null;
  }),
  adapter: () => outcome(async () => {
    const e = await engine();
    return { ...e.adapter, label: adapterLabel(e.adapter) };
  }),
  bench: (config, opts) => outcome(async () => benchWebGpu(await engine(), config, opts)),
  generate: (req) => outcome(async () => {
    const e = await engine();
    return Array.from(await generateWords(e.device, e.kernels.generate, req));
  }),
};
document.body.dataset.ready = 'true';
