/**
 * `npm run bench`: the MLP (forward + backward through ReLU layers, He init) over a grid of
 * depth × width × batch on deltascope's engines and, with --peers, on tfjs 4.22 and numpy, every
 * engine given the same network, interleaved pass by pass, medians (src/bench/run-grid.ts). The
 * WebGPU engine is timed twice: its passes alone and whole runs with every statistic, whose ratio
 * is what the statistics and the readback cost. A benchmark, never a test: nothing asserts timing.
 */
import { availableParallelism, cpus } from 'node:os';
import { cpuKernelsPeer } from '../bench/cpu-peer';
import { numpyPeer } from '../bench/numpy-peer';
import { referencePeer } from '../bench/reference-peer';
import { runGrid, type GridRow } from '../bench/run-grid';
import { tfjsPeer } from '../bench/tfjs-peer';
import { webgpuPeer } from '../bench/webgpu-peer';
import type { MlpConfig, Peer } from '../bench/workload';
import type { AdapterInfo } from '../sim/stats';
import { adapterLabel } from '../sim/stats';
import type { BenchEngine } from '../sim/config-fields';
import type { SimConfig } from '../sim/config';
import { openWebGpu, type WebGpuHost } from '../node/webgpu-host';
import { ANY_ACTIVATION, benchHelp, parseBenchArgs, type BenchArgs } from './bench-args';
import { markdownTable } from './cli-common';
import { runCli, terminalProgress } from './cli-errors';

const GPU_ENGINES: readonly BenchEngine[] = ['webgpu', 'webgpu-run', 'tfjs-webgpu'];
/** Engines that compute the MLP's input gradient from the same data, in the order preferred as Δ's reference. */
const GRADIENT_REFERENCE: readonly BenchEngine[] = ['cpu', 'cpu-1t', 'tfjs-wasm', 'tfjs-cpu', 'tfjs-webgpu'];

