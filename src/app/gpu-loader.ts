/**
 * The WebGPU engine and trainer, loaded lazily in chunks of their own, so the page starts without
 * the kernels and a browser without WebGPU never downloads them. Both run on the page's device
 * (page-gpu.ts).
 */
import type { GpuContext } from '../gpu/device';
import type { SimConfig } from '../sim/config';
import type { AdapterInfo, RunOptions, SimEngine } from '../sim/stats';
import type { Trainer } from '../sim/train/trainer';

/** The part of the WebGPU engine's contract the app uses. */
export interface GpuEngine extends SimEngine {
  readonly kind: 'webgpu';
  readonly adapter: AdapterInfo;
  check(config: SimConfig, options?: Pick<RunOptions, 'details'>): void;
}

/** The simulator's engine on `ctx`, its kernels compiled. */
export async function loadGpuEngine(ctx: GpuContext): Promise<GpuEngine> {
  const { createWebGpuEngine } = await import('../gpu/webgpu-engine');
  return createWebGpuEngine({ ctx });
}

/** One network's trainer on `ctx`. */
export async function loadGpuTrainer(ctx: GpuContext): Promise<Trainer> {
  const { createWebGpuTrainer } = await import('../gpu/train/gpu-trainer');
  return createWebGpuTrainer({ ctx });
}
