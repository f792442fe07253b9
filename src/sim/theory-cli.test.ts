import { describe, expect, it } from 'vitest';
import { normalizeConfig } from './config';
import { runReference } from './cpu-engine';
import { toJson } from './stats';
import { addTheory, theoryOnly } from './theory-cli';

describe('addTheory', () => {
  it('fills theoryQ and theoryDeltaRms on every layer and q*, χ₁, ξ on every run, without touching the input', () => {
    const config = normalizeConfig({ activations: ['relu', 'tanh'], init: 'he-normal', depth: 5, width: 16, batch: 2 });
    const sim = runReference(config);
    const withTheory = addTheory(sim);
    expect(sim.runs[0].layers[0].theoryQ).toBeUndefined();
    for (const run of withTheory.runs) {
      expect(run.layers.every((l) => Number.isFinite(l.theoryQ) && Number.isFinite(l.theoryDeltaRms))).toBe(true);
      expect(run.theory).toBeDefined();
    }
    const relu = withTheory.runs[0];
    expect(relu.layers.map((l) => l.theoryQ)).toEqual([2, 2, 2, 2, 2]);
    expect(relu.theory).toMatchObject({ qStar: 2, chi1: 1, depthScale: Infinity, orderedPhase: false, gaussian: true });
    const json = JSON.parse(toJson(withTheory));
    expect(json.runs[0].theory.depthScale).toBeNull(); // Infinity → null in JSON
    expect(json.runs[1].layers[0].theoryDeltaRms).toBeGreaterThan(0);
  });
});

describe('theoryOnly', () => {
  it('reports the prediction in the SimResult shape with engine kind "theory"', () => {
    const config = normalizeConfig({ activations: ['relu', 'softplus'], sigmaW2: 1, depth: 4, width: 8 });
    const t = theoryOnly(config);
    expect(t.engine.kind).toBe('theory');
    const relu = t.runs[0].layers;
    expect(relu.map((l) => l.theoryQ)).toEqual([1, 0.5, 0.25, 0.125]);
    expect(relu[0].preactStd).toBe(1);
    expect(relu[0].zeroFraction).toBeCloseTo(0.5, 12);
    expect(relu[0].fprimeZeroFraction).toBeCloseTo(0.5, 12);
    expect(relu[0].meanAbsFprime).toBeCloseTo(0.5, 12);
    expect(relu[0].deltaRms).toBeCloseTo(Math.sqrt(0.5 ** 3), 14);
    expect(relu[3].deltaRms).toBe(1);
    expect(relu[0].deadFraction).toBeNaN();
    const softplus = t.runs[1].layers;
    expect(softplus[0].zeroFraction).toBe(0);
    expect(JSON.parse(toJson(t)).runs[0].layers[0].deadFraction).toBeNull();
  });
});
