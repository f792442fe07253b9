import { expect, test } from 'vitest';
import { ConfigError } from '../config';
import { normalizeTrainConfig, trainConfigJson } from './train-config';

test('defaults and canonical specs', () => {
  expect(trainConfigJson(normalizeTrainConfig({}))).toEqual({
    task: 'xor', classes: 2, noise: 0, activation: 'relu', backward: null, init: 'he-normal', sigmaW2: 2, sigmaB2: 0, biasInit: 0,
    residual: 0, norm: 'none', affine: false, depth: 4, width: 32, optimizer: 'adam', lr: 0.01, momentum: 0.9, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0,
    batchSize: 32, steps: 1000, every: 50, seed: 1, trainSize: 256, testSize: 256, alpha: 0,
  });
  const c = trainConfigJson(normalizeTrainConfig({ task: 'Gaussians', activation: 'leaky:0.2', init: 'orthogonal:1.5', lr: '0.1', classes: '4', optimizer: 'SGD' }));
  expect(c).toMatchObject({ task: 'gaussians', activation: 'leaky-relu:0.2', init: 'orthogonal:1.5', lr: 0.1, classes: 4, optimizer: 'sgd' });
  expect(normalizeTrainConfig({ task: 'teacher' }).classes).toBe(1);
  expect(trainConfigJson(normalizeTrainConfig({ sigmaW2: 3 }))).toMatchObject({ init: 'custom', sigmaW2: 3 });
});

test.each([
  [{ task: 'mnist' }, /unknown task 'mnist'/],
  [{ optimizer: 'rmsprop' }, /unknown optimizer 'rmsprop'/],
  [{ activation: 'foo' }, /unknown activation 'foo'/],
  [{ init: 'kaiming' }, /unknown init 'kaiming'/],
  [{ lr: '0' }, /lr must be a number above 0/],
  [{ lr: 'abc' }, /lr must be/],
  [{ depth: '2.5' }, /depth must be an integer/],
  [{ width: 0 }, /width must be between 1 and/],
  [{ steps: -1 }, /steps must be between/],
  [{ task: 'xor', classes: 3 }, /task 'xor' has 2 classes/],
  [{ classes: 1, task: 'gaussians' }, /classes must be between 2/],
  [{ batchSize: 300, trainSize: 200 }, /batch-size 300 exceeds train-size 200/],
  [{ beta1: 1 }, /beta1 and beta2 must be below 1/],
  [{ sigmaW2: 2, init: 'he-normal' }, /cannot be combined/],
])('%o is refused with one line', (raw, message) => {
  let err: unknown;
  try {
    normalizeTrainConfig(raw as never);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).not.toContain('\n');
});
