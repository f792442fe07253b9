import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillNormal, fillUniform, Stream, streamKey } from '../sim/generator';
import { Arena } from './arena';
import { backwardRatio, forwardRatio, weightGradRatio } from './kernel-reference';
import { allocationBytes, CpuMemoryError, createCpuKernels, type CpuKernels, type LayerShape } from './kernels';
import { cpuKernelsCheck } from './kernels-check';

/** Guard floats around every matrix: NaN there would show in any result that read past an edge. */
const GUARD = 19;

interface Guarded {
  /** The matrix, inside its allocation. */
  m: Float32Array;
  whole: Float32Array;
}

function guarded(k: CpuKernels, floats: number, seed: number): Guarded {
  const whole = k.alloc(floats + 2 * GUARD).fill(NaN);
  const m = whole.subarray(GUARD, GUARD + floats);
  fillNormal(m, streamKey(seed, 0, floats), 1);
  return { m, whole };
}

function guardsIntact({ whole, m }: Guarded): boolean {
  const head = whole.subarray(0, GUARD);
  const tail = whole.subarray(GUARD + m.length);
  return [...head, ...tail].every(Number.isNaN);
}

// batch, nIn, nOut: ones, primes and sizes past the register block (4×8), the k pass (256) and the
// widest column tile (256).
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 3, 5], [3, 5, 1], [5, 17, 33], [17, 33, 5], [33, 100, 17], [100, 17, 3],
  [4, 8, 8], [3, 257, 9], [9, 5, 300], [260, 7, 5],
];

describe('CPU kernels against a float64 reference', () => {
  let k: CpuKernels;
  beforeAll(async () => {
    k = await createCpuKernels({ threads: 2 });
  });
  afterAll(() => k.dispose());

  for (const [batch, nIn, nOut] of SHAPES) {
    const shape: LayerShape = { batch, nIn, nOut };
    it(`batch ${batch}, nIn ${nIn}, nOut ${nOut}: forward, backward, weightGrad within γ_{K+2}·Σ|terms|, edges exact`, () => {
      const h = guarded(k, batch * nIn, 1);
      const w = guarded(k, nOut * nIn, 2);
      const bias = guarded(k, nOut, 3);
      const d = guarded(k, batch * nOut, 4);
      const s = guarded(k, batch * nOut, 5);
      const g = guarded(k, batch * nIn, 6);
      const gw = guarded(k, nOut * nIn, 7);
      const scale = 1 / 3;

      k.forward(s.m, h.m, w.m, bias.m, shape);
      k.backward(g.m, d.m, w.m, shape);
      k.weightGrad(gw.m, d.m, h.m, scale, shape);

      expect(forwardRatio(s.m, h.m, w.m, bias.m, shape)).toBeLessThanOrEqual(1);
      expect(backwardRatio(g.m, d.m, w.m, shape)).toBeLessThanOrEqual(1);
      expect(weightGradRatio(gw.m, d.m, h.m, scale, shape)).toBeLessThanOrEqual(1);
      for (const out of [s, g, gw]) expect(guardsIntact(out)).toBe(true);
      for (const v of [h, w, bias, d, s, g, gw]) k.free(v.whole);
    });
  }

  it('forward without a bias sums the products alone', () => {
    const shape = { batch: 3, nIn: 11, nOut: 13 };
    const h = guarded(k, 33, 8);
    const w = guarded(k, 143, 9);
    const s = guarded(k, 39, 10);
    k.forward(s.m, h.m, w.m, null, shape);
    expect(forwardRatio(s.m, h.m, w.m, null, shape)).toBeLessThanOrEqual(1);
    for (const v of [h, w, s]) k.free(v.whole);
  });
});

