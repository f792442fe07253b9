/**
 * The `cpu` engine in this process: the numbers the app's CPU workers must reproduce bit for bit
 * (plain SIMD gives the same bits on any machine and with any thread count; src/cpu/backend.ts).
 * One backend serves the test file.
 */
import { createWasmBackend } from '../../src/cpu/backend';
import type { CpuBackend } from '../../src/sim/backend';
import type { SimConfig } from '../../src/sim/config';
import { simulateCpu } from '../../src/sim/cpu-engine';
import { runSeeds } from '../../src/sim/seeds';
import type { RunOptions, SimResult } from '../../src/sim/stats';
import { CpuTrainer } from '../../src/sim/train/cpu-trainer';

let backend: Promise<CpuBackend> | null = null;
const shared = (): Promise<CpuBackend> => (backend ??= createWasmBackend({ threads: 2 }));

export async function nodeCpu(config: SimConfig, options: RunOptions = {}): Promise<SimResult> {
  return simulateCpu(config, await shared(), options);
}

/** Seeds config.seed … config.seed + count − 1, aggregated as the app aggregates them. */
export async function nodeCpuSeeds(config: SimConfig, count: number): Promise<SimResult> {
  const b = await shared();
  return runSeeds(config, count, (c, o) => simulateCpu(c, b, o));
}

/** A trainer on its own `cpu` backend (dispose it after). */
export async function nodeCpuTrainer(): Promise<CpuTrainer> {
  return new CpuTrainer(undefined, await createWasmBackend({ threads: 2 }));
}
