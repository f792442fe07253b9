import { describe, expect, test } from 'vitest';
import { Stream, bits, fillNormal, hash32, normal, streamKey, uniform01 } from './generator';

// Reference values from an independent Python implementation of lowbias32 and the key schedule.
describe('counter-based generator', () => {
  test('hash32 matches the reference lowbias32 values', () => {
    expect([0, 1, 2, 0xdeadbeef, 0xffffffff].map(hash32)).toEqual([0x0, 0x688990c0, 0xd1132181, 0xe628c683, 0x6768824a]);
  });

  test('fixed (seed, stream, layer, index) give fixed bits, uniforms and normals', () => {
    const key = streamKey(42, Stream.weight, 3);
    expect(key).toBe(0x17efeecd);
    expect([0, 1, 1000].map((i) => bits(key, i))).toEqual([0x1d80c579, 0x6b13a3a2, 0x09fc768b]);
    expect(uniform01(key, 0)).toBe(0.11524611711502075);
    expect(normal(key, 0)).toBeCloseTo(-1.8106545180060158, 14);
  });

  test('uniforms lie in (0, 1) and are exact float32 values', () => {
    const key = streamKey(7, Stream.input, 0);
    for (let i = 0; i < 10_000; i++) {
      const u = uniform01(key, i);
      expect(u > 0 && u < 1).toBe(true);
      expect(Math.fround(u)).toBe(u);
    }
  });

  test('uniform and normal moments are within statistical bounds', () => {
    const n = 200_000;
    const key = streamKey(1, Stream.input, 0);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) { const u = uniform01(key, i); s1 += u; s2 += u * u; }
    // Mean 1/2 (sd of the mean 0.2887/√n), variance 1/12.
    expect(Math.abs(s1 / n - 0.5)).toBeLessThan(5 * 0.2887 / Math.sqrt(n));
    expect(Math.abs(s2 / n - (s1 / n) ** 2 - 1 / 12)).toBeLessThan(0.002);

    const z = fillNormal(new Float32Array(n), streamKey(2, Stream.weight, 5), 1);
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (const x of z) { m1 += x; m2 += x * x; m3 += x ** 3; m4 += x ** 4; }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n;
    // Standard errors: mean 1/√n, E[z²] √2/√n, E[z³] √15/√n, E[z⁴] √96/√n.
    expect(Math.abs(m1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.SQRT2 / Math.sqrt(n));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15) / Math.sqrt(n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96) / Math.sqrt(n));
  });

  test('streams, layers and seeds give independent sequences', () => {
    const a = streamKey(1, Stream.weight, 1);
    const b = streamKey(1, Stream.weight, 2);
    const c = streamKey(2, Stream.weight, 1);
    const d = streamKey(1, Stream.bias, 1);
    expect(new Set([a, b, c, d]).size).toBe(4);
    // Correlation between two layers' normals is ~0.
    const n = 50_000;
    let sxy = 0;
    for (let i = 0; i < n; i++) sxy += normal(a, i) * normal(b, i);
    expect(Math.abs(sxy / n)).toBeLessThan(5 / Math.sqrt(n));
  });
});
