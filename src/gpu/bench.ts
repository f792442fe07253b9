/**
 * GPU side of `npm run bench`: times forward + backward passes (no statistics) with many
 * iterations encoded per submit, reporting the median milliseconds per forward+backward.
 */
import type { SimConfig } from '../sim/config';
import { median } from './median';
import { NetworkRun, loadKernels } from './network-run';
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
  const plan = engine.plan(config);
  const kernels = await loadKernels(device, { storeWeights: plan.storeWeights, weightGrads: false });
  const run = new NetworkRun(device, kernels, plan, config);
  const ra = config.activations[0];
  device.pushErrorScope('validation');
  try {
    run.uploadOrthogonal(1, config.depth);
    run.recordGenerate(1, config.depth, true);
    run.recorder.submit('bench generate');
    await device.queue.onSubmittedWorkDone();
    const samples: number[] = [];
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
    return { msPerPass: median(samples), samples, weightsStored: plan.storeWeights };
  } finally {
    const err = await device.popErrorScope();
    run.dispose();
    if (err) throw new Error(`WebGPU validation error in the benchmark: ${err.message}`);
  }
}
