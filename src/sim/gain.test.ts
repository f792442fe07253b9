import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BADGE_RULE, gradientBadge, runGain, trendOf } from './gain';
import type { DeltaZeroCause, RunResult } from './stats';

/** A run whose layers have these deltaLog10 values (layer 1 first). */
function run(logs: number[], cause: DeltaZeroCause = 'none'): RunResult {
  return { activation: 'relu', backward: null, layers: logs.map((deltaLog10, i) => ({ layer: i + 1, deltaLog10, deltaZeroCause: cause })) } as unknown as RunResult;
}

describe('badges from the measured gain', () => {
  test('the total gain over the depth decides, at 10^−1, 10^1 and 10^3', () => {
    expect([-1.01, -1, 0, 1, 1.01, 3, 3.01].map(trendOf)).toEqual(['vanishes', 'holds', 'holds', 'holds', 'grows', 'grows', 'explodes']);
    // PReLU with He init at depth 100: ×33 is growth, not "holds".
    expect(gradientBadge(run([Math.log10(33), 0.5, 0])).kind).toBe('grows');
    const g = runGain(run([-6, -3, 0]))!;
    expect(g.totalLog10).toBe(-6);
    expect(g.perLayer).toBeCloseTo(1e-3, 12);
  });

  test('δ exactly 0 at layer 1 shows 0 and its cause; Inf and NaN say so', () => {
    expect(gradientBadge(run([-Infinity, -Infinity, 0], 'zero-weights')).text).toBe('0: zero weights');
    expect(gradientBadge(run([-Infinity, 0], 'dead-layer')).text).toBe('0: dead layer');
    expect(gradientBadge(run([Infinity, 0])).text).toBe('explodes (Inf)');
    expect(gradientBadge(run([NaN, 0])).kind).toBe('nan');
    // Far beyond float64 the log still decides.
    expect(gradientBadge(run([-62000, 0])).kind).toBe('vanishes');
  });

  test('the README quotes the one rule (the app shows it under its key numbers: tests/browser/ui-app.test.ts)', () => {
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toContain(BADGE_RULE);
  });
});
