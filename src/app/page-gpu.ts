/**
 * One WebGPU device per page, shared by the simulator and the training view: one adapter request,
 * one compile of the shared forward/backward pipelines, one place that watches for device loss.
 * Work on it is serialized per device (serialOnDevice in src/gpu/device.ts).
 */
import type { GpuContext } from '../gpu/device';

let pending: Promise<GpuContext> | null = null;

/** The page's device; a failed request is not cached, so a later call may try again. */
export function pageGpu(): Promise<GpuContext> {
  if (!pending) {
    const request = import('../gpu/device').then((m) => m.acquireGpu());
    pending = request;
    request.catch(() => {
      if (pending === request) pending = null;
    });
  }
  return pending;
}
