/**
 * Every activation's WGSL f and f′ (activationWgsl(), exactly what the kernels include), run on the
 * GPU by a small compute pipeline at the float32 points of tests/reference/activations.ts and
 * compared with the independent float64 references there. Bound: 4 float32 ulps or 1e-6 relative
 * wherever the true value is a normal float32; below float32's smallest normal any value as small,
 * 0 included (WGSL may flush subnormals); never Inf or NaN. Prints the worst error per activation.
 * Also issue 11's done-when: softplus on the WebGPU engine (He init, depth 100, width 256) outputs
 * no exact zero and has no dead unit.
 */
import { expect, test } from 'vitest';
import { ACTIVATIONS, activationWgsl } from '../../src/sim/activations';
import { adapterLabel } from '../../src/sim/stats';
import { F32_MIN_NORMAL, REFERENCES, TEST_PARAMS, measure, testPoints } from '../reference/activations';
import { cfg, runGpu, skipWithoutGpu, useGpuPage } from './gpu-helpers';

const gp = useGpuPage();

interface Job {
  kind: number;
  p: number;
  /** The float32 points, base64 of their bytes. */
  xs: string;
}

/** Runs in the page: act_f and act_df at every point of every job; base64 of [f₀, f′₀, f₁, f′₁, …] per job. */
async function evaluateOnGpu(library: string, jobs: Job[]): Promise<string[]> {
  const toFloats = (b64: string): Float32Array<ArrayBuffer> => new Float32Array(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer);
  const toBase64 = (bytes: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  const device = await adapter.requestDevice();
  device.pushErrorScope('validation');
  const code = `${library}
struct Job { kind: u32, n: u32, p: f32, pad: u32 }
@group(0) @binding(0) var<uniform> J: Job;
@group(0) @binding(1) var<storage, read> xs: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  if (g.x >= J.n) { return; }
  out[2u * g.x] = act_f(J.kind, xs[g.x], J.p);
  out[2u * g.x + 1u] = act_df(J.kind, xs[g.x], J.p);
}`;
  const module = device.createShaderModule({ code });
  const messages = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
  if (messages.length) throw new Error(messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('\n'));
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const results: string[] = [];
  for (const job of jobs) {
    const xs = toFloats(job.xs);
    const uniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const header = new ArrayBuffer(16);
    new Uint32Array(header, 0, 2).set([job.kind, xs.length]);
    new Float32Array(header, 8, 1)[0] = job.p;
    device.queue.writeBuffer(uniform, 0, header);
    const input = device.createBuffer({ size: xs.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(input, 0, xs);
    const size = 2 * xs.byteLength;
    const output = device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const group = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: uniform } }, { binding: 1, resource: { buffer: input } }, { binding: 2, resource: { buffer: output } }],
    });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(Math.ceil(xs.length / 64));
    pass.end();
    encoder.copyBufferToBuffer(output, 0, staging, 0, size);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    results.push(toBase64(new Uint8Array(staging.getMappedRange().slice(0))));
    for (const b of [uniform, input, output, staging]) b.destroy();
  }
  const error = await device.popErrorScope();
  device.destroy();
  if (error) throw new Error(error.message);
  return results;
}

const fromBase64 = (b64: string): Float32Array => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

test('every activation and f′ in WGSL: within 4 ulp or 1e-6 relative of float64', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const cases = ACTIVATIONS.flatMap((act) =>
    (TEST_PARAMS[act.name] ?? [act.param?.default ?? 0]).map((p) => {
      const ref = REFERENCES[act.name];
      return { act, p, ref, xs: testPoints((x) => ref.df(x, p), act.kinks) };
    }));
  const jobs: Job[] = cases.map((c) => ({ kind: c.act.id, p: c.p, xs: Buffer.from(c.xs.buffer).toString('base64') }));
  const outputs = (await gp.page!.evaluate(evaluateOnGpu, activationWgsl(), jobs)).map(fromBase64);
  const lines: string[] = [];
  const failures: string[] = [];
  cases.forEach(({ act, p, ref, xs }, i) => {
    (['f', 'df'] as const).forEach((which, k) => {
      const got = Array.from(xs, (_, j) => outputs[i][2 * j + k]);
      const want = Array.from(xs, (x) => ref[which](x, p));
      const w = measure(xs, got, want, { ulps: 4, rel: 1e-6, zeroBelow: F32_MIN_NORMAL });
      const label = `${act.name}:${p} ${which}`;
      lines.push(`${label.padEnd(22)} ${w.rel === 0 ? 'exact' : `${w.ulps.toFixed(2).padStart(5)} ulp at x = ${w.ulpsAt}; ${w.rel.toExponential(2)} relative at x = ${w.relAt}`}`);
      failures.push(...w.failures.map((f) => `${label} ${f}`));
    });
  });
  console.log(`WGSL on ${adapterLabel(await gp.api.adapter())}, worst error (float32 ulps of the true value):\n${lines.join('\n')}`);
  expect(failures).toEqual([]);
});

test('softplus on the WebGPU engine: no exact zero and no dead unit at any layer (He init, depth 100)', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const result = await runGpu(gp, cfg({ activations: ['softplus'], init: 'he-normal', depth: 100, width: 256 }));
  const layers = result.runs[0].layers;
  expect(layers.length).toBe(100);
  for (const l of layers) {
    expect(l.zeroFraction, `layer ${l.layer} zeroFraction`).toBe(0);
    expect(l.deadFraction, `layer ${l.layer} deadFraction`).toBe(0);
  }
});
