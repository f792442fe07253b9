import { describe, expect, test } from 'vitest';
import { normalizeConfig } from '../sim/config';
import { runReference } from '../sim/cpu-engine';
import { configTheory } from '../sim/theory-cli';
import { alignedSeries, architectureLabel, chartRuns, runLabel, runsDepth } from './chart-runs';
import { activationColor, activationLabel } from './palette';

describe('runs of different architectures on one chart', () => {
  test('labels name the architecture; a plain net is named by its activation alone', () => {
    const c = (raw: object) => normalizeConfig({ depth: 16, ...raw });
    expect(architectureLabel(c({}))).toBe('');
    expect(runLabel({ activation: 'relu' }, c({ residual: 1 }))).toBe('ReLU · residual α = 1');
    expect(runLabel({ activation: 'relu' }, c({ residual: 'auto' }))).toBe('ReLU · residual α = 1/√16');
    expect(runLabel({ activation: 'tanh' }, c({ norm: 'batch', residual: 0.5 }))).toBe('tanh · residual α = 0.5 · BatchNorm');
    expect(runLabel({ activation: 'relu+tanh' }, c({ norm: 'layer' }))).toBe('ReLU + tanh · LayerNorm');
    expect(activationLabel('relu@0.75+leaky-relu:0.2@0.25')).toBe('ReLU 75 % + leaky ReLU (α 0.2) 25 %');
    expect(activationColor('relu+tanh')).toBe(activationColor('relu+tanh'));
    expect(activationColor('relu+tanh')).not.toBe(activationColor('relu'));
  });

  test('a plain, a residual and a BatchNorm ReLU net: three runs, three colours, each with its own theory line or none', () => {
    const base = { activations: 'relu', depth: 6, width: 16, batch: 4 } as const;
    const results = [normalizeConfig(base), normalizeConfig({ ...base, residual: 1, depth: 8 }), normalizeConfig({ ...base, norm: 'batch' })].map((c) => runReference(c));
    const runs = chartRuns(results, (r) => configTheory(r.config));
    expect(runs.map((r) => r.label)).toEqual(['ReLU', 'ReLU · residual α = 1', 'ReLU · BatchNorm']);
    expect(new Set(runs.map((r) => r.color)).size).toBe(3);
    expect(new Set(runs.map((r) => r.key)).size).toBe(3);
    expect(runs[0].color).toBe(activationColor('relu'));
    // The residual ReLU stream without a normalization has no prediction: no line.
    expect(runs.map((r) => r.theory === null)).toEqual([false, true, false]);
    expect(runs[2].theory).toEqual(configTheory(results[2].config).relu.deltaLog10);
    // The axis spans the deepest run; shorter runs end in gaps.
    expect(runsDepth(runs)).toBe(8);
    expect(alignedSeries([1, 2], 4)).toEqual([1, 2, null, null]);
  });
});
