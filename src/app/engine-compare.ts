/**
 * "GPU vs CPU on this machine": a small grid of whole simulations (ReLU, He init) run in the page
 * on both engines, interleaved, each point the faster of two runs after an untimed warm-up that
 * compiles the GPU's kernels. Kept light: about a second or two per engine on a laptop.
 */
import { normalizeConfig, type SimConfig } from '../sim/config';
import type { AdapterInfo, SimEngine } from '../sim/stats';

export const COMPARE_WIDTHS = [16, 32, 64, 128, 256] as const;
const COMPARE = { activations: 'relu', depth: 16, batch: 32 } as const;

export interface ComparePoint {
  width: number;
  /** Milliseconds of a whole run; null when that engine could not run. */
  gpuMs: number | null;
  cpuMs: number | null;
}

export interface EngineComparison {
  phase: 'idle' | 'running' | 'done' | 'error';
  adapter: AdapterInfo | null;
  points: ComparePoint[];
  message: string | null;
}

export const NO_COMPARISON: EngineComparison = { phase: 'idle', adapter: null, points: [], message: null };

export function compareConfig(width: number): SimConfig {
  return normalizeConfig({ ...COMPARE, width });
}

async function best(engine: SimEngine, config: SimConfig): Promise<number> {
  const a = (await engine.run(config)).timing.ms;
  const b = (await engine.run(config)).timing.ms;
  return Math.min(a, b);
}

/** Runs the grid; `onPoint` gets the points so far after each width. */
export async function compareEngines(gpu: SimEngine | null, cpu: SimEngine, onPoint: (points: ComparePoint[]) => void): Promise<ComparePoint[]> {
  const points: ComparePoint[] = [];
  if (gpu) await gpu.run(compareConfig(COMPARE_WIDTHS[0]));
  for (const width of COMPARE_WIDTHS) {
    const config = compareConfig(width);
    const cpuMs = await best(cpu, config);
    const gpuMs = gpu ? await best(gpu, config) : null;
    points.push({ width, gpuMs, cpuMs });
    onPoint([...points]);
  }
  return points;
}
