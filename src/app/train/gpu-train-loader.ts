/**
 * Loads the WebGPU trainer lazily, in its own chunk, so the page starts without the kernels and a
 * browser without WebGPU never downloads them. One device, the page's, serves every network trained
 * side by side and the simulator.
 */
import type { GpuContext } from '../../gpu/device';
import type { Trainer } from '../../sim/train/trainer';
import { pageGpu } from '../page-gpu';

export class TrainGpuUnavailable extends Error {
  override name = 'TrainGpuUnavailable';
}

/** Requests an adapter and a device; throws TrainGpuUnavailable (one line) when WebGPU cannot be used. */
export async function acquireTrainGpu(): Promise<GpuContext> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new TrainGpuUnavailable('this browser does not expose WebGPU (navigator.gpu is missing)');
  }
  try {
    // The same device as the simulator's (src/app/page-gpu.ts).
    return await pageGpu();
  } catch (err) {
    throw new TrainGpuUnavailable(err instanceof Error ? err.message : String(err));
  }
}

export async function createGpuTrainer(ctx: GpuContext): Promise<Trainer> {
  const { createWebGpuTrainer } = await import('../../gpu/train/gpu-trainer');
  return createWebGpuTrainer({ ctx });
}
