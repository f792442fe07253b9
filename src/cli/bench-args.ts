/** The `bench` command line: the grid of configurations, the engines that time it, and how to time and print them. */
import { normalizeConfig, type SimConfig } from '../sim/config';
import { BENCH_ENGINES, readFields, type BenchEngine } from '../sim/config-fields';
import { GiB } from '../sim/memory';
import { optionsHelp, readCommandLine, readRunOptions, type Format } from './cli-common';
import { UsageError } from './cli-errors';

/** deltascope's engines, timed by default. */
const DELTASCOPE: readonly BenchEngine[] = ['webgpu', 'webgpu-run', 'cpu', 'reference'];
/** What --peers adds: the other libraries, and the CPU kernels on one thread beside tfjs-wasm's one. */
const PEERS: readonly BenchEngine[] = ['cpu-1t', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'numpy', 'numpy-1t'];
export const CPU_ENGINES: readonly BenchEngine[] = ['cpu', 'cpu-1t', 'reference'];
/** The engines that run the configured activation; the others implement the ReLU MLP only. */
export const ANY_ACTIVATION: readonly BenchEngine[] = ['webgpu', 'webgpu-run', 'cpu', 'cpu-1t', 'reference'];

export interface BenchArgs {
  /** One configuration per depth × width × batch of the grid. */
  configs: SimConfig[];
  /** What is timed, in table order. */
  engines: BenchEngine[];
  timing: { iterations: number; repeats: number; warmup: number };
  budgetMs: number;
  /** Threads of the cpu engine (null: every core). */
  threads: number | null;
  autotune: boolean;
  gpuMemoryBytes: number;
  /** The GPU's fp32 peak in TFLOP/s (null: from the table of known GPUs, src/bench/gpu-peak.ts). */
  peakTflops: number | null;
  /** table or json: the benchmark's --format has no csv. */
  format: Format;
  out: string | null;
}

export function benchHelp(): string {
  return `Usage: npm run bench -- [options]

Times the issue's MLP (forward + backward through ReLU layers, He init) over a grid of depth ×
width × batch on deltascope's engines (WebGPU in-process through Dawn, else in headless Chromium;
the cpu engine's WebAssembly kernels; the reference engine) and, with --peers, on tfjs 4.22 and
numpy, interleaved, with medians and ratios. A benchmark, never a test.

${optionsHelp('bench')}
`;
}

function chosenEngines(given: readonly BenchEngine[] | null, peers: boolean, noCpu: boolean): BenchEngine[] {
  if (given) {
    if (peers || noCpu) throw new UsageError('--engines lists exactly what is timed: give it without --peers and --no-cpu');
    return [...given];
  }
  const wanted = new Set([...DELTASCOPE, ...(peers ? PEERS : [])].filter((e) => !noCpu || !CPU_ENGINES.includes(e)));
  return BENCH_ENGINES.filter((e) => wanted.has(e));
}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const line = readCommandLine('bench', argv);
  const { activation, residual, norm } = readFields('bench', 'config', line);
  const o = readRunOptions('bench', line);
  const configs = o.depths.flatMap((depth) => o.widths.flatMap((width) => o.batches.map((batch) => normalizeConfig({ activations: activation.spec, residual, norm, depth, width, batch }))));
  const engines = chosenEngines(o.engines, o.peers, o.noCpu);
  if (o.threads !== null && !engines.includes('cpu')) throw new UsageError('--threads sets the threads of the cpu engine, which this bench does not time');
  // The CPU layer loop and the peers time the plain MLP; only deltascope's WebGPU engine runs the architectures.
  const plainOnly = engines.filter((e) => e !== 'webgpu' && e !== 'webgpu-run');
  if ((residual !== 0 || norm !== 'none') && plainOnly.length) {
    throw new UsageError(`--residual and --norm are timed on deltascope's WebGPU engine alone (--engines webgpu,webgpu-run); ${plainOnly.join(', ')} time the plain MLP`);
  }
  return {
    configs,
    engines,
    timing: { iterations: o.iterations, repeats: o.repeats, warmup: o.warmup },
    budgetMs: o.budget * 1000,
    threads: o.threads,
    autotune: o.autotune,
    gpuMemoryBytes: o.gpuMemory * GiB,
    peakTflops: o.peakTflops,
    format: o.format,
    out: o.out,
  };
}
