/**
 * Loads the WebGPU engine (src/gpu/webgpu-engine.ts) lazily, in its own chunk, so the page starts
 * without it and a browser without WebGPU never downloads the kernels.
 */
import type { SimConfig } from '../sim/config';
import type { GpuContext } from '../gpu/device';
import type { AdapterInfo, RunOptions, SimEngine } from '../sim/stats';
import { pageGpu } from './page-gpu';

/** The part of the WebGPU engine's contract the app uses. */
export interface GpuEngine extends SimEngine {
  readonly kind: 'webgpu';
  readonly adapter: AdapterInfo;
  check(config: SimConfig, options?: Pick<RunOptions, 'details'>): void;
}

interface GpuModule {
  createWebGpuEngine(opts?: { onDeviceLost?: (message: string) => void; ctx?: GpuContext }): Promise<GpuEngine>;
}

export class GpuUnavailable extends Error {
  override name = 'GpuUnavailable';
}

export async function createGpuEngine(onDeviceLost: (message: string) => void): Promise<GpuEngine> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    throw new GpuUnavailable('this browser does not expose WebGPU (navigator.gpu is missing)');
  }
  const mod: GpuModule = await import('../gpu/webgpu-engine');
  try {
    return await mod.createWebGpuEngine({ ctx: await pageGpu(), onDeviceLost });
  } catch (err) {
    throw new GpuUnavailable(err instanceof Error ? err.message : String(err));
  }
}
