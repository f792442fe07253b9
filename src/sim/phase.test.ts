import { describe, expect, it } from 'vitest';
import { normalizeConfig } from './config';
import { chi1At, chi1Grid, edgeOfChaos } from './phase';
import { runActivation } from './specs';

describe('order-to-chaos boundary', () => {
  it('tanh: σ_w² ≈ 1.761 at σ_b² = 0.05 (Poole et al. 2016), 1 at σ_b² = 0, increasing with σ_b²', () => {
    const [e05, e0, e3] = edgeOfChaos(runActivation('tanh'), [0.05, 0, 0.3]);
    expect(e05).toBeCloseTo(1.761, 3);
    expect(e0).toBeCloseTo(1, 6);
    expect(e3).toBeGreaterThan(e05);
    expect(chi1At(runActivation('tanh'), e05, 0.05)).toBeCloseTo(1, 8);
  });

  it('relu: χ₁ = σ_w²/2, so the edge is σ_w² = 2 for every σ_b²; leaky: 2/(1 + α²)', () => {
    for (const e of edgeOfChaos(runActivation('relu'), [0, 0.1, 1])) expect(e).toBeCloseTo(2, 8);
    expect(edgeOfChaos(runActivation('leaky-relu:0.5'), [0.2])[0]).toBeCloseTo(2 / 1.25, 8);
    // The backward derivative decides: relu forward, leaky 0.5 backward.
    expect(edgeOfChaos(runActivation('relu', 'leaky-relu:0.5'), [0.2])[0]).toBeCloseTo(2 / 1.25, 8);
  });

  it('NaN where χ₁ never reaches 1 in range (sigmoid below σ_w² = 4)', () => {
    expect(edgeOfChaos(runActivation('sigmoid'), [0.1], { maxSigmaW2: 4 })[0]).toBeNaN();
  });

  it('χ₁ grid: rows over σ_b², columns over σ_w², below 1 left of the edge and above right of it', () => {
    const w = [1, 1.5, 2.5, 3], b = [0.05, 0.2];
    const grid = chi1Grid(runActivation('tanh'), w, b);
    expect(grid).toHaveLength(2);
    expect(grid[0]).toHaveLength(4);
    const edges = edgeOfChaos(runActivation('tanh'), b);
    b.forEach((_, i) => w.forEach((w2, j) => expect(grid[i][j] < 1).toBe(w2 < edges[i])));
  });

  it('a run of a config honours --backward', () => {
    const c = normalizeConfig({ activations: ['relu'], backward: 'leaky-relu:0.1' });
    expect(c.activations[0]).toEqual(runActivation('relu', 'leaky-relu:0.1'));
    expect(edgeOfChaos(c.activations[0], [0.2])[0]).toBeCloseTo(2 / 1.01, 8);
  });
});
