/**
 * The `bench` command (entry: bench.ts): the MLP (forward + backward through ReLU layers,
 * He init) over a grid of depth × width × batch on deltascope's engines and, with --peers, on tfjs
 * 4.22 and numpy, every engine given the same network, interleaved pass by pass, medians
 * (src/bench/run-grid.ts). The WebGPU engine is timed twice: its passes alone and whole runs with
 * every statistic, whose ratio is what the statistics and the readback cost. A benchmark, never a
 * test: nothing asserts timing.
 */
import { availableParallelism, cpus } from 'node:os';
import { cpuEnginePeer } from '../bench/cpu-peer';
import { knownPeakTflops } from '../bench/gpu-peak';
import { numpyPeer } from '../bench/numpy-peer';
import { runGrid, type GridRow } from '../bench/run-grid';
import { tfjsPeer } from '../bench/tfjs-peer';
import { webgpuPeer } from '../bench/webgpu-peer';
import type { MlpConfig, Peer } from '../bench/workload';
import type { BenchEngine } from '../sim/config-fields';
import type { SimConfig } from '../sim/config';
import { adapterLabel, type AdapterInfo } from '../sim/stats';
import { openWebGpu, type WebGpuHost, type WebGpuVia } from '../node/webgpu-host';
import { ANY_ACTIVATION, benchHelp, parseBenchArgs, type BenchArgs } from './bench-args';
import { markdownTable, type OutputCommand } from './cli-common';
import { terminalProgress } from './cli-errors';

const GPU_ENGINES: readonly BenchEngine[] = ['webgpu', 'webgpu-run', 'tfjs-webgpu'];
/** Engines that compute the MLP's input gradient from the same data, in the order preferred as Δ's reference. */
const GRADIENT_REFERENCE: readonly BenchEngine[] = ['cpu', 'cpu-1t', 'reference', 'tfjs-wasm', 'tfjs-cpu', 'tfjs-webgpu'];
/** deltascope's WebGPU timings, whose share of the adapter's fp32 peak is shown where it is known. */
const PEAK_SHARE: readonly BenchEngine[] = ['webgpu', 'webgpu-run'];

/** The ratio columns: `of`'s time over `vs`'s (above 1: `vs` is faster), or, as a percentage, vs's throughput share of of's. */
const RATIOS: readonly { label: string; of: BenchEngine; vs: BenchEngine; percent?: boolean }[] = [
  { label: 'run/passes %', of: 'webgpu', vs: 'webgpu-run', percent: true },
  { label: '× tfjs-webgpu', of: 'tfjs-webgpu', vs: 'webgpu' },
  { label: 'webgpu × cpu', of: 'cpu', vs: 'webgpu' },
  { label: '× tfjs-wasm', of: 'tfjs-wasm', vs: 'cpu' },
  { label: '1t × tfjs-wasm', of: 'tfjs-wasm', vs: 'cpu-1t' },
  { label: '× tfjs-cpu', of: 'tfjs-cpu', vs: 'cpu' },
  { label: '× numpy', of: 'numpy', vs: 'cpu' },
  { label: '× reference', of: 'reference', vs: 'cpu' },
];

interface Gpu {
  host: WebGpuHost | null;
  adapter: AdapterInfo | null;
  /** Why there is no WebGPU, when there is none. */
  why: string | null;
}

export interface BenchResult {
  adapter: AdapterInfo | null;
  via: WebGpuVia | null;
  /** How WebGPU ran (Dawn or Chromium, and why), for the stderr line. */
  how: string | null;
  machine: string;
  /** The peak the % of peak column divides by, TFLOP/s, and where it came from. */
  peak: { tflops: number; source: 'option' | 'table' } | null;
  /** Engine → one line: library, version, backend, threads. */
  engines: Record<string, string>;
  /** 'engine: why' for each engine that could not start. */
  unavailable: string[];
  /** The timed engines, in table order; the first of them is Δ's reference. */
  order: string[];
  reference: string;
  options: BenchArgs['timing'] & { budgetMs: number };
  rows: GridRow[];
}

async function openGpu(args: BenchArgs): Promise<Gpu> {
  if (!args.engines.some((e) => GPU_ENGINES.includes(e))) return { host: null, adapter: null, why: null };
  try {
    const host = await openWebGpu({ tune: args.autotune ? 'on' : undefined });
    return { host, adapter: await host.adapter(), why: null };
  } catch (err) {
    // Only WebGPU engines asked for: the command fails as any WebGPU command does.
    if (args.engines.every((e) => GPU_ENGINES.includes(e))) throw err;
    return { host: null, adapter: null, why: (err as Error).message };
  }
}

