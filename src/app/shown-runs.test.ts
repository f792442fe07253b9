import { describe, expect, it } from 'vitest';
import { normalizeConfig, type RawConfig } from '../sim/config';
import { runReference } from '../sim/cpu-engine';
import { normalizeTrainConfig } from '../sim/train/train-config';
import { activationColor } from './palette';
import { configLine, entryLabels, sharedSettings, shownRuns, type ShownEntry } from './shown-runs';
import { trainLabels } from './train/train-labels';

const tiny = { depth: 3, width: 4, batch: 2 } as const;
const entry = (key: string, raw: RawConfig, label: string | null = null): ShownEntry => ({ key, result: runReference(normalizeConfig({ ...tiny, ...raw })), label, theory: null });

describe('the runs on screen', () => {
  it('are named by their activation and the settings that tell them apart', () => {
    const entries = [
      entry('p1', { activations: ['relu'], init: 'he-normal' }),
      entry('p2', { activations: ['relu'], init: 'lecun-normal' }),
      entry('live', { activations: ['tanh'], init: 'xavier-normal' }),
    ];
    const runs = shownRuns(entries);
    expect(runs.map((r) => r.label)).toEqual(['ReLU · He normal', 'ReLU · LeCun normal', 'tanh · Xavier normal']);
    expect(runs.map((r) => r.key)).toEqual(['p1/relu', 'p2/relu', 'live/tanh']);
    // The first ReLU keeps ReLU's colour; the second gets another one.
    expect(runs[0].color).toBe(activationColor('relu'));
    expect(runs[1].color).not.toBe(runs[0].color);
    expect(sharedSettings(entries.map((e) => e.result))).toEqual(['depth 3', 'width 4', 'batch 2', 'seed 1', 'CPU']);
  });

  it('name a custom σ_w² by its value, sizes and seeds where they differ, and a visitor\'s label as given', () => {
    const entries = [
      entry('p1', { activations: ['relu', 'tanh'], init: 'custom', sigmaW2: 1.5 }, 'my pair'),
      entry('p2', { activations: ['relu'], init: 'custom', sigmaW2: 3, depth: 5 }),
    ];
    const runs = shownRuns(entries);
    expect(runs.map((r) => r.label)).toEqual(['my pair: ReLU', 'my pair: tanh', 'ReLU · σ_w² 3 · depth 5']);
    expect(entryLabels(entries)).toEqual(['my pair', 'ReLU · σ_w² 3 · depth 5']);
    expect(configLine(entries[1].result)).toBe('ReLU · σ_w² 3 · depth 5 · width 4 · batch 2 · seed 1 · CPU');
  });

  it('name an architecture as the literature does: residual α (1/√depth for auto), LayerNorm, BatchNorm; a plain net by its activation', () => {
    const entries = [
      entry('p1', { activations: ['relu'] }),
      entry('p2', { activations: ['relu'], residual: 1 }),
      entry('p3', { activations: ['relu'], residual: 'auto', norm: 'batch' }),
      entry('live', { activations: ['relu+tanh'], norm: 'layer' }),
    ];
    expect(shownRuns(entries).map((r) => r.label)).toEqual(['ReLU', 'ReLU · residual α = 1', 'ReLU · residual α = 1/√3 · BatchNorm', 'ReLU + tanh · LayerNorm']);
  });

  it('number two runs nothing tells apart', () => {
    const runs = shownRuns([entry('p1', { activations: ['relu'] }), entry('p2', { activations: ['relu'] })]);
    expect(runs.map((r) => r.label)).toEqual(['ReLU #1', 'ReLU #2']);
  });

  it('training networks follow the same rule', () => {
    const base = { task: 'xor', depth: 2, width: 8 } as const;
    const configs = [
      normalizeTrainConfig({ ...base, activation: 'relu', init: 'he-normal' }),
      normalizeTrainConfig({ ...base, activation: 'relu', init: 'lecun-normal', lr: 0.05 }),
      normalizeTrainConfig({ ...base, activation: 'sigmoid', init: 'he-normal' }),
    ];
    expect(trainLabels(configs)).toEqual(['ReLU · He normal · learning rate 0.01', 'ReLU · LeCun normal · learning rate 0.05', 'sigmoid · He normal · learning rate 0.01']);
    expect(trainLabels(configs.slice(0, 1), ['mine'])).toEqual(['mine']);
  });
});
