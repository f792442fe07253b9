/**
 * GPU side of `npm run bench`: times forward + backward passes (no statistics) with many
 * iterations encoded per submit, reporting the median milliseconds per forward+backward.
 */
import type { SimConfig } from '../sim/config';
import { median } from './median';
import { planMemory } from './memory-plan';
import { NetworkRun, runActivations } from './network-run';
import { PARAMS_SLOT } from './params';
import type { WebGpuEngine } from './webgpu-engine';

export interface GpuBenchOptions {
  iterations: number;
  repeats: number;
  warmup: number;
}

export interface GpuBenchResult {
  /** Median wall milliseconds per forward+backward pass over all layers. */
  msPerPass: number;
  samples: number[];
  weightsStored: boolean;
}

export async function benchWebGpu(engine: WebGpuEngine, config: SimConfig, opts: GpuBenchOptions): Promise<GpuBenchResult> {
  const device = engine.device;
  const base = planMemory(config, engine.ctx.limits, {});
  const plan = { ...base, paramsBytes: opts.iterations * (2 * config.depth + 4) * PARAMS_SLOT };
  const run = new NetworkRun(device, engine.kernels, plan, config);
  const ra = runActivations(config)[0];
  device.pushErrorScope('validation');
  try {
    const gen = device.createCommandEncoder({ label: 'bench generate' });
    run.uploadOrthogonal(1, config.depth);
    run.encodeGenerate(gen, 1, config.depth, true);
    run.flushParams();
    device.queue.submit([gen.finish()]);
    await device.queue.onSubmittedWorkDone();
    const samples: number[] = [];
    for (let r = 0; r < opts.warmup + opts.repeats; r++) {
      const enc = device.createCommandEncoder({ label: 'bench forward+backward' });
      for (let i = 0; i < opts.iterations; i++) {
        run.encodeForward(enc, 0, ra, 1, config.depth, false);
        run.encodeBackward(enc, 0, ra, 1, config.depth, false, false);
      }
      const t0 = performance.now();
      run.flushParams();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      const ms = (performance.now() - t0) / opts.iterations;
      if (r >= opts.warmup) samples.push(ms);
    }
    return { msPerPass: median(samples), samples, weightsStored: plan.storeWeights };
  } finally {
    const err = await device.popErrorScope();
    run.dispose();
    if (err) throw new Error(`WebGPU validation error in the benchmark: ${err.message}`);
  }
}
