import { describe, expect, it } from 'vitest';
import { bornDeadProbability } from './born-dead';
import { activationOf, normalizeConfig, type RawConfig } from './config';
import { planCpuMemory } from './cpu-memory';
import { referenceBackend } from './reference-backend';
import { runReference } from './cpu-engine';
import { gradientBadge, type GradientBadge } from './gain';
import { edgeOfChaos } from './phase';
import { SCENARIOS, findScenario } from './scenarios';
import { DELTA_ZERO_CAUSE_LABEL } from './stats';
import { layerTheory } from './layer-theory';
import { runActivation } from './specs';

const theoryOfSpec = (raw: RawConfig, spec: string) => { const c = normalizeConfig(raw); return layerTheory(c, activationOf(c, spec)); };

describe('scenarios', () => {
  it('each has a unique URL-safe id, a question, a text, and a config that normalizes and fits a browser', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(s.question.endsWith('?')).toBe(true);
      expect(s.text.length).toBeGreaterThan(100);
      for (const raw of [s.config, ...(s.compare ?? [])]) {
        const c = normalizeConfig(raw);
        expect(c.depth).toBeLessThanOrEqual(500);
        expect(c.width).toBeLessThanOrEqual(256);
        // Well inside the browser CPU worker's 1 GiB, and at most 1e9 multiply-adds per pass (seconds on the CPU engine).
        expect(planCpuMemory(c, referenceBackend()).totalBytes).toBeLessThan(256 * 1024 ** 2);
        expect(c.depth * c.width * c.width * c.batch * c.activations.length).toBeLessThanOrEqual(1e9);
      }
      expect(findScenario(s.id)).toBe(s);
    }
  });

  it('covers the questions of the issue', () => {
    const acts = new Set(SCENARIOS.flatMap((s) => normalizeConfig(s.config).activations.flatMap((a) => a.parts.map((p) => p.name))));
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
    // The architectures' scenarios (total gain T in decades: δ at layer 1 over δ at the output).
    const decades = (raw: RawConfig, act: string): number => { const t = theoryOfSpec(raw, act); return t.deltaLog10[0] - t.deltaLog10[t.deltaLog10.length - 1]; };
    const scenario = (id: string) => findScenario(id)!.config;
    expect(theoryOfSpec(scenario('sigmoid-vanishing'), 'sigmoid').deltaLog10[0]).toBeCloseTo(-31, 0);
    expect(10 ** decades(scenario('resnet-identity-path'), 'tanh')).toBeCloseTo(70, -1);
    expect(theoryOfSpec(scenario('resnet-identity-path'), 'sigmoid').deltaLog10.every(Number.isNaN)).toBe(true);
    const alpha1 = { ...scenario('residual-alpha'), residual: 1 };
    expect(Math.log10(theoryOfSpec(alpha1, 'relu').q[99])).toBeCloseTo(46, 0);
    expect(decades(alpha1, 'tanh')).toBeCloseTo(3.4, 1);
    expect(theoryOfSpec(scenario('residual-alpha'), 'relu').q[99] / 4e4).toBeCloseTo(1, 1);
    expect(Math.max(...theoryOfSpec(scenario('residual-alpha'), 'tanh').chi.slice(0, 99))).toBeLessThan(1.01);
    expect(theoryOf('batchnorm-explodes', 'relu').chi1).toBeCloseTo((Math.PI / (Math.PI - 1)) * (30 / 29), 3);
    expect(theoryOf('batchnorm-explodes', 'relu').chi1).toBeCloseTo(1.52, 2);
    expect(decades(scenario('batchnorm-explodes'), 'relu')).toBeCloseTo(4.4, 1);
    expect(theoryOf('batchnorm-explodes', 'tanh').chi1).toBeCloseTo(1.22, 2);
    expect(decades(scenario('batchnorm-explodes'), 'tanh')).toBeCloseTo(2.1, 1);
    expect(theoryOfSpec({ ...scenario('layernorm'), norm: 'none' }, 'relu').deltaLog10[0]).toBeCloseTo(-15, 0);
    expect(theoryOf('layernorm', 'relu').chi1).toBeCloseTo(254 / 253, 4);
    expect(theoryOf('layernorm', 'tanh').chi1).toBeCloseTo(1.18, 2);
    expect(decades(scenario('layernorm'), 'tanh')).toBeCloseTo(3.6, 1);
    const mix = theoryOf('mixed-relu-tanh', 'relu+tanh');
    expect(mix.qStar).toBeCloseTo(theoryOf('mixed-relu-tanh', 'tanh').qStar, 9);
    expect(mix.qStar).toBeCloseTo(0.62, 2);
    expect(mix.chi1).toBeCloseTo(0.5 + theoryOf('mixed-relu-tanh', 'tanh').chi1 / 2, 9);
    expect(mix.chi1).toBeCloseTo(1.05, 2);
    expect(theoryOf('mixed-relu-tanh', 'tanh').chi1).toBeCloseTo(1.11, 2);
    expect(decades(scenario('mixed-relu-tanh'), 'relu+tanh')).toBeCloseTo(0.9, 1);
    expect(decades(scenario('mixed-relu-tanh'), 'tanh')).toBeCloseTo(2, 0);
    const softplus = theoryOfSpec(findScenario('softplus-vs-relu')!.config, 'softplus');
    expect(softplus.chi[0]).toBeCloseTo(0.64, 2);
    expect(softplus.chi.every((x) => x < 1)).toBe(true);
  });
});

