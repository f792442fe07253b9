import { describe, expect, test } from 'vitest';
import { optimizerUpdate, type OptimizerHyper } from './optimizers';

const base: OptimizerHyper = { kind: 'sgd', lr: 0.1, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
const f32 = Math.fround;

function run(h: OptimizerHyper, w0: number, grads: number[], wd = 0): number[] {
  const w = new Float32Array([w0]);
  const m = new Float32Array(1), v = new Float32Array(1);
  return grads.map((g, i) => {
    optimizerUpdate(w, new Float32Array([g]), m, v, h, i + 1, wd);
    return w[0];
  });
}

describe('optimizer updates against hand-computed steps', () => {
  test('sgd: w − lr·g', () => {
    expect(run(base, 1, [0.5, -2])).toEqual([f32(0.95), f32(f32(0.95) + 0.2)]);
  });
  test('sgd with weight decay: w − lr·(g + λw)', () => {
    // 1 − 0.1·(0.5 + 0.1·1) = 0.94
    expect(run(base, 1, [0.5], 0.1)[0]).toBeCloseTo(0.94, 6);
  });
  test('momentum: v ← μv + g, w ← w − lr·v', () => {
    // v1 = 0.5, w1 = 0.95; v2 = 0.45 + 0.5 = 0.95, w2 = 0.855; v3 = 0.855 − 1 = −0.145, w3 = 0.8695
    const ws = run({ ...base, kind: 'momentum' }, 1, [0.5, 0.5, -1]);
    expect(ws[0]).toBeCloseTo(0.95, 6);
    expect(ws[1]).toBeCloseTo(0.855, 6);
    expect(ws[2]).toBeCloseTo(0.8695, 6);
  });
  test('momentum with weight decay folds λw into the velocity', () => {
    // g' = 0.5 + 0.5·1 = 1 → v = 1, w = 0.9; g' = 0.5 + 0.5·0.9 = 0.95 → v = 0.9 + 0.95 = 1.85, w = 0.715
    const ws = run({ ...base, kind: 'momentum' }, 1, [0.5, 0.5], 0.5);
    expect(ws[1]).toBeCloseTo(0.715, 6);
  });
  test('adam with bias correction', () => {
    // Step 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 → Δ = 0.1·0.5/0.5 = 0.1 → w = 0.9.
    // Step 2 (g = −1): m = 0.045 − 0.1 = −0.055, v = 0.00024975 + 0.001 = 0.00124975,
    // m̂ = −0.055/0.19, v̂ = 0.00124975/0.001999 → w = 0.9 + 0.1·0.2894737/0.7906871 = 0.9366104.
    const ws = run({ ...base, kind: 'adam' }, 1, [0.5, -1]);
    expect(ws[0]).toBeCloseTo(0.9, 6);
    expect(ws[1]).toBeCloseTo(0.9366104, 5);
  });
  test('adam: the first step moves every weight by about lr whatever the gradient scale', () => {
    const w = new Float32Array([0, 0, 0]);
    optimizerUpdate(w, new Float32Array([1e-4, -3, 50]), new Float32Array(3), new Float32Array(3), { ...base, kind: 'adam' }, 1, 0);
    expect(w[0]).toBeCloseTo(-0.1, 4);
    expect(w[1]).toBeCloseTo(0.1, 6);
    expect(w[2]).toBeCloseTo(-0.1, 6);
  });
  test('adam with weight decay (L2, coupled): g ← g + λw', () => {
    // g' = 0 + 1·1 = 1: the first step is −lr·sign(g') = −0.1.
    expect(run({ ...base, kind: 'adam' }, 1, [0], 1)[0]).toBeCloseTo(0.9, 6);
  });
});
