/** The `bench` command line: the grid of configurations to time and how to time and print them. */
import { normalizeConfig, type SimConfig } from '../sim/config';
import { readFields } from '../sim/config-fields';
import type { CpuEngineKind } from '../sim/backend';
import { optionsHelp, readCommandLine, readRunOptions, type Format } from './cli-common';
import { UsageError } from './cli-errors';

export interface BenchArgs {
  /** One configuration per depth × width × batch of the grid. */
  configs: SimConfig[];
  timing: { iterations: number; repeats: number; warmup: number };
  /** The CPU engine timed beside WebGPU, with its threads (null: every core); null with --no-cpu. */
  cpu: { engine: CpuEngineKind; threads: number | null } | null;
  /** table or json: the benchmark's --format has no csv. */
  format: Format;
  out: string | null;
}

export function benchHelp(): string {
  return `Usage: npm run bench -- [options]

Times forward+backward passes on the WebGPU engine (in-process through Dawn, else in headless
Chromium) and the CPU engine over a grid of depth × width × batch.

${optionsHelp('bench')}
`;
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const line = readCommandLine('bench', argv);
  const { activation } = readFields('bench', 'config', line);
  const { depths, widths, batches, iterations, repeats, warmup, noCpu, engine, threads, format, out } = readRunOptions('bench', line);
  const configs = depths.flatMap((depth) => widths.flatMap((width) => batches.map((batch) => normalizeConfig({ activations: activation.spec, depth, width, batch }))));
  if (engine === 'webgpu') throw new Error('internal: the bench times WebGPU always; --engine names its CPU engine');
  if (threads !== null && engine !== 'cpu') throw new UsageError('--threads sets the threads of --engine cpu; it cannot be combined with --engine reference');
  return { configs, timing: { iterations, repeats, warmup }, cpu: noCpu ? null : { engine, threads }, format, out };
}
