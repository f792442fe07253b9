/**
 * Mean-field theory against the CPU engine at width 512: per-layer log-deltaRms slopes (median over
 * seeds) and pre-activation variances. Tolerances are stated beside each assertion; the finite-width
 * corrections they allow for are O(depth/width) (Hanin 2018).
 */
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from './activations';
import { normalizeConfig } from './config';
import { runReference } from './cpu-engine';
import { runSeeds } from './seeds';
import { addTheory } from './theory-cli';

/** Least-squares slope of ln y against layer over layers 1..last. */
function logSlope(values: readonly number[], last: number): number {
  const xs: number[] = [], ys: number[] = [];
  for (let l = 1; l <= last; l++) { xs.push(l); ys.push(Math.log(values[l - 1])); }
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < xs.length; i++) { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) ** 2; }
  return sxy / sxx;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[(s.length - 1) >> 1]; };

describe('theory against simulation (CPU engine, width 512)', () => {
  it('every activation, ordered phase (σ_w² = 0.8, σ_b² = 0.05): log-δ slope and q_l match', async () => {
    const depth = 12, seeds = 3;
    const config = normalizeConfig({
      activations: [...ACTIVATION_NAMES], sigmaW2: 0.8, sigmaB2: 0.05, depth, width: 512, batch: 2, seed: 11,
    });
    const perSeed = [];
    for (let k = 0; k < seeds; k++) perSeed.push(addTheory(runReference({ ...config, seed: config.seed + k })));
    for (let i = 0; i < config.activations.length; i++) {
      const runs = perSeed.map((r) => r.runs[i]);
      const theory = runs[0];
      expect(theory.theory?.orderedPhase, theory.activation).toBe(true);
      // Slopes over layers 1..depth−1 (the output layer's δ is drawn, not propagated).
      const predicted = logSlope(theory.layers.map((l) => l.theoryDeltaRms as number), depth - 1);
      const simulated = median(runs.map((r) => logSlope(r.layers.map((l) => l.deltaRms), depth - 1)));
      // Tolerance: 0.01 per layer plus 3% of the slope.
      expect(Math.abs(simulated - predicted), `${theory.activation}: sim ${simulated} vs theory ${predicted}`)
        .toBeLessThan(0.01 + 0.03 * Math.abs(predicted));
      // q_l = E[s_l²] against the measured variance of s_l (median over seeds): within 15% at every layer and
      // 6% on average over the layers (batch 4 and 512 biases per seed leave a few % of sampling noise).
      const devs = theory.layers.map((layer, l) => {
        const measured = median(runs.map((r) => r.layers[l].preactStd ** 2));
        return Math.abs(measured / (layer.theoryQ as number) - 1);
      });
      expect(Math.max(...devs), `${theory.activation} q: ${devs.map((d) => d.toFixed(3))}`).toBeLessThan(0.15);
      expect(devs.reduce((a, b) => a + b) / depth, theory.activation).toBeLessThan(0.06);
    }
  }, 120_000);

  it('the predicted deltaRms curve itself, layer by layer (tanh, relu, necrorelu), via runSeeds', async () => {
    const config = normalizeConfig({
      activations: ['tanh', 'relu', 'necrorelu:0.3'], sigmaW2: 1.2, sigmaB2: 0.1, depth: 12, width: 512, batch: 4, seed: 5,
    });
    const result = addTheory(await runSeeds(config, 3, runReference));
    for (const run of result.runs) {
      for (const layer of run.layers) {
        // Median over 3 seeds of deltaRms within 12% (in log) of the prediction at every layer.
        const ratio = layer.deltaRms / (layer.theoryDeltaRms as number);
        expect(Math.abs(Math.log(ratio)), `${run.activation} layer ${layer.layer}: ratio ${ratio}`).toBeLessThan(0.12);
      }
    }
  }, 120_000);

  it('mse top: the output layer δ_L² = E[f² f′²] + E[f′²] (below it, see the note on correlated δ)', () => {
    const config = normalizeConfig({
      activations: ['tanh', 'relu', 'sigmoid', 'elu'], sigmaW2: 1.5, sigmaB2: 0.1, depth: 3, width: 512, batch: 16, seed: 2, top: 'mse',
    });
    const result = addTheory(runReference(config));
    for (const run of result.runs) {
      const top = run.layers[2];
      // 512 × 16 samples: within 4%.
      expect(Math.abs(top.deltaRms / (top.theoryDeltaRms as number) - 1), run.activation).toBeLessThan(0.04);
      expect(run.theory?.note).toMatch(/mse/);
    }
  });
});
