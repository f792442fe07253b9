/**
 * The headless API (src/headless/protocol.ts) on one WebGPU entry point: simulate, check, bench,
 * train, the adapter and the generator's raw words. The CLI calls it in-process (Dawn's Node
 * binding) or in headless Chromium (src/headless/main.ts exposes it to Puppeteer).
 * One device serves every call: the simulation engine and the trainer share it, so `--seeds N` and
 * several activations never acquire, start or compile anything twice.
 */
import type { TuneOptions } from '../gpu/tune-options';
import { benchWebGpu } from '../gpu/bench';
import { acquireGpu, inErrorScopes, type GpuContext } from '../gpu/device';
import { generateKernel, generateWords } from '../gpu/generate';
import { loadKernel } from '../gpu/kernel';
import { createWebGpuTrainer, type WebGpuTrainer } from '../gpu/train/gpu-trainer';
import { createWebGpuEngine, type WebGpuEngine } from '../gpu/webgpu-engine';
import { runTraining } from '../sim/train/run';
import type { HeadlessApi, HeadlessRunOptions, HeadlessTrainResult } from './protocol';

/** Memoizes a promise; a failed attempt is forgotten so the next call tries again. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => {
    if (!promise) {
      promise = make();
      promise.catch(() => { promise = null; });
    }
    return promise;
  };
}

export interface HeadlessGpu extends HeadlessApi {
  /** The device (acquired on first use): the benchmark lends it to tfjs's webgpu backend. */
  context(): Promise<GpuContext>;
  /** Releases the device, if one was acquired. */
  dispose(): Promise<void>;
  /** Fault hook: destroys the device the way a crash ends it (a loss, not a release). */
  loseDevice(): Promise<void>;
}

/**
 * The API on `gpu` (navigator.gpu in the page, Dawn's in Node); the device is acquired on first use.
 * `tune`: how the matmul variants are chosen and where the choice is cached (src/gpu/autotune.ts).
 */
export function createHeadlessApi(gpu?: GPU, opts: { tune?: TuneOptions } = {}): HeadlessGpu {
  let acquired: Promise<GpuContext> | null = null;
  const context = once<GpuContext>(() => (acquired = acquireGpu({ gpu })));
  const engine = once<WebGpuEngine>(async () => createWebGpuEngine({ ctx: await context(), tune: opts.tune }));
  const trainer = once<WebGpuTrainer>(async () => createWebGpuTrainer({ ctx: await context() }));
  const configured = async (opts: HeadlessRunOptions): Promise<WebGpuEngine> => {
    const e = await engine();
    e.configure({ weights: opts.weights ?? 'auto', memoryBudgetBytes: opts.memoryBudgetBytes, maxBindingBytes: opts.maxBindingBytes, variant: opts.variant });
    return e;
  };
  return {
    context,
    adapter: async () => (await context()).adapter,
    run: async (config, opts = {}) => (await configured(opts)).run(config, { details: opts.details, onProgress: opts.onProgress }),
    check: async (config, opts = {}) => {
      (await configured(opts)).check(config, { details: opts.details });
    },
    bench: async (config, opts) => benchWebGpu(await configured({ memoryBudgetBytes: opts.memoryBudgetBytes }), config, opts),
    generate: async (req) => {
      const { device } = await context();
      return generateWords(device, await loadKernel(device, generateKernel), req);
    },
    train: async (config, opts = {}) => {
      const t = await trainer();
      // Every GPU call of the run sits inside error scopes (the trainer's own, and this outer one).
      return inErrorScopes(t.device, async () => {
        const result = await runTraining(t, config, { onProgress: opts.onProgress });
        const out: HeadlessTrainResult = { result };
        if (opts.params) out.params = await t.readParams();
        if (opts.grid) out.grid = (await t.predictGrid(opts.grid)).values;
        return out;
      });
    },
    dispose: async () => {
      const ctx = await acquired?.catch(() => null);
      ctx?.release();
    },
    loseDevice: async () => {
      const ctx = await acquired?.catch(() => null);
      ctx?.device.destroy();
    },
  };
}
