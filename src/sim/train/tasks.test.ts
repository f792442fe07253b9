import { describe, expect, test } from 'vitest';
import { generateTask, makeTeacher } from './tasks';
import { normalizeTrainConfig, TASK_NAMES } from './train-config';

const cfg = (task: string, extra = {}) => normalizeTrainConfig({ task, trainSize: 200, testSize: 100, ...extra });
const labelOf = (y: Float32Array, i: number, k: number): number => {
  let best = 0;
  for (let c = 1; c < k; c++) if (y[i * k + c] > y[i * k + best]) best = c;
  return best;
};

describe('tasks', () => {
  test.each(TASK_NAMES)('%s: deterministic from the seed, train and test differ, another seed differs', (task) => {
    const a = generateTask(cfg(task)), b = generateTask(cfg(task)), c = generateTask(cfg(task, { seed: 2 }));
    expect(b.train.x).toEqual(a.train.x);
    expect(b.train.y).toEqual(a.train.y);
    expect(a.train.x.subarray(0, 200)).not.toEqual(a.test.x.subarray(0, 200));
    expect(c.train.x).not.toEqual(a.train.x);
    expect(a.train.x.length).toBe(400);
    expect(a.test.y.length).toBe(100 * a.outputs);
    for (const v of a.train.x) expect(Math.abs(v)).toBeLessThan(1.5);
  });

  test('xor: class 1 exactly when x₁·x₂ > 0, at least 0.1 from the axes, balanced', () => {
    const t = generateTask(cfg('xor'));
    let ones = 0;
    for (let i = 0; i < 200; i++) {
      const [x, y] = [t.train.x[2 * i], t.train.x[2 * i + 1]];
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.1 - 1e-7);
      expect(labelOf(t.train.y, i, 2)).toBe(x * y > 0 ? 1 : 0);
      ones += labelOf(t.train.y, i, 2);
    }
    expect(ones).toBe(100);
  });

  test('circles: class 0 inside radius 0.5, class 1 in the ring 0.7 … 1', () => {
    const t = generateTask(cfg('circles'));
    for (let i = 0; i < 200; i++) {
      const r = Math.hypot(t.train.x[2 * i], t.train.x[2 * i + 1]);
      if (labelOf(t.train.y, i, 2) === 0) expect(r).toBeLessThanOrEqual(0.5 + 1e-6);
      else expect(r).toBeGreaterThanOrEqual(0.7 - 1e-6);
    }
  });

  test('spirals: radius grows with angle along each arm, the arms are half a turn apart', () => {
    const t = generateTask(cfg('spirals'));
    for (let i = 0; i < 200; i++) {
      const [x, y] = [t.train.x[2 * i], t.train.x[2 * i + 1]];
      const r = Math.hypot(x, y);
      const tt = (r - 0.05) / 0.95;
      const theta = 1.75 * 2 * Math.PI * tt + labelOf(t.train.y, i, 2) * Math.PI;
      expect(x).toBeCloseTo(r * Math.cos(theta), 4);
      expect(y).toBeCloseTo(r * Math.sin(theta), 4);
    }
  });

  test('gaussians: k classes whose means sit on a circle of radius 0.65', () => {
    const k = 5;
    const t = generateTask(cfg('gaussians', { classes: k, trainSize: 5000 }));
    expect(t.outputs).toBe(k);
    const sum = Array.from({ length: k }, () => [0, 0, 0]);
    for (let i = 0; i < 5000; i++) {
      const c = labelOf(t.train.y, i, k);
      sum[c][0] += t.train.x[2 * i];
      sum[c][1] += t.train.x[2 * i + 1];
      sum[c][2]++;
    }
    for (let c = 0; c < k; c++) {
      expect(sum[c][2]).toBe(1000);
      expect(sum[c][0] / 1000).toBeCloseTo(0.65 * Math.cos((2 * Math.PI * c) / k), 1);
      expect(sum[c][1] / 1000).toBeCloseTo(0.65 * Math.sin((2 * Math.PI * c) / k), 1);
    }
  });

  test('teacher: targets equal an independent float64 evaluation of the teacher network', () => {
    const t = generateTask(cfg('teacher'));
    const teacher = makeTeacher(1, 1);
    for (let i = 0; i < 20; i++) {
      let h = [t.train.x[2 * i], t.train.x[2 * i + 1]];
      for (let l = 0; l < teacher.weights.length; l++) {
        const nIn = teacher.dims[l], nOut = teacher.dims[l + 1];
        const out: number[] = [];
        for (let o = 0; o < nOut; o++) {
          let s = teacher.biases[l][o];
          for (let j = 0; j < nIn; j++) s += teacher.weights[l][o * nIn + j] * h[j];
          out.push(l === teacher.weights.length - 1 ? s : Math.tanh(s));
        }
        h = out;
      }
      expect(t.train.y[i]).toBeCloseTo(h[0], 5);
    }
    // The targets vary: a teacher that is constant would make the task trivial.
    const ys = Array.from(t.train.y);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.5);
  });
});
