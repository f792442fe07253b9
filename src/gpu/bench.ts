/**
 * GPU side of `npm run bench`: times forward + backward passes (no statistics) with several
 * iterations encoded per submit, reporting milliseconds per forward+backward pass. The network of
 * the last configuration stays on the device, so calls that time it again (the benchmark
 * interleaves engines one pass at a time) neither allocate nor generate anything.
 */
import type { SimConfig } from '../sim/config';
import type { TuneDecision } from './autotune';
import { median } from './median';
import { NetworkRun, kernelNeeds, loadKernels } from './network-run';
import type { WebGpuEngine } from './webgpu-engine';

export interface GpuBenchOptions {
  iterations: number;
  repeats: number;
  warmup: number;
  /** GPU memory the network may use (default 4 GiB); beyond it weights are regenerated in the kernels. */
  memoryBudgetBytes?: number;
}

export interface GpuBenchResult {
  /** Median wall milliseconds per forward+backward pass over all layers. */
  msPerPass: number;
  samples: number[];
  weightsStored: boolean;
  /** How each matmul's variant was chosen (src/gpu/autotune.ts). */
  tiles: TuneDecision[];
}

interface Session {
  key: string;
  run: NetworkRun;
  tiles: TuneDecision[];
}

const sessions = new WeakMap<WebGpuEngine, Session>();

async function session(engine: WebGpuEngine, config: SimConfig, opts: GpuBenchOptions): Promise<Session> {
  const key = JSON.stringify([config, opts.memoryBudgetBytes ?? null]);
  const last = sessions.get(engine);
  if (last?.key === key) return last;
  last?.run.dispose();
  sessions.delete(engine);
  const device = engine.device;
  // The engine's plan: the caller configured it with opts.memoryBudgetBytes (src/headless/api.ts).
  const plan = engine.plan(config);
  const needs = kernelNeeds(config, plan, false);
  const kernels = await loadKernels(device, needs, await engine.tiles(config, needs));
  const run = new NetworkRun(device, kernels, plan, config);
  run.uploadOrthogonal(1, config.depth);
  run.recordGenerate(1, config.depth, true);
  run.recorder.submit('bench generate');
  await device.queue.onSubmittedWorkDone();
  const s = { key, run, tiles: engine.lastTiles };
  sessions.set(engine, s);
  return s;
}

export async function benchWebGpu(engine: WebGpuEngine, config: SimConfig, opts: GpuBenchOptions): Promise<GpuBenchResult> {
  const device = engine.device;
  device.pushErrorScope('validation');
  let thrown: unknown = null;
  const samples: number[] = [];
  let weightsStored = false;
  let tiles: TuneDecision[] = [];
  try {
    const s = await session(engine, config, opts);
    const run = s.run;
    weightsStored = run.plan.storeWeights;
    tiles = s.tiles;
    const ra = config.activations[0];
    for (let r = 0; r < opts.warmup + opts.repeats; r++) {
      for (let i = 0; i < opts.iterations; i++) {
        run.recordForward(0, ra, 1, config.depth, false);
        run.recordBackward(0, ra, 1, config.depth, false, false);
      }
      const commands = run.recorder.finish('bench forward+backward');
      const t0 = performance.now();
      device.queue.submit([commands]);
      await device.queue.onSubmittedWorkDone();
      const ms = (performance.now() - t0) / opts.iterations;
      if (r >= opts.warmup) samples.push(ms);
    }
  } catch (e) {
    thrown = e;
  }
  const err = await device.popErrorScope();
  if (thrown || err) {
    sessions.get(engine)?.run.dispose();
    sessions.delete(engine);
    if (thrown) throw thrown;
    throw new Error(`WebGPU validation error in the benchmark: ${err!.message}`);
  }
  return { msPerPass: median(samples), samples, weightsStored, tiles };
}
