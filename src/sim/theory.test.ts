import { describe, expect, it } from 'vitest';
import { activationFn } from './activations';
import { activationOf, normalizeConfig, type SimConfig } from './config';
import { parseActivation } from './specs';
import { layerTheory } from './layer-theory';
import {
  chiAt, depthScale, derivativeMoment, fixedPoint, mseTopMoment, phasePoint, secondMoment, varianceMap,
} from './theory';

const fn = (spec: string) => activationFn(parseActivation(spec));
const theoryOf = (c: SimConfig, spec: string) => layerTheory(c, activationOf(c, spec));

/** Φ(x) from the Maclaurin series of erf (independent of the quadrature; accurate for |x| ≤ 3). */
function normalCdf(x: number): number {
  const t = x / Math.SQRT2;
  let term = t, sum = t;
  for (let n = 1; n < 80; n++) {
    term *= (-t * t) / n;
    sum += term / (2 * n + 1);
  }
  return 0.5 * (1 + (2 / Math.sqrt(Math.PI)) * sum);
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_LAMBDA = 1.0507009873554805;

describe('mean-field expectations', () => {
  it('closed forms: relu, leaky, linear, abs, necrorelu', () => {
    for (const q of [0.1, 1, 3]) {
      expect(secondMoment(fn('relu'), q)).toBeCloseTo(q / 2, 14);
      expect(secondMoment(fn('leaky-relu:0.2'), q)).toBeCloseTo((q * 1.04) / 2, 14);
      expect(secondMoment(fn('prelu:-0.5'), q)).toBeCloseTo((q * 1.25) / 2, 14);
      expect(secondMoment(fn('linear'), q)).toBeCloseTo(q, 14);
      expect(secondMoment(fn('abs'), q)).toBeCloseTo(q, 14);
      expect(secondMoment(fn('necrorelu:0.1'), q)).toBeCloseTo(q / 2, 14);
      expect(chiAt(fn('relu'), 2.5, q)).toBeCloseTo(1.25, 14);
      expect(chiAt(fn('leaky-relu:0.2'), 2, q)).toBeCloseTo(1.04, 14);
      expect(chiAt(fn('linear'), 0.7, q)).toBeCloseTo(0.7, 14);
      expect(chiAt(fn('abs'), 0.7, q)).toBeCloseTo(0.7, 14);
      expect(chiAt(fn('necrorelu:0.1'), 2, q)).toBeCloseTo(1.01, 14);
    }
  });

  it('ELU and SELU (kink at 0) against closed forms with Φ', () => {
    // E[elu′(√q z)²] = 1/2 + α² e^{2q} Φ(−2√q); E[elu(√q z)²] = q/2 + α²(e^{2q}Φ(−2√q) − 2e^{q/2}Φ(−√q) + 1/2).
    for (const q of [0.25, 1, 2]) {
      const r = Math.sqrt(q);
      const eNeg2 = Math.exp(2 * q) * normalCdf(-2 * r);
      const eNeg1 = Math.exp(q / 2) * normalCdf(-r);
      expect(derivativeMoment(fn('elu'), q)).toBeCloseTo(0.5 + eNeg2, 12);
      expect(secondMoment(fn('elu'), q)).toBeCloseTo(q / 2 + eNeg2 - 2 * eNeg1 + 0.5, 12);
      const a2 = SELU_ALPHA ** 2, l2 = SELU_LAMBDA ** 2;
      expect(derivativeMoment(fn('selu'), q)).toBeCloseTo(l2 * (0.5 + a2 * eNeg2), 12);
      expect(secondMoment(fn('selu'), q)).toBeCloseTo(l2 * (q / 2 + a2 * (eNeg2 - 2 * eNeg1 + 0.5)), 12);
    }
  });

  it('mse top: E[(f − t)² f′²] = E[f² f′²] + E[f′²]; relu: q/2 + 1/2', () => {
    expect(mseTopMoment(fn('relu'), fn('relu'), 3)).toBeCloseTo(2, 12);
    expect(mseTopMoment(fn('linear'), fn('linear'), 3)).toBeCloseTo(4, 12);
  });
});

describe('fixed point, χ₁ and ξ', () => {
  it('sigmoid at σ_w² = 1, σ_b² = 0: q* ≈ 0.2647, χ₁ ≈ 0.0557', () => {
    const p = phasePoint(fn('sigmoid'), fn('sigmoid'), 1, 0);
    expect(p.qStar).toBeCloseTo(0.2647, 4);
    expect(p.chi1).toBeCloseTo(0.0557, 4);
    expect(Math.abs(varianceMap(fn('sigmoid'), 1, 0, p.qStar) - p.qStar)).toBeLessThan(1e-13);
    expect(p.orderedPhase).toBe(true);
    expect(p.depthScale).toBeCloseTo(-1 / Math.log(p.chi1), 14);
  });

  it('selu with LeCun init: q* = 1 (its design fixed point), and χ₁ = λ²(1/2 + α² e² Φ(−2)) ≈ 1.0716, not 1', () => {
    const c = normalizeConfig({ activations: ['selu'], init: 'lecun-normal', depth: 5, width: 16 });
    const t = theoryOf(c, 'selu');
    expect(t.run.qStar).toBeCloseTo(1, 9);
    for (const q of t.q) expect(q).toBeCloseTo(1, 9);
    const chi = SELU_LAMBDA ** 2 * (0.5 + SELU_ALPHA ** 2 * Math.exp(2) * normalCdf(-2));
    expect(t.run.chi1).toBeCloseTo(chi, 9);
    expect(t.run.chi1).toBeCloseTo(1.0716, 4);
    expect(t.run.orderedPhase).toBe(false);
  });

  it('relu with bias: q* = σ_b²/(1 − σ_w²/2); diverges at σ_w² = 2', () => {
    expect(fixedPoint(fn('relu'), 1, 1, 2)).toBeCloseTo(2, 12);
    expect(fixedPoint(fn('relu'), 1.5, 0.3, 1.8)).toBeCloseTo(0.3 / 0.25, 12);
    expect(fixedPoint(fn('relu'), 2, 0.1, 2.1)).toBe(Infinity);
    expect(fixedPoint(fn('relu'), 2, 0, 2)).toBe(2);
    const p = phasePoint(fn('relu'), fn('relu'), 1, 0);
    expect(p.qStar).toBe(0);
    expect(p.chi1).toBeCloseTo(0.5, 14); // the q → 0⁺ limit, not f′(0) = 0
  });

  it('tanh: q* = 0 for σ_w² ≤ 1 without bias, positive and stable above', () => {
    expect(fixedPoint(fn('tanh'), 0.5, 0, 1)).toBe(0);
    expect(fixedPoint(fn('tanh'), 1, 0, 1)).toBe(0);
    const q = fixedPoint(fn('tanh'), 2, 0, 2);
    expect(q).toBeGreaterThan(0.5);
    expect(Math.abs(varianceMap(fn('tanh'), 2, 0, q) / q - 1)).toBeLessThan(1e-12);
  });

  it('ξ = −1/ln χ₁: ∞ at 1, 0 at 0', () => {
    expect(depthScale(1)).toBe(Infinity);
    expect(depthScale(0)).toBe(0);
    expect(depthScale(Math.exp(-0.1))).toBeCloseTo(10, 12);
    expect(depthScale(Math.exp(0.1))).toBeCloseTo(-10, 12);
  });
});

describe('layerTheory', () => {
  it('starts from the input: q_1 = σ_w² + σ_b², then the recursion; δ² multiplies by χ_l from the top down', () => {
    const c = normalizeConfig({ activations: ['tanh'], sigmaW2: 1.5, sigmaB2: 0.2, depth: 6, width: 8 });
    const t = theoryOf(c, 'tanh');
    expect(t.q[0]).toBeCloseTo(1.7, 14);
    for (let l = 1; l < 6; l++) expect(t.q[l]).toBeCloseTo(varianceMap(fn('tanh'), 1.5, 0.2, t.q[l - 1]), 14);
    expect(t.deltaRms[5]).toBe(1);
    for (let l = 4; l >= 0; l--) {
      expect(t.deltaRms[l] ** 2 / t.deltaRms[l + 1] ** 2).toBeCloseTo(1.5 * derivativeMoment(fn('tanh'), t.q[l]), 12);
    }
  });

  it('uses the backward derivative: relu with --backward leaky-relu:0.5 at He init grows by 1.25 per layer', () => {
    const c = normalizeConfig({ activations: ['relu'], backward: 'leaky-relu:0.5', init: 'he-normal', depth: 11, width: 8 });
    const t = theoryOf(c, 'relu');
    expect(t.deltaRms[0]).toBeCloseTo(1.25 ** 5, 12);
  });

  it('maps inits to σ_w² and flags orthogonal and zeros', () => {
    const uni = theoryOf(normalizeConfig({ activations: ['relu'], init: 'uniform', depth: 3, width: 64 }), 'relu');
    expect(uni.run.sigmaW2).toBeCloseTo(1 / 3, 10);
    expect(uni.run.chi1).toBeCloseTo(1 / 6, 10);
    expect(uni.run.gaussian).toBe(true);
    const orth = theoryOf(normalizeConfig({ activations: ['tanh'], init: 'orthogonal:1.2', depth: 3, width: 8 }), 'tanh');
    expect(orth.run.gaussian).toBe(false);
    expect(orth.run.note).toMatch(/orthogonal/);
    expect(orth.run.sigmaW2).toBeCloseTo(1.44, 10);
    const zero = theoryOf(normalizeConfig({ activations: ['relu'], init: 'zeros', depth: 4, width: 8 }), 'relu');
    expect(zero.q).toEqual([0, 0, 0, 0]);
    expect(zero.deltaRms).toEqual([0, 0, 0, 1]);
  });

  it('mse top for relu at He: δ_L² = q/2 + 1/2 = 1.5', () => {
    const t = theoryOf(normalizeConfig({ activations: ['relu'], init: 'he-normal', top: 'mse', depth: 3, width: 8 }), 'relu');
    expect(t.deltaRms[2]).toBeCloseTo(Math.sqrt(1.5), 12);
  });

  it('survives hundreds of layers of decay and growth without NaN', () => {
    const t = theoryOf(normalizeConfig({ activations: ['sigmoid'], init: 'lecun-normal', depth: 500, width: 8 }), 'sigmoid');
    expect(t.deltaRms[0]).toBeLessThan(1e-300); // ~e^−720: tiny but computed in log space, no NaN
    expect(t.deltaRms.every((d) => !Number.isNaN(d))).toBe(true);
    const g = theoryOf(normalizeConfig({ activations: ['relu'], sigmaW2: 3, depth: 3000, width: 8 }), 'relu');
    expect(g.q[2999]).toBe(Infinity);
    expect(g.run.qStar).toBe(Infinity);
    expect(g.run.chi1).toBe(1.5);
  });
});
