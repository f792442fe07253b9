/**
 * The architecture theory (src/sim/layer-theory.ts) against the CPU engine, at the widths,
 * batches and tolerances stated in each test, and its closed forms: BatchNorm's rate for ReLU is
 * Yang et al. 2019's π/(π − 1) at large batch; LayerNorm makes ReLU critical at any σ_w²; a
 * residual stream of an odd activation follows the recursion; where the theory has no prediction
 * (a residual stream of ReLU without a normalization) it draws none and says why.
 */
import { describe, expect, test } from 'vitest';
import { slope } from '../../tests/reference/fit';
import { activationFn } from './activations';
import { normalizeConfig, type RawConfig } from './config';
import { runReference } from './cpu-engine';
import { gaussianExpectation } from './gauss';
import { layerTheory } from './layer-theory';
import { parseActivation } from './specs';

const theoryOf = (raw: RawConfig) => { const c = normalizeConfig(raw); return layerTheory(c, c.activations[0]); };

/** Least-squares per-layer factor of δ² over layers [from, to] (going down), the median over seeds 1 … seeds. */
function simulatedFactor(raw: RawConfig, from: number, to: number, seeds = 3): number {
  const factors = Array.from({ length: seeds }, (_, i) => {
    const layers = runReference(normalizeConfig({ ...raw, seed: i + 1 })).runs[0].layers.slice(from - 1, to);
    return 10 ** (-2 * slope(layers.map((l) => l.deltaLog10), layers.map((l) => l.layer)));
  }).sort((a, b) => a - b);
  return factors[Math.floor(seeds / 2)];
}

const E = (spec: string, g: (f: number, df: number) => number): number => {
  const a = activationFn(parseActivation(spec));
  return gaussianExpectation((x) => g(a.def.f(x, 0), a.def.df(x, 0)), 1, a.def.kinks);
};

describe('BatchNorm without skips: δ² grows by E[f′²]/Var f per layer (Yang et al. 2019), times (B − 2)/(B − 3)', () => {
  test('ReLU: π/(π − 1) ≈ 1.467 at large batch, 1.491 at batch 64; simulated at width 256, batch 64 within 2 %', () => {
    const t = theoryOf({ activations: 'relu', norm: 'batch', depth: 30, width: 256, batch: 64 });
    expect(t.chi[10]).toBeCloseTo((Math.PI / (Math.PI - 1)) * (62 / 61), 6);
    expect(t.run.chi1).toBeCloseTo(t.chi[10], 8);
    expect(t.q[5]).toBeCloseTo(1, 4);
    const sim = simulatedFactor({ activations: 'relu', norm: 'batch', depth: 24, width: 256, batch: 64 }, 3, 22, 2);
    expect(Math.abs(sim / t.chi[10] - 1), `simulated ${sim}`).toBeLessThan(0.02);
    // The large-batch limit alone is within 3 % at this batch.
    expect(Math.abs(sim / (Math.PI / (Math.PI - 1)) - 1)).toBeLessThan(0.03);
  });

  test('tanh: E[sech⁴]/E[tanh²] ≈ 1.178 at large batch; simulated at width 256, batch 64 within 2 %', () => {
    const rate = E('tanh', (_f, df) => df * df) / E('tanh', (f) => f * f);
    expect(rate).toBeCloseTo(1.1778, 3);
    const t = theoryOf({ activations: 'tanh', norm: 'batch', depth: 30, width: 256, batch: 64 });
    expect(t.chi[10]).toBeCloseTo(rate * (62 / 61), 3);
    const sim = simulatedFactor({ activations: 'tanh', norm: 'batch', depth: 24, width: 256, batch: 64 }, 3, 22, 2);
    expect(Math.abs(sim / t.chi[10] - 1), `simulated ${sim}`).toBeLessThan(0.02);
  });
});

describe('LayerNorm pins q to 1, and χ follows from q = 1', () => {
  test('ReLU is critical at any σ_w²: χ = E[f′²]/E[f²] = 1 (times 254/253 at width 256), simulated within 1.5 % (σ_w² = 0.5 and 4)', () => {
    for (const sigmaW2 of [0.5, 4]) {
      const raw = { activations: 'relu', norm: 'layer', sigmaW2, depth: 30, width: 256, batch: 16 } as const;
      const t = theoryOf(raw);
      expect(t.q[10]).toBeCloseTo(1, 4);
      expect(t.chi[10]).toBeCloseTo(254 / 253, 8);
      expect(Math.abs(simulatedFactor(raw, 3, 28) - 1), `σ_w² ${sigmaW2}`).toBeLessThan(0.015);
    }
  });

  test('tanh: χ = σ_w² E[sech⁴]/(σ_w² E[tanh²] + σ_b²) (times 254/253), simulated within 3 % at width 256 (one seed spreads ±2 %)', () => {
    const raw = { activations: 'tanh', norm: 'layer', sigmaW2: 1.5, sigmaB2: 0.3, depth: 30, width: 256, batch: 16 } as const;
    const t = theoryOf(raw);
    const chi = (1.5 * E('tanh', (_f, df) => df * df)) / (1.5 * E('tanh', (f) => f * f) + 0.3) * (254 / 253);
    expect(t.chi[10]).toBeCloseTo(chi, 4);
    expect(Math.abs(simulatedFactor(raw, 3, 28) / chi - 1)).toBeLessThan(0.03);
  });
});

