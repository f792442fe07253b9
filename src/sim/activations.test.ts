import { describe, expect, test } from 'vitest';
import { ACTIVATIONS, activationWgsl, findActivation, getActivation } from './activations';

/** Points in [−6, 6] plus a few far out, keeping `gap` away from every kink. */
function samplePoints(kinks: number[], gap = 1e-3): number[] {
  const pts: number[] = [];
  for (let x = -6; x <= 6; x += 0.0137) pts.push(x);
  pts.push(-30, -12.5, 12.5, 30);
  return pts.filter((x) => kinks.every((k) => Math.abs(x - k) > gap));
}

describe('activation registry', () => {
  for (const act of ACTIVATIONS.filter((a) => a.exactDerivative)) {
    const params = act.param ? [act.param.default, act.param.min === act.param.default ? act.param.max : act.param.min, 0.37] : [0];
    test(`${act.name}: f′ equals a central finite difference of f`, () => {
      for (const p of params) {
        for (const x of samplePoints(act.kinks)) {
          const h = 1e-6 * Math.max(1, Math.abs(x));
          const fd = (act.f(x + h, p) - act.f(x - h, p)) / (2 * h);
          expect(Math.abs(act.df(x, p) - fd), `${act.name}:${p} at x=${x}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
        }
      }
    });
  }

  test('necrorelu is relu forward with a leaky derivative backward', () => {
    const n = getActivation('necrorelu');
    const relu = getActivation('relu');
    for (const x of [-3, -0.5, 0.25, 4]) {
      expect(n.f(x, 0.1)).toBe(relu.f(x, 0));
      expect(n.df(x, 0.1)).toBe(x > 0 ? 1 : 0.1);
    }
    expect(n.exactDerivative).toBe(false);
  });

  test('closed-form values', () => {
    expect(getActivation('sigmoid').df(0, 0)).toBe(0.25);
    expect(getActivation('selu').f(1, 0)).toBeCloseTo(1.0507009873554805, 15);
    expect(getActivation('selu').f(-1e9, 0)).toBeCloseTo(-1.0507009873554805 * 1.6732632423543772, 12);
    expect(getActivation('softplus').f(0, 0)).toBeCloseTo(Math.LN2, 15);
    expect(getActivation('softplus').f(800, 0)).toBe(800);
    expect(getActivation('gelu').f(0, 0)).toBe(0);
    expect(getActivation('swish').f(1, 0)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(getActivation('abs').df(-2, 0)).toBe(-1);
  });

  test('every activation stays finite far out (no overflow NaN)', () => {
    for (const a of ACTIVATIONS) {
      const p = a.param?.default ?? 0;
      for (const x of [-1e4, -100, 100, 1e4]) {
        expect(Number.isNaN(a.f(x, p)), `${a.name}(${x})`).toBe(false);
        expect(Number.isNaN(a.df(x, p)), `${a.name}'(${x})`).toBe(false);
      }
    }
  });

  test('ids are stable indices, names unique, aliases resolve', () => {
    ACTIVATIONS.forEach((a, i) => expect(a.id).toBe(i));
    expect(new Set(ACTIVATIONS.map((a) => a.name)).size).toBe(ACTIVATIONS.length);
    expect(findActivation('SiLU')?.name).toBe('swish');
    expect(findActivation('nope')).toBeUndefined();
  });

  test('the generated WGSL has one case per activation in both switches', () => {
    const wgsl = activationWgsl();
    for (const a of ACTIVATIONS) expect(wgsl.split(`case ${a.id}u:`).length - 1).toBe(2);
    expect(wgsl).toContain('fn act_f(kind: u32, x: f32, p: f32) -> f32');
    expect(wgsl).toContain('fn act_df(kind: u32, x: f32, p: f32) -> f32');
  });
});
