/**
 * The `bench` command (entry: bench.ts): forward+backward passes on the WebGPU engine (in-process Dawn, or headless Chromium) and a CPU
 * engine (--engine cpu|reference) side by side over a grid of depth × width × batch. Milliseconds are medians after warm-up;
 * the GPU encodes --iterations passes per submit. A benchmark, not a test: nothing here asserts timing.
 */
import { adapterLabel, engineLabel, type AdapterInfo, type EngineInfo } from '../sim/stats';
import { median } from '../gpu/median';
import { withWebGpu, type WebGpuVia } from '../node/webgpu-host';
import { runtimeName } from '../sim/runtime';
import { Allocations, type CpuBackend } from '../sim/backend';
import { openCpuBackend } from '../cpu/backend';
import { cpuEngineInfo } from '../sim/cpu-engine';
import { backwardLayer, forwardLayer, generateInput, generateWeights } from '../sim/layers';
import { activationFn } from '../sim/activations';
import type { SimConfig } from '../sim/config';
import { benchHelp, parseBenchArgs, type BenchArgs } from './bench-args';
import { markdownTable, type OutputCommand } from './cli-common';

interface Row {
  depth: number; width: number; batch: number;
  gpuMs: number; gpuGflops: number; cpuMs: number | null; cpuGflops: number | null; gpuOverCpu: number | null;
  weightsStored: boolean;
}

/** Floating-point operations of one forward (depth layers) + backward (depth − 1 layers) pass. */
function flops(c: SimConfig): number {
  return 2 * c.batch * c.width * c.width * (2 * c.depth - 1);
}

function cpuMsPerPass(c: SimConfig, backend: CpuBackend, repeats: number, warmup: number): number {
  const n = c.width;
  const shape = { batch: c.batch, nIn: n, nOut: n };
  const act = activationFn(c.activations[0]);
  const mem = new Allocations(backend);
  try {
    const weights = Array.from({ length: c.depth }, (_, l) => generateWeights(c.seed, l + 1, n, n, c.init, mem.alloc(n * n)));
    const x = generateInput(c.seed, c.batch, n, mem.alloc(c.batch * n));
    const s = Array.from({ length: c.depth }, () => mem.alloc(c.batch * n));
    const h = [mem.alloc(c.batch * n), mem.alloc(c.batch * n)];
    const d = [mem.alloc(c.batch * n), mem.alloc(c.batch * n)];
    const samples: number[] = [];
    for (let r = 0; r < warmup + repeats; r++) {
      const t0 = performance.now();
      let input = x;
      for (let l = 0; l < c.depth; l++) {
        forwardLayer(backend, weights[l], null, input, s[l], h[l & 1], shape, act.def, act.param);
        input = h[l & 1];
      }
      d[1].set(x);
      for (let l = c.depth - 2; l >= 0; l--) {
        backwardLayer(backend, weights[l + 1], d[(l + 1) & 1], s[l], d[l & 1], shape, act.def, act.param);
      }
      if (r >= warmup) samples.push(performance.now() - t0);
    }
    return median(samples);
  } finally {
    mem.freeAll();
  }
}

function table(adapter: string, cpu: string | null, rows: Row[]): string {
  const head = ['depth', 'width', 'batch', 'GPU ms', 'GPU GFLOP/s', 'CPU ms', 'CPU GFLOP/s', 'GPU speed-up ×'];
  const fmt = (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits));
  const body = rows.map((r) => [
    String(r.depth), String(r.width), String(r.batch), fmt(r.gpuMs, 1), fmt(r.gpuGflops, 2), fmt(r.cpuMs, 1), fmt(r.cpuGflops, 2), fmt(r.gpuOverCpu, 2),
  ]);
  return [
    `adapter: ${adapter}`,
    ...(cpu ? [cpu] : []),
    'ms per forward+backward pass over all layers (median); GFLOP/s = 2·batch·width²·(2·depth − 1) / time',
    '',
    markdownTable(head, body),
    '',
  ].join('\n');
}

interface BenchResult {
  adapter: AdapterInfo;
  via: WebGpuVia;
  cpuEngine: EngineInfo | null;
  options: BenchArgs['timing'];
  rows: Row[];
}

async function bench(args: BenchArgs): Promise<BenchResult> {
  const { configs, timing: opts, cpu } = args;
  const backend = cpu ? await openCpuBackend(cpu.engine, cpu.threads === null ? {} : { threads: cpu.threads }) : null;
  return withWebGpu('bench', async (webgpu) => {
    const adapter = await webgpu.adapter();
    const rows: Row[] = [];
    for (const c of configs) {
      if (process.stderr.isTTY) process.stderr.write(`\rbench depth ${c.depth} width ${c.width} batch ${c.batch}…`.padEnd(60));
      const gpu = await webgpu.bench(c, opts);
      const cpuMs = backend ? cpuMsPerPass(c, backend, opts.repeats, opts.warmup) : null;
      const f = flops(c);
      rows.push({
        depth: c.depth, width: c.width, batch: c.batch,
        gpuMs: gpu.msPerPass, gpuGflops: f / (gpu.msPerPass * 1e6),
        cpuMs, cpuGflops: cpuMs === null ? null : f / (cpuMs * 1e6), gpuOverCpu: cpuMs === null ? null : cpuMs / gpu.msPerPass,
        weightsStored: gpu.weightsStored,
      });
    }
    if (process.stderr.isTTY) process.stderr.write('\r'.padEnd(61) + '\r');
    return { adapter, via: webgpu.via, cpuEngine: backend ? cpuEngineInfo(backend.info()) : null, options: opts, rows };
  }).finally(() => backend?.dispose());
}

function render({ adapter, via, cpuEngine, options, rows }: BenchResult, format: BenchArgs['format']): Iterable<string> {
  const label = adapterLabel(adapter);
  if (format !== 'json') return [table(label, cpuEngine ? engineLabel(cpuEngine) : null, rows)];
  const softwareNote = adapter.isSoftware ? 'software/fallback adapter: not a GPU speed reference' : null;
  return [`${JSON.stringify({ adapter, adapterLabel: label, softwareNote, via, cpu: runtimeName(), cpuEngine, options, rows }, null, 2)}\n`];
}

export const benchCommand: OutputCommand<BenchArgs, BenchResult> = { help: benchHelp, parse: parseBenchArgs, compute: bench, render };
