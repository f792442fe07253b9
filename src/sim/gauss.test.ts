import { describe, expect, it } from 'vitest';
import { getActivation } from './activations';
import { gaussKronrod15, gaussianExpectation, gaussianMass, integrateAdaptive } from './gauss';

/** Independent reference: the trapezoid rule on a fine grid over [−14, 14] (spectrally accurate for smooth integrands). */
function trapezoid(g: (x: number) => number, q: number, steps = 200_000): number {
  const a = -14, h = 28 / steps, r = Math.sqrt(q);
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const z = a + i * h;
    const w = i === 0 || i === steps ? 0.5 : 1;
    sum += w * g(r * z) * Math.exp(-0.5 * z * z);
  }
  return (sum * h) / Math.sqrt(2 * Math.PI);
}

describe('Gauss–Kronrod 15', () => {
  it('is exact for polynomials up to degree 22 (the Gauss part to 13)', () => {
    for (const k of [0, 2, 10, 22]) {
      const { value } = gaussKronrod15((x) => x ** k, -1, 1);
      expect(value).toBeCloseTo(2 / (k + 1), 14);
    }
    // Degree 14 is beyond the 7-point Gauss rule: the error estimate must see it.
    expect(gaussKronrod15((x) => x ** 14, -1, 1).error).toBeGreaterThan(1e-6);
    expect(gaussKronrod15((x) => x ** 12, -1, 1).error).toBeLessThan(1e-14);
  });

  it('adapts to a steep integrand', () => {
    // ∫_0^1 √x dx = 2/3 (singular derivative at 0).
    expect(integrateAdaptive(Math.sqrt, [0, 1], 1e-13)).toBeCloseTo(2 / 3, 11);
  });
});

describe('gaussianExpectation', () => {
  it('matches Gaussian moments and E[cos x] = e^{−q/2}', () => {
    for (const q of [1e-6, 0.3, 1, 7, 1e4]) {
      expect(gaussianExpectation((x) => x * x, q) / q).toBeCloseTo(1, 12);
      expect(gaussianExpectation((x) => x ** 4, q) / (3 * q * q)).toBeCloseTo(1, 12);
      expect(gaussianExpectation(Math.cos, q)).toBeCloseTo(Math.exp(-q / 2), 12);
    }
  });

  it('gets kinked functions right: E[relu²] = q/2, E[relu′²] = 1/2, E|x| = √(2q/π)', () => {
    const relu = getActivation('relu');
    for (const q of [0.01, 1, 2, 50]) {
      expect(gaussianExpectation((x) => relu.f(x, 0) ** 2, q, relu.kinks) / (q / 2)).toBeCloseTo(1, 12);
      expect(gaussianExpectation((x) => relu.df(x, 0) ** 2, q, relu.kinks)).toBeCloseTo(0.5, 12);
      expect(gaussianExpectation(Math.abs, q, [0]) / Math.sqrt((2 * q) / Math.PI)).toBeCloseTo(1, 12);
    }
  });

  it('agrees with a fine trapezoid rule on the smooth activations to ~1e-10', () => {
    for (const name of ['sigmoid', 'tanh', 'softplus', 'gelu', 'swish']) {
      const a = getActivation(name);
      for (const q of [0.05, 1, 4, 30]) {
        const f2 = (x: number) => a.f(x, 0) ** 2;
        const d2 = (x: number) => a.df(x, 0) ** 2;
        expect(Math.abs(gaussianExpectation(f2, q) / trapezoid(f2, q) - 1)).toBeLessThan(1e-10);
        expect(Math.abs(gaussianExpectation(d2, q) / trapezoid(d2, q) - 1)).toBeLessThan(1e-10);
      }
    }
  });

  it('handles q = 0, q = ∞ and huge q', () => {
    const sig = getActivation('sigmoid');
    expect(gaussianExpectation((x) => sig.f(x, 0), 0)).toBe(0.5);
    expect(gaussianExpectation((x) => sig.f(x, 0) ** 2, Infinity)).toBe(0.5);
    expect(gaussianExpectation((x) => x * x, Infinity)).toBe(Infinity);
    // E[σ(√q z)²] → 1/2 − E[σ′] with E[σ′(√q z)] ≈ 1/√(2πq) for large q.
    const q = 1e8;
    expect(gaussianExpectation((x) => sig.f(x, 0) ** 2, q)).toBeCloseTo(0.5 - 1 / Math.sqrt(2 * Math.PI * q), 9);
  });

  it('gaussianMass gives normal probabilities', () => {
    expect(gaussianMass(2, -Infinity, 0)).toBeCloseTo(0.5, 14);
    expect(gaussianMass(1, -1, 1)).toBeCloseTo(0.6826894921370859, 13);
  });
});
