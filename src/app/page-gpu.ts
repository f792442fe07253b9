/**
 * The page's one WebGPU device and its one status, shared by the simulator and the training view:
 * one adapter request, one pipeline cache (pipelines are built once per device), and device loss
 * watched by the device owner (`onLost` in src/gpu/device.ts). Controllers ask `device()` for the context and listen for
 * 'change' to follow `status`; work on the device is serialized there (serialOnDevice).
 */
import type { GpuContext } from '../gpu/device';
import type { AdapterInfo } from '../sim/stats';

export interface GpuStatus {
  state: 'probing' | 'ready' | 'unavailable' | 'lost';
  /** Why WebGPU is not usable (one line), when it is not. */
  message: string | null;
  adapter: AdapterInfo | null;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class PageGpu extends EventTarget {
  status: GpuStatus = { state: 'probing', message: null, adapter: null };
  private request: Promise<GpuContext | null> | null = null;
  /** Why the last device was lost, while no new one has been had. */
  private lost: string | null = null;

  private set(status: GpuStatus): void {
    this.status = status;
    this.dispatchEvent(new Event('change'));
  }

  /**
   * The page's device, requested on the first call and again after a loss (a crashed GPU process, a
   * driver reset); null (and `status` says why) while WebGPU is not usable.
   */
  async device(): Promise<GpuContext | null> {
    this.request ??= this.acquire();
    const ctx = await this.request;
    return this.status.state === 'ready' ? ctx : null;
  }

  /** Marks WebGPU unusable for the rest of the page's life (an engine could not be set up on the device). */
  refuse(err: unknown): void {
    if (this.status.state === 'ready') this.set({ state: 'unavailable', message: message(err), adapter: this.status.adapter });
  }

  private async acquire(): Promise<GpuContext | null> {
    if (typeof navigator === 'undefined' || !navigator.gpu) {
      this.set({ state: 'unavailable', message: 'this browser does not expose WebGPU (navigator.gpu is missing)', adapter: null });
      return null;
    }
    try {
      // Its own chunk: a browser without WebGPU never downloads the GPU code.
      const { acquireGpu } = await import('../gpu/device');
      const ctx = await acquireGpu();
      ctx.onLost((lost) => {
        this.request = null;
        this.lost = lost;
        this.set({ state: 'lost', message: lost, adapter: ctx.adapter });
      });
      this.lost = null;
      this.set({ state: 'ready', message: null, adapter: ctx.adapter });
      return ctx;
    } catch (err) {
      const why = this.lost ? `${this.lost}, and no new device could be had: ${message(err)}` : message(err);
      this.set({ state: 'unavailable', message: why, adapter: null });
      return null;
    }
  }
}
