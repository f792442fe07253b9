/**
 * shaders/generator.wgsl against src/sim/generator.ts: the integer hash bits must be identical;
 * normals within 2e-6 · max(1, |x|) (the GPU's Box–Muller runs in float32 with our own log/cos
 * reductions); uniforms within one float32 ulp of the CPU value rounded to float32.
 */
import { expect, test } from 'vitest';
import { DIST } from '../../src/gpu/includes';
import { Stream, bits, normal, streamKey, uniformSym } from '../../src/sim/generator';
import { skipWithoutGpu, useGpuPage } from './gpu-helpers';

const gp = useGpuPage();

function words(dist: number, key: number, scale: number, count: number, offset: number): Promise<Uint32Array> {
  return gp.api.generate({ dist, key, scale, count, offset });
}

const asFloat = (w: Uint32Array): Float32Array => new Float32Array(w.buffer);

test('hash bits are identical, including large counters', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  for (const [key, offset] of [[streamKey(7, Stream.weight, 3), 12345], [streamKey(0xffffffff, Stream.input, 0), 2 ** 28 - 500]]) {
    const got = await words(DIST.bits, key, 0, 1000, offset);
    for (let i = 0; i < got.length; i++) expect(got[i], `counter ${offset + i}`).toBe(bits(key, offset + i));
  }
});

test('normals match Box–Muller on the CPU', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const key = streamKey(42, Stream.weight, 17);
  const got = asFloat(await words(DIST.normal, key, 1, 20000, 0));
  let worst = 0;
  for (let i = 0; i < got.length; i++) {
    const want = normal(key, i);
    const err = Math.abs(got[i] - want) / Math.max(1, Math.abs(want));
    worst = Math.max(worst, err);
  }
  expect(worst).toBeLessThanOrEqual(2e-6);
});

test('uniforms match to one float32 ulp', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const key = streamKey(3, Stream.weight, 2);
  const limit = Math.sqrt(6 / 100);
  const got = asFloat(await words(DIST.uniform, key, Math.fround(limit), 5000, 77));
  for (let i = 0; i < got.length; i++) {
    const want = Math.fround(uniformSym(key, 77 + i, limit));
    expect(Math.abs(got[i] - want), `counter ${77 + i}`).toBeLessThanOrEqual(Math.abs(want) * 2 ** -23 + 1e-12);
  }
});
