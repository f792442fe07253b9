/**
 * `npm run bench`: forward+backward passes on the WebGPU engine (in-process Dawn, or headless Chromium) and the CPU
 * engine side by side over a grid of depth × width × batch. Milliseconds are medians after warm-up;
 * the GPU encodes --iterations passes per submit. A benchmark, not a test: nothing here asserts timing.
 */
import { adapterLabel } from '../sim/stats';
import { median } from '../gpu/median';
import { withWebGpu } from '../node/webgpu-host';
import { runtimeName } from '../sim/runtime';
import { cpuNetwork, runPass } from '../sim/cpu-engine';
import type { SimConfig } from '../sim/config';
import { benchHelp, parseBenchArgs } from './bench-args';
import { markdownTable } from './cli-common';
import { runCli } from './cli-errors';

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
  const net = cpuNetwork(c);
  const samples: number[] = [];
  for (let r = 0; r < warmup + repeats; r++) {
    const t0 = performance.now();
    runPass(net, c.activations[0], null);
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

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(benchHelp());
    return 0;
  }
  const { configs, timing: opts, cpu, format } = parseBenchArgs(argv);

  await withWebGpu('bench', async (webgpu) => {
    const adapter = await webgpu.adapter();
    const label = adapterLabel(adapter);
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
    if (format === 'json') {
      process.stdout.write(`${JSON.stringify({ adapter, adapterLabel: label, softwareNote: adapter.isSoftware ? 'software/fallback adapter: not a GPU speed reference' : null, via: webgpu.via, cpu: runtimeName(), options: opts, rows }, null, 2)}\n`);
    } else {
      process.stdout.write(table(label, rows));
    }
  });
  return 0;
}

await runCli('bench', () => main(process.argv.slice(2)));
