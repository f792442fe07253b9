/** Messages between the page and the CPU engine's Web Worker. */
import type { SimConfig } from '../sim/config';
import type { SimResult } from '../sim/stats';

export interface RunRequest {
  type: 'run';
  id: number;
  config: SimConfig;
  details: boolean;
  memoryLimit: number;
  /** Seeds to run one after another (config.seed, config.seed + 1, …); > 1 aggregates them (src/sim/seeds.ts). */
  seeds: number;
}

export type WorkerReply =
  | { type: 'progress'; id: number; fraction: number; message: string }
  | { type: 'result'; id: number; result: SimResult }
  | { type: 'error'; id: number; message: string; configError: boolean };
