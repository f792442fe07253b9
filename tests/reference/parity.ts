/**
 * Two engines' statistics for one configuration compared per statistic, shared by the unit tests
 * (`cpu` against `reference`) and the GPU tests (`webgpu` against `reference`). THE list of
 * statistics compared comes from the schema (src/sim/stats.ts): every engine statistic with its
 * parity class, so a new statistic is compared without touching this file. `continuous` ones with a
 * relative tolerance (plus a tiny absolute floor); `log10` ones (logarithms) with the same relative
 * tolerance in decades, rel / ln 10; `fraction` ones (fractions of counts) with an absolute one,
 * since float32 rounding may flip an entry sitting at a kink (e.g. s ≈ 0 for relu); `exact` ones equal.
 */
import { expect } from 'vitest';
import { parityList } from '../../src/sim/stat-schema';
import { LAYER_STATS, type SimResult } from '../../src/sim/stats';

export const PARITY = parityList(LAYER_STATS);

export interface Tolerance {
  /** Relative tolerance for continuous statistics. */
  rel: number;
  /** Absolute floor (for values near 0). */
  abs?: number;
  /** Allowed difference in fraction statistics. */
  fraction?: number;
}

/**
 * Asserts that `result` holds `ref`'s statistics within `tol`, and returns, per statistic, the
 * worst difference seen in the unit its class is compared in: relative (continuous, beyond the
 * absolute floor), decades (log10), absolute (fraction); 0 for exact ones (they are equal).
 */
export function expectSameStats(result: SimResult, ref: SimResult, tol: Tolerance, label: string): Map<string, number> {
  const worst = new Map(PARITY.map(({ name }) => [name, 0]));
  const note = (k: string, d: number): void => void worst.set(k, Math.max(worst.get(k)!, d));
  expect(result.runs.length).toBe(ref.runs.length);
  ref.runs.forEach((r, ri) => {
    const g = result.runs[ri];
    expect(g.activation).toBe(r.activation);
    expect(g.layers.length).toBe(r.layers.length);
    r.layers.forEach((c, li) => {
      const x = g.layers[li] as unknown as Record<string, number | boolean | string | undefined>;
      const want = c as unknown as Record<string, number | boolean | string | undefined>;
      const where = `${label} ${r.activation} layer ${c.layer}`;
      for (const { name: k, parity } of PARITY) {
        const a = want[k];
        const b = x[k];
        // An optional statistic (weightGradRms without weightGrads) is absent from both.
        if (a === undefined) { expect(b, `${where} ${k}`).toBeUndefined(); continue; }
        if (parity === 'exact') { expect(b, `${where} ${k}`).toBe(a); continue; }
        expect(b, `${where} ${k}`).toBeTypeOf('number');
        const [ga, gb] = [a as number, b as number];
        if (parity === 'fraction') {
          note(k, Math.abs(gb - ga));
          expect(Math.abs(gb - ga), `${where} ${k}: ${result.engine.kind} ${gb} ${ref.engine.kind} ${ga}`).toBeLessThanOrEqual(tol.fraction ?? 0);
          continue;
        }
        if (!Number.isFinite(ga)) { expect(String(gb), `${where} ${k}`).toBe(String(ga)); continue; }
        const floor = tol.abs ?? 1e-30;
        note(k, parity === 'log10' ? Math.abs(gb - ga) : Math.max(0, Math.abs(gb - ga) - floor) / Math.abs(ga || 1));
        const bound = parity === 'log10' ? tol.rel / Math.LN10 : tol.rel * Math.abs(ga) + floor;
        expect(Math.abs(gb - ga), `${where} ${k}: ${result.engine.kind} ${gb} ${ref.engine.kind} ${ga}`).toBeLessThanOrEqual(bound);
      }
    });
  });
  return worst;
}