async function startPeer(name: BenchEngine, args: BenchArgs, gpu: Gpu, simConfig: (c: MlpConfig) => SimConfig): Promise<Peer> {
  const activation = args.configs[0]!.activations[0]!;
  if (activation.spec !== 'relu' && !ANY_ACTIVATION.includes(name)) throw new Error(`times the ReLU MLP only (--activation ${activation.spec})`);
  const host = (): WebGpuHost => {
    if (!gpu.host) throw new Error(`no WebGPU: ${gpu.why}`);
    return gpu.host;
  };
  const webgpu = { iterations: args.timing.iterations, memoryBudgetBytes: args.gpuMemoryBytes, simConfig };
  switch (name) {
    case 'webgpu':
      return webgpuPeer(name, host(), 'passes', webgpu);
    case 'webgpu-run':
      return webgpuPeer(name, host(), 'run', webgpu);
    case 'cpu':
      return cpuEnginePeer(name, 'cpu', activation, args.threads ?? undefined);
    case 'cpu-1t':
      return cpuEnginePeer(name, 'cpu', activation, 1);
    case 'reference':
      return cpuEnginePeer(name, 'reference', activation);
    case 'tfjs-webgpu': {
      const h = host();
      if (!h.dawn) throw new Error(`needs the in-process Dawn device (here WebGPU runs through headless Chromium: ${h.dawnUnavailable ?? 'DELTASCOPE_WEBGPU=chromium'})`);
      const ctx = await h.dawn.context();
      return tfjsPeer('webgpu', { gpu: h.dawn.gpu, device: ctx.device, info: ctx.adapter as unknown as GPUAdapterInfo });
    }
    case 'tfjs-wasm':
      return tfjsPeer('wasm');
    case 'tfjs-cpu':
      return tfjsPeer('cpu');
    case 'numpy':
      return numpyPeer(name);
    case 'numpy-1t':
      return numpyPeer(name, 1);
  }
}

