/** Placeholder until the WebGPU engine lands: the CLI reports it clearly. */
import type { SimConfig } from '../sim/config';
import type { Progress, SimResult } from '../sim/stats';

export async function runWebGpuHeadless(_config: SimConfig, _opts?: { onProgress?: (p: Progress) => void }): Promise<SimResult> {
  throw new Error('the WebGPU engine is not available yet; use --engine cpu');
}
