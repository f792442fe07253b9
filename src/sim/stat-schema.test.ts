/** The schema machinery: merging partial accumulators equals one pass over all values (float64 sums). */
import { describe, expect, test } from 'vitest';
import { ACC_KINDS, emptyRecord, mergeRecord, type AccTable } from './stat-schema';
import { ScaledSum } from './stats';

const TABLE = {
  ss: { kind: 'scaledSum', by: 'k' },
  sq: { kind: 'scaled', by: 'k' },
  n: { kind: 'count', by: 'k' },
  total: { kind: 'sum', by: 'k' },
} as const satisfies AccTable;

function recordOf(xs: number[]) {
  const s = new ScaledSum();
  for (const x of xs) s.add(x);
  return { ss: { scale: s.scale, ssq: s.ssq, sum: s.sum }, sq: { scale: s.scale, ssq: s.ssq }, n: xs.length, total: xs.reduce((a, b) => a + b, 0) };
}

describe('accumulator kinds', () => {
  test('merging two partial records gives Σx², Σx, the count and the sum of the union', () => {
    const a = [1e20, -3e19, 2e18], b = [5e20, 7, -2e20];
    const m = mergeRecord(TABLE, recordOf(a), recordOf(b));
    const all = [...a, ...b];
    const sumSq = all.reduce((t, x) => t + x * x, 0);
    const sum = all.reduce((t, x) => t + x, 0);
    expect(m.ss.scale).toBe(5e20);
    expect(m.ss.scale ** 2 * m.ss.ssq).toBeCloseTo(sumSq, -28);
    expect(m.ss.scale ** 2 * m.ss.ssq / sumSq).toBeCloseTo(1, 12);
    expect(m.sq.scale ** 2 * m.sq.ssq / sumSq).toBeCloseTo(1, 12);
    expect(m.ss.scale * m.ss.sum / sum).toBeCloseTo(1, 12);
    expect(m.n).toBe(6);
    expect(m.total).toBe(a.reduce((t, x) => t + x, 0) + b.reduce((t, x) => t + x, 0));
  });

  test('an empty record is the identity of the merge', () => {
    const r = recordOf([2, -3]);
    expect(mergeRecord(TABLE, emptyRecord(TABLE), r)).toEqual(r);
    expect(mergeRecord(TABLE, r, emptyRecord(TABLE))).toEqual(r);
    expect(ACC_KINDS.scaled.merge(ACC_KINDS.scaled.zero(), ACC_KINDS.scaled.zero())).toEqual({ scale: 0, ssq: 0 });
  });
});
