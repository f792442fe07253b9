/**
 * `npm run bench`: forward+backward passes on the WebGPU engine (headless Chromium) and the CPU
 * engine side by side over a grid of depth × width × batch. Milliseconds are medians after warm-up;
 * the GPU encodes --iterations passes per submit. A benchmark, not a test: nothing here asserts timing.
 */
import { parseArgs } from 'node:util';
import { adapterLabel } from '../sim/stats';
import { median } from '../gpu/median';
import { openHeadlessPage } from '../node/webgpu-runner';
import { backwardLayer, forwardLayer, generateInput, generateWeights } from '../sim/layers';
import { initOf, normalizeConfig, resolveActivation, type SimConfig } from '../sim/config';
import { markdownTable } from './cli-common';
import { runCli, UsageError } from './cli-errors';

const HELP = `Usage: npm run bench -- [options]

  --depths LIST      comma-separated depths (default 16)
  --widths LIST      widths (default 64,256)
  --batches LIST     batch sizes (default 8,32)
  --activation NAME  activation (default relu)
  --iterations N     forward+backward passes per GPU submit (default 2)
  --repeats N        timed repeats; the median is reported (default 3)
  --warmup N         untimed repeats first (default 1)
  --no-cpu           skip the CPU engine
  --format table|json (default table)
  -h, --help
`;

interface Row {
  depth: number; width: number; batch: number;
  gpuMs: number; gpuGflops: number; cpuMs: number | null; cpuGflops: number | null; gpuOverCpu: number | null;
  weightsStored: boolean;
}

function list(name: string, value: string): number[] {
  const xs = value.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < 1)) throw new UsageError(`--${name} needs positive integers separated by commas (got '${value}')`);
  return xs;
}

function count(name: string, value: string, min: number): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got '${value}')`);
  return x;
}

/** Floating-point operations of one forward (depth layers) + backward (depth − 1 layers) pass. */
function flops(c: SimConfig): number {
  return 2 * c.batch * c.width * c.width * (2 * c.depth - 1);
}

function cpuMsPerPass(c: SimConfig, repeats: number, warmup: number): number {
  const n = c.width;
  const act = resolveActivation(c.activations[0]);
  const weights = Array.from({ length: c.depth }, (_, l) => generateWeights(c.seed, l + 1, n, n, initOf(c)));
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

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      depths: { type: 'string', default: '16' },
      widths: { type: 'string', default: '64,256' },
      batches: { type: 'string', default: '8,32' },
      activation: { type: 'string', default: 'relu' },
      iterations: { type: 'string', default: '2' },
      repeats: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '1' },
      'no-cpu': { type: 'boolean', default: false },
      format: { type: 'string', default: 'table' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.format !== 'table' && values.format !== 'json') throw new UsageError(`--format must be table or json (got '${values.format}')`);
  const depths = list('depths', values.depths);
  const widths = list('widths', values.widths);
  const batches = list('batches', values.batches);
  const opts = { iterations: count('iterations', values.iterations, 1), repeats: count('repeats', values.repeats, 1), warmup: count('warmup', values.warmup, 0) };
  const configs = depths.flatMap((depth) => widths.flatMap((width) => batches.map((batch) => normalizeConfig({ activations: values.activation, depth, width, batch }))));

  const headless = await openHeadlessPage();
  try {
    const adapter = await headless.call('adapter');
    const label = adapterLabel(adapter);
    const rows: Row[] = [];
    for (const c of configs) {
      if (process.stderr.isTTY) process.stderr.write(`\rbench depth ${c.depth} width ${c.width} batch ${c.batch}…`.padEnd(60));
      const gpu = await headless.call('bench', c, opts);
      const cpuMs = values['no-cpu'] ? null : cpuMsPerPass(c, opts.repeats, opts.warmup);
      const f = flops(c);
      rows.push({
        depth: c.depth, width: c.width, batch: c.batch,
        gpuMs: gpu.msPerPass, gpuGflops: f / (gpu.msPerPass * 1e6),
        cpuMs, cpuGflops: cpuMs === null ? null : f / (cpuMs * 1e6), gpuOverCpu: cpuMs === null ? null : cpuMs / gpu.msPerPass,
        weightsStored: gpu.weightsStored,
      });
    }
    if (process.stderr.isTTY) process.stderr.write('\r'.padEnd(61) + '\r');
    if (values.format === 'json') {
      process.stdout.write(`${JSON.stringify({ adapter, adapterLabel: label, softwareNote: adapter.isSoftware ? 'software/fallback adapter: not a GPU speed reference' : null, cpu: `Node ${process.versions.node}`, options: opts, rows }, null, 2)}\n`);
    } else {
      process.stdout.write(table(label, rows));
    }
  } finally {
    await headless.close();
  }
  return 0;
}

await runCli('bench', () => main(process.argv.slice(2)));
