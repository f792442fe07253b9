import { expect, test } from 'vitest';
import { lossHead } from './losses';

test('softmax cross-entropy: closed forms for equal and skewed logits', () => {
  const d = new Float32Array(4);
  // Example 1: z = (0, 0), y = (1, 0): ℓ = ln 2, δ = (−½, ½). Example 2: z = (ln 3, 0), y = (0, 1):
  // p = (¾, ¼), ℓ = −ln ¼ = ln 4, δ = (¾, −¾); its argmax (0) is wrong.
  const r = lossHead(new Float32Array([0, 0, Math.log(3), 0]), new Float32Array([1, 0, 0, 1]), 2, 2, 'cross-entropy', d);
  expect(r.lossSum).toBeCloseTo(Math.log(2) + Math.log(4), 6);
  expect(Array.from(d)).toEqual([-0.5, 0.5, 0.75, -0.75].map(Math.fround));
  expect(r.correct).toBe(1);
});

test('cross-entropy stays finite for huge logits', () => {
  const d = new Float32Array(2);
  const r = lossHead(new Float32Array([1000, -1000]), new Float32Array([0, 1]), 1, 2, 'cross-entropy', d);
  expect(r.lossSum).toBeCloseTo(2000, 3);
  expect(Array.from(d)).toEqual([1, -1]);
});

test('squared error: ½‖z − y‖² and δ = z − y', () => {
  const d = new Float32Array(2);
  const r = lossHead(new Float32Array([1, 3]), new Float32Array([0, 1]), 1, 2, 'mse', d);
  expect(r.lossSum).toBeCloseTo(0.5 * (1 + 4), 10);
  expect(Array.from(d)).toEqual([1, 2]);
});
