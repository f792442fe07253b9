/** The `bench` command line: the grid of configurations to time and how to time and print them. */
import { normalizeConfig, type SimConfig } from '../sim/config';
import { readFields } from '../sim/config-fields';
import { optionsHelp, readCommandLine, readRunOptions, type Format } from './cli-common';

export interface BenchArgs {
  /** One configuration per depth × width × batch of the grid. */
  configs: SimConfig[];
  timing: { iterations: number; repeats: number; warmup: number };
  cpu: boolean;
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
  const { depths, widths, batches, iterations, repeats, warmup, noCpu, format, out } = readRunOptions('bench', line);
  const configs = depths.flatMap((depth) => widths.flatMap((width) => batches.map((batch) => normalizeConfig({ activations: activation.spec, depth, width, batch }))));
  return { configs, timing: { iterations, repeats, warmup }, cpu: !noCpu, format, out };
}
