/** `npm run sim -- [options]`: run one simulation headless and print its per-layer statistics. */
import { withWebGpu } from '../node/webgpu-host';
import { openCpuBackend } from '../cpu/backend';
import { simulateCpu } from '../sim/cpu-engine';
import { resultJson, toCsv, toTable } from '../sim/format';
import { runSeeds, type SeedEngine } from '../sim/seeds';
import type { SimResult } from '../sim/stats';
import { addTheory, theoryOnly } from '../sim/theory-cli';
import { runOutputCommand } from './cli-common';
import { runCli, terminalProgress } from './cli-errors';
import { parseSimArgs, simHelp, type SimArgs } from './sim-args';

/** One run, or the seeds one after another on the same engine (one WebGPU device for all). */
function simulateOn(engine: SeedEngine, args: SimArgs): Promise<SimResult> {
  const onProgress = terminalProgress();
  return args.seeds > 1 ? runSeeds(args.config, args.seeds, engine, { onProgress }) : Promise.resolve(engine(args.config, { onProgress }));
}

/** --engine reference|cpu: one backend for every seed. */
async function simulateOnCpu(args: SimArgs): Promise<SimResult> {
  if (args.engine === 'webgpu') throw new Error('internal: not a CPU engine');
  const backend = await openCpuBackend(args.engine, args.threads === null ? {} : { threads: args.threads });
  try {
    return await simulateOn((config, options) => simulateCpu(config, backend, options), args);
  } finally {
    backend.dispose();
  }
}

async function simulate(args: SimArgs): Promise<SimResult> {
  if (args.theoryOnly) return theoryOnly(args.config);
  const result = args.engine === 'webgpu'
    ? await withWebGpu('sim', (gpu) => simulateOn((config, options) => gpu.run(config, { onProgress: options?.onProgress }), args))
    : await simulateOnCpu(args);
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
