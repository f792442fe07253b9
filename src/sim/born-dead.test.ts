import { describe, expect, it } from 'vitest';
import { bornDeadProbability, simulateBornDead } from './born-dead';

describe('dying ReLU at birth', () => {
  it('P = 1 − (1 − 2^−n)^L in simple cases', () => {
    expect(bornDeadProbability(1, 1)).toBeCloseTo(0.5, 15);
    expect(bornDeadProbability(1, 2)).toBeCloseTo(0.75, 15);
    expect(bornDeadProbability(2, 3)).toBeCloseTo(1 - 0.75 ** 3, 15);
    expect(bornDeadProbability(40, 10)).toBeCloseTo(10 * 2 ** -40, 20); // no cancellation for tiny 2^−n
  });

  it('matches simulation over 1500 seeds at n = 2…8, L = 20, at every layer (binomial 4.5σ)', () => {
    const seeds = 1500, depth = 20;
    for (let n = 2; n <= 8; n++) {
      const sim = simulateBornDead({ width: n, depth, seeds, firstSeed: 1000 });
      for (let l = 1; l <= depth; l++) {
        const p = bornDeadProbability(n, l);
        const sd = Math.sqrt((p * (1 - p)) / seeds);
        expect(Math.abs(sim.deadFraction[l - 1] - p), `n=${n} L=${l}: ${sim.deadFraction[l - 1]} vs ${p}`)
          .toBeLessThanOrEqual(4.5 * sd + 1 / seeds);
      }
    }
  });

  it('dead stays dead: the fraction never decreases with depth', () => {
    const sim = simulateBornDead({ width: 3, depth: 30, seeds: 200, batch: 2 });
    for (let l = 1; l < 30; l++) expect(sim.deadFraction[l]).toBeGreaterThanOrEqual(sim.deadFraction[l - 1]);
  });
});
