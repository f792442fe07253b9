/**
 * One WebGPU device per page, shared by the simulator and the training view: one adapter request,
 * one compile of the shared forward/backward pipelines, one place that watches for device loss.
 * Work on it is serialized per device (serialOnDevice in src/gpu/device.ts).
 */
import type { GpuContext } from '../gpu/device';

let pending: Promise<GpuContext> | null = null;

/** The page's device; a failed request is not cached, nor a lost device, so a later call asks for a new one. */
export function pageGpu(): Promise<GpuContext> {
  if (!pending) {
    const request: Promise<GpuContext> = import('../gpu/device').then(async (m) => {
      const ctx = await m.acquireGpu();
      ctx.onLost(() => {
        if (pending === request) pending = null;
      });
      return ctx;
    });
    pending = request;
    request.catch(() => {
      if (pending === request) pending = null;
    });
  }
  return pending;
}
