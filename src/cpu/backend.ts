/**
 * The `cpu` backend (src/sim/backend.ts): the products on the WebAssembly SIMD kernels of
 * src/cpu/kernels.ts, float32 accumulation, on every core the platform allows; matrices live in
 * the kernels' shared memory, so no product copies anything.
 *
 * The engine takes plain SIMD: relaxed SIMD's fused multiply-add depends on the CPU, plain SIMD
 * gives the same bits on every machine, in Node and in any browser, with any thread count — so one
 * seed gives one result everywhere, as it does on the reference engine.
 */
import type { CpuBackend, CpuEngineKind } from '../sim/backend';
import { referenceBackend } from '../sim/reference-backend';
import { allocationBytes, createCpuKernels } from './kernels';

export interface CpuBackendOptions {
  /** Threads of the `cpu` backend, the caller included; default: every core. */
  threads?: number;
}

export async function createWasmBackend(options: CpuBackendOptions = {}): Promise<CpuBackend> {
  const k = await createCpuKernels({ relaxedSimd: false, ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const { threads, reason, simd } = k.info();
  return {
    kind: 'cpu',
    alloc: (floats) => k.alloc(floats),
    free: (view) => k.free(view),
    allocationBytes,
    availableBytes: () => k.info().availableBytes,
    forward: (s, h, w, bias, shape) => k.forward(s, h, w, bias, shape),
    backward: (g, d, w, shape) => k.backward(g, d, w, shape),
    weightGrad: (gw, d, h, scale, shape) => k.weightGrad(gw, d, h, scale, shape),
    fill: (out, spec) => k.fill(out, spec),
    info: () => ({ kind: 'cpu', threads, threadsReason: reason, simd }),
    dispose: () => k.dispose(),
  };
}

/** The backend of `--engine reference|cpu`. */
export function openCpuBackend(kind: CpuEngineKind, options: CpuBackendOptions = {}): Promise<CpuBackend> {
  return kind === 'reference' ? Promise.resolve(referenceBackend()) : createWasmBackend(options);
}
