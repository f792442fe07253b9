/**
 * The one place that acquires a WebGPU device and watches it: adapter selection, the limits we
 * request, adapter info, device loss and uncaptured errors. Everything else receives a GpuContext.
 */
import type { AdapterInfo } from '../sim/stats';

/** No navigator.gpu, no adapter, or no device: the CPU engine remains usable. */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
}

/** A GPU failure during a run: device lost or a validation / out-of-memory error. */
export class GpuError extends Error {
  override name = 'GpuError';
}

export interface GpuLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  maxComputeWorkgroupStorageSize: number;
  maxComputeInvocationsPerWorkgroup: number;
  maxStorageBuffersPerShaderStage: number;
}

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapter: AdapterInfo;
  readonly limits: GpuLimits;
  /** Set once the device is lost; runs refuse to start and stop at the next chunk. */
  lostMessage: string | null;
  /** Uncaptured errors seen since the last `takeErrors()`. */
  takeErrors(): string[];
  /** Calls `listener` with a one-line message if the device is lost (not when `release` destroyed it). */
  onLost(listener: (message: string) => void): void;
  /** Destroys the device on purpose; any other end of it (a crash, a reset, a destroy elsewhere) is a loss. */
  release(): void;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|warp|software|microsoft basic render/i;

export function describeAdapter(adapter: GPUAdapter): AdapterInfo {
  const info = adapter.info;
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  const isFallbackAdapter = Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter ?? false);
  const text = `${info.vendor} ${info.architecture} ${info.device} ${info.description}`;
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter,
    isSoftware: isFallbackAdapter || SOFTWARE.test(text),
  };
}


export interface AcquireOptions {
  /** The WebGPU entry point: the page's navigator.gpu by default; in Node, Dawn's (src/node/dawn.ts). */
  gpu?: GPU;
  onDeviceLost?: (message: string) => void;
}

export async function acquireGpu(opts: AcquireOptions = {}): Promise<GpuContext> {
  const gpu = opts.gpu ?? (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    throw new WebGpuUnavailableError('WebGPU is not available here (no navigator.gpu): use a browser with WebGPU enabled, or the CPU engine');
  }
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (e) {
    throw new WebGpuUnavailableError(`WebGPU adapter request failed: ${(e as Error).message}`);
  }
  if (!adapter) throw new WebGpuUnavailableError('WebGPU is present but no GPU adapter is available (requestAdapter returned null); use the CPU engine');
  const a = adapter.limits;
  // Ask for everything the adapter offers on the limits we size against.
  const requiredLimits: Record<string, number> = {
    maxBufferSize: a.maxBufferSize,
    maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
    maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
    maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
  };
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ label: 'deltascope device', requiredLimits });
  } catch (e) {
    throw new WebGpuUnavailableError(`WebGPU device request failed: ${(e as Error).message}`);
  }
  const errors: string[] = [];
  const lostListeners: ((message: string) => void)[] = [];
  let released = false;
  if (opts.onDeviceLost) lostListeners.push(opts.onDeviceLost);
  const ctx: GpuContext = {
    device,
    adapter: describeAdapter(adapter),
    limits: {
      maxBufferSize: device.limits.maxBufferSize,
      maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: device.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: device.limits.maxStorageBuffersPerShaderStage,
    },
    lostMessage: null,
    takeErrors: () => errors.splice(0),
    onLost: (listener) => {
      lostListeners.push(listener);
    },
    release: () => {
      released = true;
      device.destroy();
    },
  };
  device.addEventListener('uncapturederror', (ev) => {
    const message = (ev as GPUUncapturedErrorEvent).error.message;
    errors.push(message);
    console.error(`deltascope WebGPU error: ${message}`);
  });
  void device.lost.then((info) => {
    if (released) {
      ctx.lostMessage = 'the WebGPU device was released';
      return;
    }
    // The first line of the browser's or Dawn's reason ("A valid external Instance reference no longer exists", …).
    const why = (info.message || 'no details').split('\n')[0].trim();
    ctx.lostMessage = `the WebGPU device was lost (${info.reason === 'destroyed' ? 'destroyed outside deltascope' : info.reason}: ${why})`;
    for (const listener of lostListeners) listener(ctx.lostMessage);
  });
  return ctx;
}

/** How long a failed operation waits for `device.lost` to say whether the device was lost. */
const LOSS_SETTLES_MS = 200;

/**
 * The error to report for `err`, thrown by an operation on `ctx`'s device: when the device was lost
 * (now, or within a moment: the failing call may beat `device.lost`), a GpuError saying so instead
 * of whatever the failing call said ("A valid external Instance reference no longer exists", …).
 */
export async function explainLoss(ctx: GpuContext, err: unknown): Promise<unknown> {
  if (!(err instanceof Error) || err.name === 'ConfigError' || err.name === 'AbortError') return err;
  if (!ctx.lostMessage) {
    await Promise.race([ctx.device.lost, new Promise((settled) => setTimeout(settled, LOSS_SETTLES_MS))]);
    // device.lost's own handler (above) sets lostMessage in the same turn; let it run.
    await Promise.resolve();
  }
  return ctx.lostMessage ? new GpuError(ctx.lostMessage) : err;
}

/** Runs `body` inside validation / out-of-memory / internal error scopes; any error becomes a GpuError. */
export async function inErrorScopes<T>(device: GPUDevice, body: () => Promise<T> | T): Promise<T> {
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T | undefined;
  let thrown: unknown = null;
  try {
    result = await body();
  } catch (e) {
    thrown = e;
  }
  const errors = (await Promise.all([device.popErrorScope(), device.popErrorScope(), device.popErrorScope()])).filter((e) => e);
  if (thrown) throw thrown;
  if (errors.length > 0) throw new GpuError(`WebGPU error: ${errors.map((e) => e!.message).join('; ')}`);
  return result as T;
}

/**
 * One GPU operation at a time per device: error scopes are a per-device stack, so two engines or
 * trainers on one device (side by side in the app) must not interleave their push/pop pairs.
 */
const deviceQueues = new WeakMap<GPUDevice, Promise<unknown>>();
export function serialOnDevice<T>(device: GPUDevice, body: () => Promise<T>): Promise<T> {
  const next = (deviceQueues.get(device) ?? Promise.resolve()).then(body);
  deviceQueues.set(device, next.catch(() => undefined));
  return next;
}
