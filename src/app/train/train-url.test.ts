import { describe, expect, it } from 'vitest';
import { normalizeTrainConfig } from '../../sim/train/train-config';
import { TRAIN_VIEW_DEFAULTS, validateTrainForm } from './train-form';
import { decodeTrainUrl, trainParams } from './train-url';

describe('training URL', () => {
  it('round-trips a configuration through t.* parameters', () => {
    const base = { task: 'gaussians', classes: 5, noise: 0.1, init: 'xavier-normal', depth: 7, width: 12, optimizer: 'momentum', lr: 0.05,
      momentum: 0.8, batchSize: 16, steps: 300, every: 25, weightDecay: 0.001, seed: 42, biasInit: -0.5, trainSize: 200, testSize: 100 } as const;
    const configs = ['relu', 'leaky-relu:0.1', 'tanh'].map((activation) => normalizeTrainConfig({ ...base, activation }));
    const search = `?${trainParams(configs, 'cpu', 50).toString()}`;
    const d = decodeTrainUrl(search);
    expect(d.problems).toEqual([]);
    expect(d.fromUrl).toBe(true);
    expect(d.speed).toBe(50);
    expect(d.values.engine).toBe('cpu');
    expect(validateTrainForm(d.values).configs).toEqual(configs);
    // The architecture options travel too.
    const arch = [normalizeTrainConfig({ ...base, activation: 'relu', residual: 'auto', norm: 'batch', affine: true })];
    expect(validateTrainForm(decodeTrainUrl(`?${trainParams(arch, 'cpu', 50).toString()}`).values).configs).toEqual(arch);
  });

  it('drops a bad parameter with one message and keeps the rest', () => {
    const d = decodeTrainUrl('?t.task=xor&t.depth=-3&t.width=8&t.act=relu,bogus&t.engine=metal');
    expect(d.values.task).toBe('xor');
    expect(d.values.width).toBe('8');
    expect(d.values.depth).toBe(TRAIN_VIEW_DEFAULTS.depth);
    expect(d.values.activations).toEqual(TRAIN_VIEW_DEFAULTS.activations);
    expect(d.problems).toHaveLength(3);
    expect(d.problems[0]).toMatch(/t\.act=relu,bogus ignored: unknown activation 'bogus'/);
    expect(d.problems.join('\n')).toMatch(/t\.depth=-3 ignored: depth must be between 0 and 2000/);
    expect(d.problems.join('\n')).toMatch(/engine must be webgpu or cpu/);
  });

  it('drops an emptied parameter with its message, as the command line refuses it', () => {
    const d = decodeTrainUrl('?t.lr=&t.depth=3');
    expect(d.problems).toEqual(["URL parameter t.lr= ignored: learning rate must be a number above 0 up to 1000000 (got '')"]);
    expect(d.values.depth).toBe('3');
    expect(d.values.lr).toBe(TRAIN_VIEW_DEFAULTS.lr);
  });

  it('checks a batch size against the training-set size given beside it', () => {
    expect(decodeTrainUrl('?t.batch=300&t.ntrain=1000').problems).toEqual([]);
    expect(decodeTrainUrl('?t.batch=300').problems[0]).toMatch(/batch size 300 exceeds training examples 256/);
  });
});

describe('training URL: pins, seeds and the step of a copied link', () => {
  it('round-trips networks kept with their own settings, the seed count and the step', () => {
    const form = [normalizeTrainConfig({ task: 'xor', activation: 'relu', init: 'lecun-normal', depth: 3, width: 8, steps: 40, every: 10 })];
    const pins = [
      { config: normalizeTrainConfig({ task: 'xor', activation: 'relu', init: 'he-normal', depth: 3, width: 8, steps: 40, every: 10 }), label: null },
      { config: normalizeTrainConfig({ task: 'xor', activation: 'tanh', init: 'xavier-normal', depth: 3, width: 8, steps: 40, every: 10, lr: 0.05 }), label: 'tanh, fast!' },
    ];
    const params = trainParams(form, 'cpu', null, { pins, seeds: 3, at: 20 });
    const d = decodeTrainUrl(`?${params.toString()}`);
    expect(d.problems).toEqual([]);
    expect(d.pins).toEqual(pins);
    expect(d.seeds).toBe(3);
    expect(d.at).toBe(20);
    expect(validateTrainForm(d.values).configs).toEqual(form);
    // No sweep and no step: the keys are left out.
    const plain = trainParams(form, 'cpu', null, { seeds: 1 });
    expect(plain.has('t.seeds')).toBe(false);
    expect(plain.has('t.at')).toBe(false);
  });

  it('drops a bad seed count or step with a line, and a pin\'s bad field with its own', () => {
    const d = decodeTrainUrl('?t.seeds=99&t.at=-1&t.pin=act:relu!depth:-2');
    expect(d.seeds).toBe(1);
    expect(d.at).toBeNull();
    expect(d.problems).toEqual([
      expect.stringMatching(/^t\.pin 1: URL parameter depth=-2 ignored: depth must be between 0 and 2000/),
      'URL parameter t.seeds=99 ignored: seeds must be a whole number from 1 to 8',
      'URL parameter t.at=-1 ignored: at must be a whole number from 0 to 10000000',
    ]);
    expect(d.pins.map((p) => p.config.activation.spec)).toEqual(['relu']);
  });
});