async function bench(args: BenchArgs): Promise<BenchResult> {
  const gpu = await openGpu(args);
  const simConfig = (c: MlpConfig): SimConfig => args.configs.find((s) => s.depth === c.depth && s.width === c.width && s.batch === c.batch)!;
  const peers: Peer[] = [];
  try {
    // The first engine is the reference of Δ: one that computes the input gradient, the CPU kernels by preference.
    const rank = (e: BenchEngine): number => (GRADIENT_REFERENCE.includes(e) ? GRADIENT_REFERENCE.indexOf(e) : GRADIENT_REFERENCE.length);
    const unavailable: string[] = [];
    for (const name of [...args.engines].sort((a, b) => rank(a) - rank(b))) {
      try {
        peers.push(await startPeer(name, args, gpu, simConfig));
      } catch (err) {
        unavailable.push(`${name}: ${(err as Error).message}`);
      }
    }
    if (peers.length === 0) throw new Error(`no engine could start (${unavailable.join('; ')})`);
    const configs: MlpConfig[] = args.configs.map(({ depth, width, batch }) => ({ depth, width, batch }));
    const progress = terminalProgress();
    let done = 0;
    const rows = await runGrid(peers, configs, {
      repeats: args.timing.repeats,
      warmup: args.timing.warmup,
      budgetMs: args.budgetMs,
      onProgress: (message) => progress?.({ fraction: done++ / configs.length, message }),
    });
    progress?.({ fraction: 1, message: 'done' });
    const order = args.engines.filter((n) => peers.some((p) => p.name === n));
    const tablePeak = gpu.adapter ? knownPeakTflops(gpu.adapter) : null;
    return {
      adapter: gpu.adapter,
      via: gpu.host?.via ?? null,
      how: gpu.host?.how ?? null,
      machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.versions.node}`,
      peak: args.peakTflops !== null ? { tflops: args.peakTflops, source: 'option' } : tablePeak !== null ? { tflops: tablePeak, source: 'table' } : null,
      engines: Object.fromEntries(order.map((n) => [n, peers.find((p) => p.name === n)!.describe()])),
      unavailable,
      order,
      reference: peers[0]!.name,
      options: { ...args.timing, budgetMs: args.budgetMs },
      rows,
    };
  } finally {
    for (const p of peers) p.dispose();
    await gpu.host?.close();
  }
}

const fixed = (x: number | undefined | null, digits: number): string => (x === undefined || x === null ? '—' : x.toFixed(digits));

function table(r: BenchResult): string {
  const names = r.order as BenchEngine[];
  const ratios = RATIOS.filter((x) => names.includes(x.of) && names.includes(x.vs));
  const peakOf = r.peak ? names.filter((n) => PEAK_SHARE.includes(n)) : [];
  const compared = names.filter((n) => r.rows.some((row) => row.agreement[n] !== undefined));
  const head = [
    'depth', 'width', 'batch', ...names.flatMap((n) => [`${n} ms`, 'GFLOP/s']), ...peakOf.map((n) => `${n} % peak`),
    ...ratios.map((x) => x.label), ...compared.map((n) => `Δ ${n}`),
  ];
  const body = r.rows.map((row) => {
    const ms = (n: BenchEngine): number | undefined => row.results[n]?.ms;
    return [
      String(row.depth), String(row.width), String(row.batch),
      ...names.flatMap((n) => [fixed(ms(n), 1), fixed(row.results[n]?.gflops, 2)]),
      ...peakOf.map((n) => fixed(row.results[n] && r.peak ? (100 * row.results[n]!.gflops) / (r.peak.tflops * 1000) : null, 1)),
      ...ratios.map((x) => {
        const [of, vs] = [ms(x.of), ms(x.vs)];
        if (of === undefined || vs === undefined) return '—';
        return x.percent ? ((100 * of) / vs).toFixed(0) : (of / vs).toFixed(2);
      }),
      ...compared.map((n) => (row.agreement[n] === undefined ? '—' : row.agreement[n]!.toExponential(1))),
    ];
  });
  return markdownTable(head, body);
}

function legend(r: BenchResult): string[] {
  const lines = [`ms per forward + backward pass (median of ${r.options.repeats}, engines interleaved); GFLOP/s = 2·batch·width²·(2·depth − 1) / time`];
  if (r.peak) lines.push(`% peak: GFLOP/s over the adapter's fp32 peak of ${r.peak.tflops} TFLOP/s (${r.peak.source === 'option' ? '--peak-tflops' : 'src/bench/gpu-peak.ts'})`);
  if (r.order.includes('webgpu-run')) lines.push("run/passes %: a whole run's throughput (weights generated, every statistic reduced and read back) as a share of the passes' alone");
  if (RATIOS.some((x) => !x.percent && r.order.includes(x.of) && r.order.includes(x.vs))) lines.push("× peer: its time over deltascope's (webgpu's for tfjs-webgpu, cpu's or cpu-1t's for the CPU peers); webgpu × cpu: cpu's time over webgpu's; above 1, deltascope's is faster");
  if (r.order.length > 1 && r.rows.some((row) => Object.keys(row.agreement).length > 0)) {
    lines.push(`Δ peer: relative L2 distance of its input gradient from ${r.reference}'s (same data; 0: the same bits; larger where a ReLU mask flips)`);
  }
  return lines;
}

function render(r: BenchResult, format: BenchArgs['format']): Iterable<string> {
  const label = r.adapter ? adapterLabel(r.adapter) : null;
  if (format === 'json') {
    const softwareNote = r.adapter && (r.adapter.isSoftware || r.adapter.isFallbackAdapter) ? 'software/fallback adapter: not a GPU speed reference' : null;
    const { how: _how, order: _order, ...rest } = r;
    return [`${JSON.stringify({ ...rest, adapterLabel: label, softwareNote }, null, 2)}\n`];
  }
  return [[
    ...(label ? [`adapter: ${label}`] : []),
    `machine: ${r.machine}`,
    ...Object.entries(r.engines).map(([name, text]) => `${name}: ${text}`),
    ...r.unavailable.map((u) => `not run: ${u}`),
    ...legend(r),
    '',
    table(r),
    '',
  ].join('\n')];
}

export const benchCommand: OutputCommand<BenchArgs, BenchResult> = {
  help: benchHelp,
  parse: parseBenchArgs,
  async compute(args) {
    const result = await bench(args);
    if (result.how) process.stderr.write(`bench: ${result.how}\n`);
    return result;
  },
  render,
};