describe('CPU kernels on several threads', () => {
  it('three threads start in Node and take tiles, and 1 and 3 threads give bit-identical results', async () => {
    for (const shape of [{ batch: 67, nIn: 131, nOut: 261 }, { batch: 256, nIn: 300, nOut: 257 }]) {
      const [single, multi] = await Promise.all([cpuKernelsCheck({ shape, threads: 1 }), cpuKernelsCheck({ shape, threads: 3 })]);
      expect(multi!.info).toMatchObject({ threads: 3, sharedMemory: true });
      expect(multi!.info.tilesPerThread.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(multi!.outputs).toEqual(single!.outputs);
    }
  });
});

describe('the generator fill', () => {
  // The port's contract is the TypeScript generator itself: the same float32 bits, whatever the
  // thread count, chunking, counter offset (wrapping past 2³²) or scale.
  it('gives fillNormal\'s and fillUniform\'s bits on 1 and 3 threads', async () => {
    const cases = [
      { dist: 'normal', floats: 1, key: streamKey(1, Stream.weight, 1), scale: 1, offset: 0 },
      { dist: 'normal', floats: 65536 + 3, key: streamKey(7, Stream.weight, 20), scale: Math.sqrt(2 / 256), offset: 0 },
      { dist: 'normal', floats: 5000, key: streamKey(3, Stream.input, 0), scale: 0.3, offset: 0xffffffff - 1234 },
      { dist: 'uniform', floats: 40000, key: streamKey(9, Stream.weight, 2), scale: Math.sqrt(6 / 33), offset: 17 },
      { dist: 'uniform', floats: 9, key: 0xffffffff, scale: 1e30, offset: 0x80000000 },
    ] as const;
    for (const threads of [1, 3]) {
      const k = await createCpuKernels({ threads });
      for (const c of cases) {
        const want = (c.dist === 'normal' ? fillNormal : fillUniform)(new Float32Array(c.floats), c.key, c.scale, c.offset);
        const got = k.alloc(c.floats);
        k.fill(got, c);
        expect(new Uint32Array(got.slice().buffer), `${threads} threads ${JSON.stringify(c)}`).toEqual(new Uint32Array(want.buffer));
      }
      if (threads === 3) expect(k.info().tilesPerThread.slice(1).some((t) => t > 0)).toBe(true);
      k.dispose();
    }
  });
});

describe('CPU kernels memory', () => {
  it('reuses freed blocks, merges neighbours and refuses what was not allocated', async () => {
    const k = await createCpuKernels({ threads: 1 });
    const a = k.alloc(1000);
    const b = k.alloc(1000);
    expect(k.info().usedBytes).toBe(2 * allocationBytes(1000));
    expect(allocationBytes(1000)).toBe(4032);
    k.free(a);
    const c = k.alloc(500);
    expect(c.byteOffset).toBe(a.byteOffset);
    k.free(b);
    k.free(c);
    expect(() => k.free(c)).toThrow(/not an allocation of these kernels \(or was freed already\)/);
    expect(() => k.free(new Float32Array(4))).toThrow(RangeError);
    expect(k.info().usedBytes).toBe(0);
    expect(k.alloc(2000).byteOffset).toBe(a.byteOffset);
    k.dispose();
  });

  it('keeps earlier matrices valid when the memory grows', async () => {
    const k = await createCpuKernels({ threads: 1 });
    const shape = { batch: 2, nIn: 3, nOut: 2 };
    const h = k.alloc(6);
    h.set([1, 2, 3, 4, 5, 6]);
    const w = k.alloc(6);
    w.set([1, 0, 0, 0, 1, 1]);
    k.alloc(8 << 20); // 32 MiB: the memory grows
    const s = k.alloc(4);
    k.forward(s, h, w, null, shape);
    expect([...s]).toEqual([1, 5, 4, 11]);
    k.dispose();
  });

  it('states its capacity and refuses more with how much is needed and in use', async () => {
    const k = await createCpuKernels({ threads: 1, maxBytes: 4 << 20 });
    expect(k.info().capacityBytes).toBe(4 << 20);
    k.alloc(1 << 18);
    expect(() => k.alloc(1 << 20)).toThrow(CpuMemoryError);
    expect(() => k.alloc(1 << 20)).toThrow(/cannot hold 4 MiB more: it holds at most 4 MiB .* 1 MiB are in use/);
    k.dispose();
  });

  it('an unshared memory grows only while nothing is allocated (growing would detach views)', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 64 });
    const arena = new Arena(memory, 1024, 64 * 65536, false);
    const first = arena.alloc(100_000);
    expect(first.length).toBe(100_000);
    expect(() => arena.alloc(100_000)).toThrow(/cannot grow .* while matrices are allocated/);
  });
});

describe('CPU kernels argument checks', () => {
  let k: CpuKernels;
  beforeAll(async () => {
    k = await createCpuKernels({ threads: 1 });
  });
  afterAll(() => k.dispose());

  it('refuses matrices from elsewhere, too short, overlapping, and shapes that are not positive integers', () => {
    const shape = { batch: 2, nIn: 3, nOut: 4 };
    const h = k.alloc(6);
    const w = k.alloc(12);
    const s = k.alloc(8);
    expect(() => k.forward(new Float32Array(8), h, w, null, shape)).toThrow(/S must be allocated by these CPU kernels/);
    expect(() => k.forward(s, h.subarray(1), w, null, shape)).toThrow(/H holds 5 floats, the layer needs 6/);
    expect(() => k.backward(w.subarray(0, 6), s, w, shape)).toThrow(/overlaps/);
    expect(() => k.forward(s, h, w, null, { ...shape, nIn: 0 })).toThrow(/nIn must be a positive integer/);
    expect(() => k.weightGrad(w, s, h, Number.NaN, shape)).toThrow(/scale must be finite/);
  });
});
