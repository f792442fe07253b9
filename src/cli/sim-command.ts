/** The `sim` command: run one simulation headless and print its per-layer statistics (entry: sim.ts). */
import { withWebGpu } from '../node/webgpu-host';
import { openCpuBackend } from '../cpu/backend';
import { simulateCpu } from '../sim/cpu-engine';
import { csvLines, resultDocument, toTable } from '../sim/format';
import { jsonLines } from '../sim/json-stream';
import { runSeeds, type SeedEngine } from '../sim/seeds';
import type { SimResult } from '../sim/stats';
import { addTheory, theoryOnly } from '../sim/theory-cli';
import type { OutputCommand } from './cli-common';
import { terminalProgress } from './cli-errors';
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

function render(result: SimResult, format: SimArgs['format']): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonLines(resultDocument(result));
    case 'csv':
      return csvLines(result);
    case 'table':
      return [toTable(result)];
  }
}

export const simCommand: OutputCommand<SimArgs, SimResult> = { help: simHelp, parse: parseSimArgs, compute: simulate, render };
