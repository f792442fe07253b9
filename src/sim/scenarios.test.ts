import { describe, expect, it } from 'vitest';
import { bornDeadProbability } from './born-dead';
import { activationOf, normalizeConfig, type RawConfig } from './config';
import { cpuMemoryBytes } from './memory';
import { edgeOfChaos } from './phase';
import { SCENARIOS, findScenario } from './scenarios';
import { layerTheory } from './theory';
import { runActivation } from './specs';

const theoryOfSpec = (raw: RawConfig, spec: string) => { const c = normalizeConfig(raw); return layerTheory(c, activationOf(c, spec)); };

describe('scenarios', () => {
  it('each has a unique URL-safe id, a question, a text, and a config that normalizes and fits a browser', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(s.question.endsWith('?')).toBe(true);
      expect(s.text.length).toBeGreaterThan(100);
      const c = normalizeConfig(s.config);
      expect(c.depth).toBeLessThanOrEqual(500);
      expect(c.width).toBeLessThanOrEqual(256);
      // Well inside the browser CPU worker's 1 GiB, and at most 1e9 multiply-adds per pass (seconds on the CPU engine).
      expect(cpuMemoryBytes(c)).toBeLessThan(256 * 1024 ** 2);
      expect(c.depth * c.width * c.width * c.batch * c.activations.length).toBeLessThanOrEqual(1e9);
      expect(findScenario(s.id)).toBe(s);
    }
  });

  it('covers the questions of the issue', () => {
    const acts = new Set(SCENARIOS.flatMap((s) => normalizeConfig(s.config).activations.map((a) => a.name)));
    for (const a of ['sigmoid', 'relu', 'softplus', 'leaky-relu', 'prelu', 'elu', 'selu', 'necrorelu', 'tanh']) expect(acts.has(a), a).toBe(true);
    expect(SCENARIOS.some((s) => s.config.init === 'zeros')).toBe(true);
  });

  it('the numbers quoted in the texts are the theory values', () => {
    const theoryOf = (id: string, act: string) => theoryOfSpec(findScenario(id)!.config, act).run;
    expect(theoryOf('sigmoid-vanishing', 'sigmoid').chi1).toBeCloseTo(0.056, 3);
    expect(theoryOf('relu-he', 'relu').chi1).toBe(1);
    expect(theoryOf('relu-lecun', 'relu').chi1).toBe(0.5);
    expect(theoryOf('leaky-relu-family', 'prelu').chi1).toBeCloseTo(1.0625, 12);
    expect(theoryOfSpec(findScenario('leaky-relu-family')!.config, 'prelu').deltaRms[0]).toBeGreaterThan(15);
    const selu = theoryOf('selu-self-normalizing', 'selu');
    expect(selu.qStar).toBeCloseTo(1, 9);
    expect(selu.chi1).toBeCloseTo(1.07, 2);
    expect(Math.abs(selu.depthScale)).toBeCloseTo(14.5, 0);
    expect(theoryOf('necrorelu', 'necrorelu:0.1').chi1).toBeCloseTo(1.01, 12);
    expect(theoryOf('exploding-gradients', 'relu').chi1).toBe(1.5);
    expect(theoryOf('exploding-gradients', 'tanh').chi1).toBeCloseTo(1.24, 2);
    const tanhEdge = findScenario('tanh-edge-of-chaos')!.config;
    expect(edgeOfChaos(runActivation('tanh'), [Number(tanhEdge.sigmaB2)])[0]).toBeCloseTo(Number(tanhEdge.sigmaW2), 2);
    const born = normalizeConfig(findScenario('born-dead')!.config);
    expect(bornDeadProbability(born.width, born.depth)).toBeCloseTo(0.96, 2);
    const softplus = theoryOfSpec(findScenario('softplus-vs-relu')!.config, 'softplus');
    expect(softplus.chi[0]).toBeCloseTo(0.64, 2);
    expect(softplus.chi.every((x) => x < 1)).toBe(true);
  });
});
