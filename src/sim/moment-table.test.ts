import { describe, expect, it } from 'vitest';
import { gaussianExpectation } from './gauss';
import { MomentTable } from './moment-table';

/** Closed forms of Gaussian moments m(q) = E[g(√q z)] (Gaussian integrals of e^{−x²}). */
const CASES: { name: string; g: (x: number) => number; kinks: number[]; m: (q: number) => number }[] = [
  { name: 'E[e^{−x²}] = 1/√(1+2q)', g: (x) => Math.exp(-x * x), kinks: [], m: (q) => 1 / Math.sqrt(1 + 2 * q) },
  { name: 'E[x² e^{−x²}] = q/(1+2q)^{3/2}', g: (x) => x * x * Math.exp(-x * x), kinks: [], m: (q) => q / (1 + 2 * q) ** 1.5 },
  { name: 'E|x| = √(2q/π)', g: Math.abs, kinks: [0], m: (q) => Math.sqrt((2 * q) / Math.PI) },
  { name: 'E[relu(x)²] = q/2', g: (x) => (x > 0 ? x * x : 0), kinks: [0], m: (q) => q / 2 },
  { name: 'E[1 + x²] = 1 + q', g: (x) => 1 + x * x, kinks: [], m: (q) => 1 + q },
];

describe('MomentTable', () => {
  it('reproduces closed-form Gaussian moments from 1e−120 to 1e120 (interpolated and power-law ranges)', () => {
    for (const c of CASES) {
      const table = new MomentTable((q) => gaussianExpectation(c.g, q, c.kinks));
      let worst = 0;
      for (let i = 0; i < 300; i++) {
        const t = -276 + 552 * ((i * 0.6180339887498949) % 1);
        const q = Math.exp(t);
        worst = Math.max(worst, Math.abs(table.at(q) / c.m(q) - 1));
      }
      expect(worst, c.name).toBeLessThan(1e-12);
    }
  });

  it('builds each unit interval of ln q once and hands q = 0, ∞ to the exact function', () => {
    let calls = 0;
    const table = new MomentTable((q) => { calls++; return q / 2; });
    for (let i = 0; i <= 1000; i++) table.at(Math.E ** (i / 1000 - 0.5)); // ln q in [−0.5, 0.5]
    expect(table.size).toBe(2);
    expect(calls).toBe(48);
    expect(table.at(0)).toBe(0);
    expect(table.at(Infinity)).toBe(Infinity);
    expect(table.at(Number.NaN)).toBeNaN();
  });
});
