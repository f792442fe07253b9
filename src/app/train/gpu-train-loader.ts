/**
 * Loads the WebGPU trainer lazily, in its own chunk, so the page starts without the kernels and a
 * browser without WebGPU never downloads them. One device serves every network trained side by side.
 */
import type { GpuContext } from '../../gpu/device';
import type { Trainer } from '../../sim/train/trainer';

export class TrainGpuUnavailable extends Error {
  override name = 'TrainGpuUnavailable';
}

/** Requests an adapter and a device; throws TrainGpuUnavailable (one line) when WebGPU cannot be used. */
export async function acquireTrainGpu(): Promise<GpuContext> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new TrainGpuUnavailable('this browser does not expose WebGPU (navigator.gpu is missing)');
  }
  const { acquireGpu } = await import('../../gpu/device');
  try {
    return await acquireGpu();
  } catch (err) {
    throw new TrainGpuUnavailable(err instanceof Error ? err.message : String(err));
  }
}

export async function createGpuTrainer(ctx: GpuContext): Promise<Trainer> {
  const { createWebGpuTrainer } = await import('../../gpu/train/gpu-trainer');
  return createWebGpuTrainer({ ctx });
}