describe('the residual stream (Yang & Schoenholz 2017)', () => {
  test.each([
    ['tanh, α = 1', { activations: 'tanh', residual: 1 }],
    ['tanh, α = 1/√depth', { activations: 'tanh', residual: 'auto' }],
    ['ReLU, α = 1, LayerNorm', { activations: 'relu', residual: 1, norm: 'layer' }],
    ['tanh, α = 1, BatchNorm', { activations: 'tanh', residual: 1, norm: 'batch' }],
  ] as const)('%s: log₁₀ δ and g at every layer within 0.06 decades (width 256, batch 16, depth 40)', (_name, arch) => {
    const raw = { ...arch, init: 'he-normal', depth: 40, width: 256, batch: 16, seed: 6 } as const;
    const t = theoryOf(raw);
    const layers = runReference(normalizeConfig(raw)).runs[0].layers;
    layers.forEach((l, i) => {
      expect(Math.abs(l.deltaLog10 - t.deltaLog10[i]), `layer ${l.layer} δ`).toBeLessThan(0.06);
      expect(Math.abs(l.streamGradLog10 - t.streamGradLog10[i]), `layer ${l.layer} g`).toBeLessThan(0.06);
    });
  });

  test('q: α = 1/√depth keeps a tanh stream bounded; ReLU\'s positive mean still compounds (simulated within a factor 2 at depth 200)', () => {
    // tanh's increments have mean 0: q_l = σ_w²(1 + α² Σ E[tanh²]) stays below σ_w²·2 for α² = 1/depth.
    expect(theoryOf({ activations: 'tanh', residual: 'auto', depth: 200, width: 256 }).q[199]).toBeLessThan(4);
    // ReLU's increments share a mean m that grows by α·E[f] per layer, and 2α·m·E[f] compounds q.
    const raw = { activations: 'relu', residual: 'auto', init: 'he-normal', depth: 200, width: 256, batch: 8, seed: 8 } as const;
    const t = theoryOf(raw);
    const one = theoryOf({ ...raw, residual: 1 });
    expect(Math.log10(one.q[199])).toBeGreaterThan(70);
    expect(Math.log10(t.q[199])).toBeGreaterThan(6);
    const layers = runReference(normalizeConfig(raw)).runs[0].layers;
    for (const l of [1, 50, 100, 200]) {
      expect(Math.abs(2 * layers[l - 1].preactLog10 - Math.log10(t.q[l - 1])), `layer ${l}`).toBeLessThan(Math.log10(2));
    }
  });

  test('a residual ReLU stream without a normalization: q is predicted, δ and g are not (and the note says why)', () => {
    const t = theoryOf({ activations: 'relu', residual: 1, depth: 10, width: 64 });
    expect(t.q.every(Number.isFinite)).toBe(true);
    expect(t.deltaLog10.every(Number.isNaN)).toBe(true);
    expect(t.streamGradLog10.every(Number.isNaN)).toBe(true);
    expect(t.run.note).toMatch(/no prediction of δ and g/);
  });
});

test('a mixed layer averages its parts\' moments over their units: relu+tanh within 0.1 decades at width 256', () => {
  const raw = { activations: 'relu+tanh', init: 'he-normal', depth: 40, width: 256, batch: 16, seed: 7 } as const;
  const t = theoryOf(raw);
  const layers = runReference(normalizeConfig(raw)).runs[0].layers;
  layers.forEach((l, i) => expect(Math.abs(l.deltaLog10 - t.deltaLog10[i]), `layer ${l.layer}`).toBeLessThan(0.1));
});

describe('the input std enters the forward recursion', () => {
  test('linear: q_1 = σ_w²X² + σ_b², the stream adds α²q per layer, BatchNorm pins a_1 = σ_w²X² to 1', () => {
    const [w2, b2, x, alpha] = [1.5, 0.1, 0.3, 0.5];
    const theory = (raw: RawConfig) => { const c = normalizeConfig({ activations: 'linear', sigmaW2: w2, sigmaB2: b2, inputStd: x, depth: 3, ...raw }); return layerTheory(c, c.activations[0]); };
    const q1 = w2 * x * x + b2;
    expect(theory({}).q[0]).toBeCloseTo(q1, 14);
    expect(theory({}).q[1]).toBeCloseTo(w2 * q1 + b2, 14);
    // h_1 = x + α s_1: E[h_1²] = X² + α² q_1.
    expect(theory({ residual: alpha }).q[1]).toBeCloseTo(w2 * (x * x + alpha * alpha * q1) + b2, 14);
    const a = w2 * x * x;
    expect(theory({ norm: 'batch' }).q[0]).toBeCloseTo(a / (a + 1e-5), 14);
  });
});
