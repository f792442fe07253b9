/** `npm run sim -- [options]`: run one simulation headless and print its per-layer statistics. */
import { writeFileSync } from 'node:fs';
import { runCpu } from '../sim/cpu-engine';
import { toCsv, toTable } from '../sim/format';
import { runSeeds } from '../sim/seeds';
import type { SimConfig } from '../sim/config';
import { toJson, type RunOptions, type SimResult } from '../sim/stats';
import { addTheory, theoryOnly } from '../sim/theory-cli';
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
      return `${toJson({ ...result, runs: result.runs.map(({ details: _details, ...run }) => run) })}\n`;
    case 'csv':
      return toCsv(result);
    case 'table':
      return toTable(result);
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(simHelp());
    return 0;
  }
  const args = parseSimArgs(argv);
  const result = await simulate(args);
  const text = render(result, args.format);
  if (args.out) {
    writeFileSync(args.out, text);
    process.stderr.write(`wrote ${args.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

await runCli('sim', () => main(process.argv.slice(2)));
