/**
 * The engine a view starts on when its URL names none: WebGPU on a hardware adapter; the CPU
 * engine on a software or fallback adapter (SwiftShader, llvmpipe, WARP), which runs the shaders
 * on the CPU's own cores, several times slower than the CPU engine there (README, Benchmark). Without
 * WebGPU the views fall back to the CPU engine by their own rule (with their own banner).
 */
import { adapterLabel, type AdapterInfo } from '../sim/stats';

export interface EngineDefault {
  engine: 'webgpu' | 'cpu';
  /** Why the CPU engine was chosen, in one line (null on a hardware adapter). */
  reason: string | null;
}

export function defaultEngine(adapter: AdapterInfo | null): EngineDefault {
  if (!adapter || !(adapter.isSoftware || adapter.isFallbackAdapter)) return { engine: 'webgpu', reason: null };
  const name = adapterLabel({ ...adapter, isSoftware: false, isFallbackAdapter: false });
  return {
    engine: 'cpu',
    reason: `WebGPU here is a software adapter (${name}) that runs the shaders on the CPU, slower than the CPU engine, so the CPU engine runs.`,
  };
}
