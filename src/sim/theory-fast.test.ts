/**
 * The fast theory (memoized moment tables, accelerated brackets) against the direct path: fresh adaptive
 * quadrature at every q and the plain monotone recursion, for every activation of the registry.
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, activationFn } from './activations';
import { normalizeConfig } from './config';
import { parseActivation, runActivation } from './specs';
import { gaussianExpectation } from './gauss';
import { chi1Grid } from './phase';
import { layerTheory } from './layer-theory';
import { absDerivativeMoment, derivativeMoment, phasePoint, secondMoment } from './theory';

const SPECS = ACTIVATIONS.map((a) => (a.param ? `${a.name}:${a.param.default === 0 ? 0.1 : a.param.default}` : a.name));
const fnOf = (spec: string) => activationFn(parseActivation(spec));

/** E[f(√q z)²] and E[f′(√q z)²] by a fresh adaptive quadrature (no table). */
function directMoments(spec: string) {
  const { def, param } = fnOf(spec);
  return {
    M: (q: number) => gaussianExpectation((x) => def.f(x, param) ** 2, q, def.kinks),
    D: (q: number) => gaussianExpectation((x) => def.df(x, param) ** 2, q, def.kinks),
  };
}

/** q* by plain iteration of q ← V(q) from q1 with direct quadrature; null when it has not settled. */
function directFixedPoint(spec: string, w2: number, b2: number): number | null {
  const { M } = directMoments(spec);
  let q = w2 + b2;
  for (let i = 0; i < 3000; i++) {
    const next = w2 * M(q) + b2;
    if (Math.abs(next - q) <= 1e-14 * q) return next;
    if (!(next < 1e6)) return null;
    q = next;
  }
  return null;
}

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('fast theory against direct quadrature', () => {
  it('E[f²], E[f′²], E|f′| agree to 1e−12 for every activation from q = 1e−30 to 1e30', () => {
    for (const spec of SPECS) {
      const a = fnOf(spec);
      const { M, D } = directMoments(spec);
      for (let i = 0; i < 40; i++) {
        const q = Math.exp(-69 + 138 * ((i * 0.6180339887498949) % 1));
        expect(rel(secondMoment(a, q), M(q)), `${spec} E[f²] at q=${q}`).toBeLessThan(1e-12);
        expect(rel(derivativeMoment(a, q), D(q)), `${spec} E[f′²] at q=${q}`).toBeLessThan(1e-12);
        const absD = gaussianExpectation((x) => Math.abs(a.def.df(x, a.param)), q, a.def.kinks);
        // |f′| has unlisted kinks where f′ changes sign (swish, gelu), which the direct path does not cut at.
        expect(rel(absDerivativeMoment(a, q), absD), `${spec} E|f′| at q=${q}`).toBeLessThan(1e-9);
      }
    }
  });

  it('q* and χ₁ match the directly iterated recursion at many (σ_w², σ_b²) for every activation', () => {
    const points: [number, number][] = [];
    for (const w2 of [0.4, 0.9, 1.3, 1.8, 2.6]) for (const b2 of [0.05, 0.3, 1]) points.push([w2, b2]);
    let compared = 0;
    for (const spec of SPECS) {
      const a = fnOf(spec);
      const { D } = directMoments(spec);
      for (const [w2, b2] of points) {
        const ref = directFixedPoint(spec, w2, b2);
        const p = phasePoint(a, a, w2, b2);
        if (ref === null) {
          // The direct recursion grows past 1e6 or has not settled in 3000 steps: no sharp reference.
          continue;
        }
        compared++;
        expect(rel(p.qStar, ref), `${spec} q* at (${w2}, ${b2})`).toBeLessThan(1e-11);
        expect(rel(p.chi1, w2 * D(ref)), `${spec} χ₁ at (${w2}, ${b2})`).toBeLessThan(1e-10);
      }
    }
    expect(compared).toBeGreaterThan(SPECS.length * 8);
  });

  it('chi1Grid equals pointwise χ₁ computed directly, for every activation', () => {
    const w2 = [0.5, 1.5, 2.5], b2 = [0.1, 0.8];
    for (const spec of SPECS) {
      const grid = chi1Grid(runActivation(spec), w2, b2);
      const { D } = directMoments(spec);
      b2.forEach((b, i) => w2.forEach((w, j) => {
        const q = directFixedPoint(spec, w, b);
        if (q !== null) expect(rel(grid[i][j], w * D(q)), `${spec} (${w}, ${b})`).toBeLessThan(1e-10);
      }));
    }
  });

  it('per-layer q_l and deltaRms match the direct recursion over 60 layers for every activation', () => {
    for (const spec of SPECS) {
      const config = normalizeConfig({ activations: [spec], sigmaW2: 1.7, sigmaB2: 0.2, depth: 60, width: 8 });
      const t = layerTheory(config, config.activations[0]);
      const { M, D } = directMoments(spec);
      let q = 1.7 + 0.2;
      const qs = [q];
      for (let l = 1; l < 60; l++) qs.push((q = 1.7 * M(q) + 0.2));
      let logD2 = 0;
      for (let l = 59; l >= 0; l--) {
        expect(rel(t.q[l], qs[l]), `${spec} q_${l + 1}`).toBeLessThan(1e-11);
        expect(rel(t.deltaRms[l], Math.exp(0.5 * logD2)), `${spec} deltaRms_${l + 1}`).toBeLessThan(1e-10);
        if (l > 0) logD2 += Math.log(1.7 * D(qs[l - 1]));
      }
    }
  });
});
