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
