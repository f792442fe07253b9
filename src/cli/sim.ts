/** `npm run sim -- [options]`: run one simulation headless and print its per-layer statistics. */
import { runCpu } from '../sim/cpu-engine';
import { resultJson, toCsv, toTable } from '../sim/format';
import { runSeeds } from '../sim/seeds';
import type { SimConfig } from '../sim/config';
import type { RunOptions, SimResult } from '../sim/stats';
import { addTheory, theoryOnly } from '../sim/theory-cli';
import { runOutputCommand } from './cli-common';
import { runCli, terminalProgress } from './cli-errors';
import { parseSimArgs, simHelp, type SimArgs } from './sim-args';

async function simulate(args: SimArgs): Promise<SimResult> {
  if (args.theoryOnly) return theoryOnly(args.config);
  const onProgress = terminalProgress();
  const engine = async (config: SimConfig, options: RunOptions = {}): Promise<SimResult> => {
    if (args.engine === 'webgpu') {
      const { runWebGpuHeadless } = await import('../node/webgpu-runner');
      return runWebGpuHeadless(config, { onProgress: options.onProgress });
    }
    return runCpu(config, options);
  };
  const result = args.seeds > 1 ? await runSeeds(args.config, args.seeds, engine, { onProgress }) : await engine(args.config, { onProgress });
  return args.theory ? addTheory(result) : result;
}

export function render(result: SimResult, format: SimArgs['format']): string {
  switch (format) {
    case 'json':
      return resultJson(result);
    case 'csv':
      return toCsv(result);
    case 'table':
      return toTable(result);
  }
}

await runCli('sim', () => runOutputCommand(process.argv.slice(2), { help: simHelp, parse: parseSimArgs, compute: simulate, render }));