/**
 * Each scenario scaled down to batch 4 (and a smaller width and depth where that keeps what it
 * shows: the finite-width drift of a critical net grows with depth/width, so both shrink together),
 * with the badge its text stands for per activation. Borderline runs (tanh beside sigmoid loses
 * about a decade over 50 layers) are only checked against their numbers.
 */
const BADGE_CASES: { id: string; scale: RawConfig; badges: Record<string, GradientBadge['kind']> }[] = [
  // The first screen: sigmoid and tanh vanish (tanh by about a decade over 100 layers), ReLU with He holds.
  { id: 'classic-lesson', scale: {}, badges: { sigmoid: 'vanishes', tanh: 'vanishes', relu: 'holds' } },
  { id: 'sigmoid-vanishing', scale: { width: 64 }, badges: { sigmoid: 'vanishes' } },
  { id: 'relu-he', scale: { width: 128, depth: 50 }, badges: { relu: 'holds' } },
  { id: 'relu-lecun', scale: { width: 64 }, badges: { relu: 'vanishes' } },
  { id: 'dying-relu-zero-init', scale: {}, badges: { relu: 'zero' } },
  { id: 'born-dead', scale: {}, badges: { relu: 'zero' } },
  { id: 'relu-sparsity', scale: { width: 128 }, badges: { relu: 'holds' } },
  { id: 'softplus-vs-relu', scale: { width: 128 }, badges: { relu: 'holds', softplus: 'vanishes' } },
  { id: 'leaky-relu-family', scale: {}, badges: { relu: 'holds', 'leaky-relu:0.01': 'holds', prelu: 'grows', elu: 'grows' } },
  { id: 'selu-self-normalizing', scale: { width: 128 }, badges: { selu: 'grows', elu: 'vanishes', relu: 'vanishes' } },
  { id: 'necrorelu', scale: { width: 128, depth: 100 }, badges: { relu: 'holds', 'necrorelu:0.1': 'holds' } },
  { id: 'tanh-edge-of-chaos', scale: { width: 128, depth: 150 }, badges: { tanh: 'holds' } },
  { id: 'exploding-gradients', scale: { width: 64 }, badges: { relu: 'explodes', tanh: 'explodes' } },
  { id: 'resnet-identity-path', scale: { width: 64 }, badges: { sigmoid: 'holds', tanh: 'grows' } },
  { id: 'residual-alpha', scale: { width: 64 }, badges: { tanh: 'holds' } },
  { id: 'batchnorm-explodes', scale: { width: 64, batch: 32 }, badges: { relu: 'explodes', tanh: 'grows' } },
  { id: 'layernorm', scale: {}, badges: { relu: 'holds', tanh: 'explodes' } },
  { id: 'mixed-relu-tanh', scale: { width: 128, depth: 50 }, badges: { relu: 'holds', 'relu+tanh': 'holds' } },
  { id: 'spectrum-relu', scale: { spectrum: false, spectrumAt: null }, badges: { relu: 'holds' } },
  { id: 'spectrum-tanh-isometry', scale: { spectrum: false, spectrumAt: null }, badges: { tanh: 'holds' } },
];

