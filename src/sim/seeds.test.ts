import { describe, expect, it } from 'vitest';
import { bornDeadProbability } from './born-dead';
import { ConfigError, checkSeedRange, normalizeConfig } from './config';
import { readField } from './config-fields';
import { runReference } from './cpu-engine';
import { aggregateSeeds, logQuantiles, quantiles, runSeeds } from './seeds';
import type { LayerStats, SimResult } from './stats';

function layer(l: number, deltaRms: number, zeroFraction = 0.5, nonFinite = false, deltaZeroCause: LayerStats['deltaZeroCause'] = 'fprime'): LayerStats {
  return {
    layer: l, deltaRms, deltaLog10: Math.log10(deltaRms), deltaMaxAbs: 2 * deltaRms, belowFloat32: false, deltaZeroFraction: 0.5, deltaZeroCause,
    preactStd: deltaRms + 1, preactLog10: Math.log10(deltaRms + 1), activationRms: 1, zeroFraction,
    deadFraction: 0, meanAbsFprime: 0.5, fprimeZeroFraction: 0.5, forwardNonFinite: false, nonFinite,
  };
}

function result(seed: number, layers: LayerStats[]): SimResult {
  const config = normalizeConfig({ depth: layers.length, width: 4, batch: 1, seed });
  return { config, engine: { kind: 'cpu' }, runs: [{ activation: 'relu', backward: null, layers }], timing: { ms: 1 } };
}

describe('quantiles', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    expect(quantiles([5, 1, 4, 2, 3])).toEqual({ median: 3, p10: 1.4, p25: 2, p75: 4, p90: 4.6 });
    const q = quantiles([10, 0, 20, 30]);
    expect(q.median).toBe(15);
    expect(q.p25).toBe(7.5);
    expect(q.p90).toBeCloseTo(27, 12);
    expect(quantiles([7]).p10).toBe(7);
    expect(quantiles([NaN, 1, 3]).median).toBe(2); // NaN left out
    expect(quantiles([]).median).toBeNaN();
  });

  it('takes deltaRms quantiles in log space: geometric interpolation, zeros stay 0', () => {
    const q = logQuantiles([1, 100, 10]);
    expect(q.median).toBeCloseTo(10, 12);
    expect(q.p25).toBeCloseTo(Math.sqrt(10), 12);
    expect(q.p90).toBeCloseTo(10 ** 1.8, 10);
    expect(logQuantiles([0, 0, 5]).median).toBe(0);
    expect(logQuantiles([Infinity, Infinity, 1]).median).toBe(Infinity);
    // Between a 0 and a positive value the interpolant in log space stays 0, never NaN.
    expect(logQuantiles([0, 5]).p25).toBe(0);
    expect(quantiles([-Infinity, 2]).median).toBe(-Infinity);
  });
});

describe('aggregateSeeds', () => {
  it('puts per-layer medians in layers and bands in seedBands', () => {
    const rs = [
      result(1, [layer(1, 1), layer(2, 1, 1, false, 'dead-layer')]),
      result(2, [layer(1, 100), layer(2, 4, 0.5, true)]),
      result(3, [layer(1, 10), layer(2, 16, 1, false, 'dead-layer')]),
    ];
    const agg = aggregateSeeds(rs);
    expect(agg.seeds).toEqual({ first: 1, count: 3 });
    const run = agg.runs[0];
    expect(run.layers[0].deltaRms).toBeCloseTo(10, 12);
    expect(run.layers[0].preactStd).toBe(11);
    expect(run.layers[1].deltaRms).toBeCloseTo(4, 12);
    expect(run.layers[1].nonFinite).toBe(true);
    // deltaLog10's quantiles are linear in the logarithm: the same median.
    expect(run.layers[0].deltaLog10).toBeCloseTo(1, 12);
    expect(run.seedBands![0].deltaLog10.p25).toBeCloseTo(0.5, 12);
    // An enumerated statistic takes the most common value.
    expect(run.layers[1].deltaZeroCause).toBe('dead-layer');
    expect(run.layers[0].deltaZeroCause).toBe('fprime');
    const band = run.seedBands![1];
    expect(band.seeds).toBe(3);
    expect(band.deltaRms.p25).toBeCloseTo(2, 12); // between 1 and 4 geometrically
    expect(band.allZeroFraction).toBeCloseTo(2 / 3, 15);
    expect(band.nonFiniteFraction).toBeCloseTo(1 / 3, 15);
    expect(run.seedBands![0].allZeroFraction).toBe(0);
  });
});

describe('runSeeds', () => {
  it('runs seed, seed+1, … and the all-zero fraction follows the born-dead law (batch 1, n = 4, L = 12)', async () => {
    const count = 400;
    const config = normalizeConfig({ activations: ['relu'], init: 'he-normal', depth: 12, width: 4, batch: 1, seed: 50 });
    const seen: number[] = [];
    const agg = await runSeeds(config, count, (c, o) => { seen.push(c.seed); return runReference(c, o); });
    expect(seen[0]).toBe(50);
    expect(seen[count - 1]).toBe(50 + count - 1);
    const bands = agg.runs[0].seedBands!;
    for (const l of [1, 6, 12]) {
      const p = bornDeadProbability(4, l);
      const sd = Math.sqrt((p * (1 - p)) / count);
      expect(Math.abs(bands[l - 1].allZeroFraction - p)).toBeLessThan(4.5 * sd + 1 / count);
    }
  });

  it('rejects bad seed counts with one line', () => {
    expect(() => readField('sim', 'seeds', 0)).toThrow(ConfigError);
    expect(() => readField('sim', 'seeds', '2.5')).toThrow(/integer/);
    expect(() => checkSeedRange(0xffffffff, 3)).toThrow(/largest seed/);
    expect(readField('sim', 'seeds', '8')).toBe(8);
  });
});
