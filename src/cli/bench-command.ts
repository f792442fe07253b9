/**
 * The `bench` command (entry: bench.ts): forward+backward passes on the WebGPU engine (in-process Dawn, or headless Chromium) and the CPU
 * engine side by side over a grid of depth × width × batch. Milliseconds are medians after warm-up;
 * the GPU encodes --iterations passes per submit. A benchmark, not a test: nothing here asserts timing.
 */
import { adapterLabel, type AdapterInfo } from '../sim/stats';
import { median } from '../gpu/median';
import { withWebGpu, type WebGpuVia } from '../node/webgpu-host';
import { runtimeName } from '../sim/runtime';
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

function cpuMsPerPass(c: SimConfig, repeats: number, warmup: number): number {
  const n = c.width;
  const act = activationFn(c.activations[0]);
  const weights = Array.from({ length: c.depth }, (_, l) => generateWeights(c.seed, l + 1, n, n, c.init));
  const x = generateInput(c.seed, c.batch, n);
  const s = Array.from({ length: c.depth }, () => new Float32Array(c.batch * n));
  const h = [new Float32Array(c.batch * n), new Float32Array(c.batch * n)];
  const d = [new Float32Array(c.batch * n), new Float32Array(c.batch * n)];
  const acc = new Float64Array(n);
  const samples: number[] = [];
  for (let r = 0; r < warmup + repeats; r++) {
    const t0 = performance.now();
    let input = x;
    for (let l = 0; l < c.depth; l++) {
      forwardLayer(weights[l], null, input, s[l], h[l & 1], c.batch, n, n, act.def, act.param);
      input = h[l & 1];
    }
    d[1].set(x);
    for (let l = c.depth - 2; l >= 0; l--) {
      backwardLayer(weights[l + 1], d[(l + 1) & 1], s[l], d[l & 1], c.batch, n, n, act.def, act.param, acc);
    }
    if (r >= warmup) samples.push(performance.now() - t0);
  }
  return median(samples);
}

function table(adapter: string, rows: Row[]): string {
  const head = ['depth', 'width', 'batch', 'GPU ms', 'GPU GFLOP/s', 'CPU ms', 'CPU GFLOP/s', 'GPU speed-up ×'];
  const fmt = (x: number | null, digits: number): string => (x === null ? '—' : x.toFixed(digits));
  const body = rows.map((r) => [
    String(r.depth), String(r.width), String(r.batch), fmt(r.gpuMs, 1), fmt(r.gpuGflops, 2), fmt(r.cpuMs, 1), fmt(r.cpuGflops, 2), fmt(r.gpuOverCpu, 2),
  ]);
  return [
    `adapter: ${adapter}`,
    'ms per forward+backward pass over all layers (median); GFLOP/s = 2·batch·width²·(2·depth − 1) / time',
    '',
    markdownTable(head, body),
    '',
  ].join('\n');
}

interface BenchResult {
  adapter: AdapterInfo;
  via: WebGpuVia;
  options: BenchArgs['timing'];
  rows: Row[];
}

function bench(args: BenchArgs): Promise<BenchResult> {
  const { configs, timing: opts, cpu } = args;
  return withWebGpu('bench', async (webgpu) => {
    const adapter = await webgpu.adapter();
    const rows: Row[] = [];
    for (const c of configs) {
      if (process.stderr.isTTY) process.stderr.write(`\rbench depth ${c.depth} width ${c.width} batch ${c.batch}…`.padEnd(60));
      const gpu = await webgpu.bench(c, opts);
      const cpuMs = cpu ? cpuMsPerPass(c, opts.repeats, opts.warmup) : null;
      const f = flops(c);
      rows.push({
        depth: c.depth, width: c.width, batch: c.batch,
        gpuMs: gpu.msPerPass, gpuGflops: f / (gpu.msPerPass * 1e6),
        cpuMs, cpuGflops: cpuMs === null ? null : f / (cpuMs * 1e6), gpuOverCpu: cpuMs === null ? null : cpuMs / gpu.msPerPass,
        weightsStored: gpu.weightsStored,
      });
    }
    if (process.stderr.isTTY) process.stderr.write('\r'.padEnd(61) + '\r');
    return { adapter, via: webgpu.via, options: opts, rows };
  });
}

function render({ adapter, via, options, rows }: BenchResult, format: BenchArgs['format']): Iterable<string> {
  const label = adapterLabel(adapter);
  if (format !== 'json') return [table(label, rows)];
  const softwareNote = adapter.isSoftware ? 'software/fallback adapter: not a GPU speed reference' : null;
  return [`${JSON.stringify({ adapter, adapterLabel: label, softwareNote, via, cpu: runtimeName(), options, rows }, null, 2)}\n`];
}

export const benchCommand: OutputCommand<BenchArgs, BenchResult> = { help: benchHelp, parse: parseBenchArgs, compute: bench, render };