describe('every scenario\'s badges agree with the numbers beside them', () => {
  it('covers every scenario', () => {
    expect(BADGE_CASES.map((c) => c.id).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
  });

  it.each(BADGE_CASES.map((c) => [c.id, c] as const))('%s', (id, { scale, badges }) => {
    const scenario = findScenario(id)!;
    const configs = [scenario.config, ...(scenario.compare ?? [])].map((raw) => normalizeConfig({ ...raw, batch: 4, ...scale }));
    for (const run of configs.flatMap((config) => runReference(config).runs)) {
      const badge = gradientBadge(run);
      const first = run.layers[0];
      const last = run.layers[run.layers.length - 1];
      // The README's rule, on the numbers the key-numbers table shows: T = δ at layer 1 / δ at the output.
      if (first.deltaLog10 === -Infinity) {
        expect(badge.kind, run.activation).toBe('zero');
        expect(badge.text).toContain(DELTA_ZERO_CAUSE_LABEL[first.deltaZeroCause]);
        expect(badge.text).not.toMatch(/underflow/);
      } else {
        const decades = first.deltaLog10 - last.deltaLog10;
        const kind = decades < -1 ? 'vanishes' : decades <= 1 ? 'holds' : decades <= 3 ? 'grows' : 'explodes';
        expect(badge.kind, `${run.activation}: T = 10^${decades.toFixed(2)}`).toBe(kind);
      }
      if (badges[run.activation]) expect(badge.kind, `${id} ${run.activation}`).toBe(badges[run.activation]);
    }
  });

  it('the classic lesson\'s quoted factors: sigmoid about 4× per layer, tanh about 12× in all; the forward signal: sigmoid at q*, tanh shrinking', () => {
    const configs = findScenario('classic-lesson')!.compare!.map((raw) => normalizeConfig({ ...raw, batch: 4 }));
    const [sigmoid, tanh] = configs.map((c) => runReference(c).runs[0]);
    const total = (run: typeof sigmoid): number => 10 ** (run.layers[run.layers.length - 1].deltaLog10 - run.layers[0].deltaLog10);
    const perLayer = total(sigmoid) ** (1 / (sigmoid.layers.length - 1));
    expect(perLayer).toBeGreaterThan(3.5);
    expect(perLayer).toBeLessThan(5);
    expect(total(tanh)).toBeGreaterThan(8);
    expect(total(tanh)).toBeLessThan(18);
    // Sigmoid's preactivations settle at mean-field theory's fixed point, √q* ≈ 0.51, from layer 10 on.
    const qStar = layerTheory(configs[0], configs[0].activations[0]).q[sigmoid.layers.length - 1];
    expect(Math.abs(Math.sqrt(qStar) - 0.5)).toBeLessThan(0.05);
    for (const l of sigmoid.layers.slice(9)) expect(Math.abs(l.preactStd / Math.sqrt(qStar) - 1)).toBeLessThan(0.2);
    // Tanh's shrink towards 0: below a tenth of layer 1's by the output.
    expect(tanh.layers[tanh.layers.length - 1].preactStd).toBeLessThan(0.1 * tanh.layers[0].preactStd);
  });

  it('zero init and born dead name their structural causes, never underflow', () => {
    for (const id of ['dying-relu-zero-init', 'born-dead']) expect(findScenario(id)!.text).not.toMatch(/underflow/i);
  });
});

describe('the spectrum scenarios show what their texts say', () => {
  const spectrumOf = (id: string) => runReference(normalizeConfig(findScenario(id)!.config)).runs[0].spectrum!;

  it('ReLU with gain √2: mean σ² near 1 at every depth, many σ exactly 0, the nonzero ones decades apart by depth 32', () => {
    const s = spectrumOf('spectrum-relu');
    expect(s.depths).toEqual([1, 4, 16, 32]);
    for (const m of s.meanSq) expect(Math.abs(Math.log10(m))).toBeLessThan(0.3);
    s.singularValues.forEach((v) => expect(v.filter((x) => x === 0).length / v.length).toBeGreaterThan(0.3));
    const spread = s.singularValues.map((v) => Math.log10(v[0] / v.filter((x) => x > 0).at(-1)!));
    expect(spread[3]).toBeGreaterThan(2);
    expect(spread[3]).toBeGreaterThan(spread[1]);
  });

  it('orthogonal tanh at the edge: χ₁ = 1 at q* ≈ 0.026, every σ near 1 (within a factor 2 at depth 16)', () => {
    const config = normalizeConfig(findScenario('spectrum-tanh-isometry')!.config);
    const theory = layerTheory(config, config.activations[0]).run;
    expect(theory.chi1).toBeCloseTo(1, 3);
    expect(theory.qStar).toBeCloseTo(0.026, 3);
    expect(config.sigmaW2 * config.inputStd ** 2 + config.sigmaB2).toBeCloseTo(theory.qStar, 3);
    const s = spectrumOf('spectrum-tanh-isometry');
    for (const k of [0, 1, 2]) for (const sigma of s.singularValues[k]) expect(Math.abs(Math.log2(sigma)), `depth ${s.depths[k]}`).toBeLessThan(1);
    for (const m of s.meanSq) expect(Math.abs(Math.log10(m))).toBeLessThan(0.1);
  });
});