/** The ratio columns: `of`'s time over `vs`'s (above 1: `vs` is faster), or, as a percentage, vs's throughput share of of's. */
const RATIOS: readonly { label: string; of: BenchEngine; vs: BenchEngine; percent?: boolean }[] = [
  { label: 'run/passes %', of: 'webgpu', vs: 'webgpu-run', percent: true },
  { label: '× tfjs-webgpu', of: 'tfjs-webgpu', vs: 'webgpu' },
  { label: 'webgpu × cpu', of: 'cpu', vs: 'webgpu' },
  { label: '× tfjs-wasm', of: 'tfjs-wasm', vs: 'cpu' },
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
  const threads = args.threads ?? undefined;
  const activation = args.configs[0]!.activations[0]!;
  if (activation.name !== 'relu' && !ANY_ACTIVATION.includes(name)) throw new Error(`times the ReLU MLP only (--activation ${activation.spec})`);
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
      return cpuKernelsPeer(name, threads);
    case 'cpu-1t':
      return cpuKernelsPeer(name, 1);
    case 'reference':
      return referencePeer(name, activation);
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

const fixed = (x: number | undefined | null, digits: number): string => (x === undefined || x === null ? '—' : x.toFixed(digits));

function table(peers: Peer[], rows: GridRow[]): string {
  const names = peers.map((p) => p.name as BenchEngine);
  const ratios = RATIOS.filter((r) => names.includes(r.of) && names.includes(r.vs));
  const compared = names.filter((n) => rows.some((r) => r.agreement[n] !== undefined));
  const head = ['depth', 'width', 'batch', ...names.flatMap((n) => [`${n} ms`, 'GFLOP/s']), ...ratios.map((r) => r.label), ...compared.map((n) => `Δ ${n}`)];
  const body = rows.map((row) => {
    const ms = (n: BenchEngine): number | undefined => row.results[n]?.ms;
    return [
      String(row.depth), String(row.width), String(row.batch),
      ...names.flatMap((n) => [fixed(ms(n), 1), fixed(row.results[n]?.gflops, 2)]),
      ...ratios.map((r) => {
        const [of, vs] = [ms(r.of), ms(r.vs)];
        if (of === undefined || vs === undefined) return '—';
        return r.percent ? (100 * of / vs).toFixed(0) : (of / vs).toFixed(2);
      }),
      ...compared.map((n) => (row.agreement[n] === undefined ? '—' : row.agreement[n]!.toExponential(1))),
    ];
  });
  return markdownTable(head, body);
}

function legend(peers: Peer[], reference: string, repeats: number): string[] {
  const names = peers.map((p) => p.name);
  const lines = [`ms per forward + backward pass (median of ${repeats}, engines interleaved); GFLOP/s = 2·batch·width²·(2·depth − 1) / time`];
  if (names.includes('webgpu-run')) lines.push('run/passes %: a whole run\'s throughput (weights generated, every statistic reduced and read back) as a share of the passes\' alone');
  lines.push('× peer: its time over deltascope\'s (webgpu for tfjs-webgpu, cpu for the CPU peers); webgpu × cpu: cpu\'s time over webgpu\'s: above 1, deltascope\'s is faster');
  if (GRADIENT_REFERENCE.includes(reference as BenchEngine) && peers.length > 1) {
    lines.push(`Δ peer: relative L2 distance of its input gradient from ${reference}'s (same data; 0: the same bits; larger where a ReLU mask flips)`);
  }
  return lines;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(benchHelp());
    return 0;
  }
  const args = parseBenchArgs(argv);
  const gpu = await openGpu(args);
  const simConfig = (c: MlpConfig): SimConfig => args.configs.find((s) => s.depth === c.depth && s.width === c.width && s.batch === c.batch)!;
  try {
    // The first engine is the reference of Δ: one that computes the input gradient, the CPU kernels by preference.
    const rank = (e: BenchEngine): number => (GRADIENT_REFERENCE.includes(e) ? GRADIENT_REFERENCE.indexOf(e) : GRADIENT_REFERENCE.length);
    const order = [...args.engines].sort((a, b) => rank(a) - rank(b));
    const peers: Peer[] = [];
    const unavailable: string[] = [];
    for (const name of order) {
      try {
        peers.push(await startPeer(name, args, gpu, simConfig));
      } catch (err) {
        unavailable.push(`${name}: ${(err as Error).message}`);
      }
    }
    if (peers.length === 0) throw new Error(`no engine could start (${unavailable.join('; ')})`);
    const shown = args.engines.map((n) => peers.find((p) => p.name === n)).filter((p): p is Peer => p !== undefined);
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

    const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.versions.node}`;
    const described = Object.fromEntries(shown.map((p) => [p.name, p.describe()]));
    for (const p of peers) p.dispose();
    const adapter = gpu.adapter ? adapterLabel(gpu.adapter) : null;
    if (args.format === 'json') {
      process.stdout.write(`${JSON.stringify({
        adapter: gpu.adapter, adapterLabel: adapter, softwareNote: gpu.adapter?.isSoftware ? 'software/fallback adapter: not a GPU speed reference' : null,
        via: gpu.host?.via ?? null, machine, engines: described, unavailable, options: { ...args.timing, budgetMs: args.budgetMs }, rows,
      }, null, 2)}\n`);
    } else {
      process.stdout.write([
        ...(adapter ? [`adapter: ${adapter}`] : []),
        `machine: ${machine}`,
        ...Object.entries(described).map(([name, text]) => `${name}: ${text}`),
        ...unavailable.map((u) => `not run: ${u}`),
        ...legend(shown, peers[0]!.name, args.timing.repeats),
        '',
        table(shown, rows),
        '',
      ].join('\n'));
    }
    if (gpu.host) process.stderr.write(`bench: ${gpu.host.how}\n`);
  } finally {
    await gpu.host?.close();
  }
  return 0;
}

await runCli('bench', () => main(process.argv.slice(2)));
