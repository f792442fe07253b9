/**
 * The CPU's float64 f and f′ of every activation against the independent float64 references of
 * tests/reference/activations.ts, at the float32 points the GPU test uses. Bound: 16 float64 ulps
 * times the condition number of the function at x (the error any float64 evaluation makes, the
 * reference's own included: near a zero of f′ or in GELU's far tail, rounding x alone moves the
 * value by more than one ulp); below 1e-300, any value as small (0 too): the reference's own
 * intermediates underflow there, 1e255 times below anything a float32 holds.
 * That still fails 1 − tanh² (0 for |x| > 19 where sech² is 4e-17), σ(1 − σ) and 1 + tanh u for u < 0.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { REFERENCES, TEST_PARAMS, condition, measure, testPoints, type Worst } from '../../tests/reference/activations';
import { ACTIVATIONS } from './activations';

const EPS64 = 2 ** -52;
const TINY = 1e-300;

const worst: string[] = [];

describe('CPU activations against independent float64 references', () => {
  for (const act of ACTIVATIONS) {
    const ref = REFERENCES[act.name];
    test(`${act.name}: f and f′ within 16 ulp × condition`, () => {
      expect(ref, `a reference for ${act.name}`).toBeDefined();
      for (const p of TEST_PARAMS[act.name] ?? [act.param?.default ?? 0]) {
        const xs = testPoints((x) => ref.df(x, p), act.kinks);
        for (const which of ['f', 'df'] as const) {
          const g = (x: number): number => ref[which](x, p);
          const want = Array.from(xs, g);
          const got = Array.from(xs, (x) => act[which](x, p));
          const rel = Array.from(xs, (x) => 16 * EPS64 * Math.max(1, condition(g, x)));
          const w: Worst = measure(xs, got, want, { ulps: 0, rel, zeroBelow: TINY });
          const label = `${act.name}:${p} ${which}`.padEnd(22);
          worst.push(`${label} ${w.rel === 0 ? 'exact' : `${(w.rel / EPS64).toExponential(2)} ulp at x = ${w.relAt}; at most ${(w.used * 16).toFixed(2)} ulp × condition`}`);
          expect(w.failures, `${act.name}:${p} ${which}`).toEqual([]);
        }
      }
    });
  }

  afterAll(() => console.log(`CPU float64 forms, worst error (float64 ulps of the true value):\n${worst.join('\n')}`));
});
