import { describe, expect, test } from 'vitest';
import { formatLog10, formatValue, tableLayers, toCsv } from './format';
import { perLayerGain } from './gain';
import { adapterLabel, type RunResult } from './stats';

describe('text renderings', () => {
  test('numbers keep Inf, NaN and exact zero visible', () => {
    expect([NaN, Infinity, -Infinity, 0, 0.5, 1234.5678, 1e-9].map((x) => formatValue(x))).toEqual(
      ['NaN', 'Infinity', '-Infinity', '0', '0.5', '1235', '1.000e-9'],
    );
  });

  test('a logarithm is written as the number it stands for, far beyond float64', () => {
    expect(formatLog10(Math.log10(0.25))).toBe('0.25');
    expect(formatLog10(-Infinity)).toBe('0');
    expect(formatLog10(-1254.3)).toBe('5.012e-1255');
    expect(formatLog10(451.00001)).toBe('1.000e+451');
    expect(formatLog10(-400 + Math.log10(9.99995))).toBe('1.000e-399');
  });

  test('the table shows every layer of a shallow net, and the first and last of a deep one', () => {
    expect(tableLayers(5)).toEqual([1, 2, 3, 4, 5]);
    const deep = tableLayers(1000, 40);
    expect(deep[0]).toBe(1);
    expect(deep[deep.length - 1]).toBe(1000);
    expect(deep.length).toBeLessThanOrEqual(41);
  });

  test('the mean per-layer gain is the geometric mean of δ rms ratios', () => {
    const run = { activation: 'relu', backward: null, layers: [8, 4, 2, 1].map((d, i) => ({ layer: i + 1, deltaRms: d, deltaLog10: Math.log10(d) })) } as unknown as RunResult;
    expect(perLayerGain(run)).toBeCloseTo(2, 12);
  });

  test('CSV writes one row per layer and run, non-finite values as words', () => {
    const layer = (l: number, d: number) => ({
      layer: l, deltaRms: d, deltaLog10: Math.log10(d), deltaMaxAbs: d, belowFloat32: false, deltaZeroFraction: 0, deltaZeroCause: 'none' as const,
      preactStd: 1, preactLog10: 0, activationRms: 1, zeroFraction: 0, deadFraction: 0, meanAbsFprime: 1, fprimeZeroFraction: 0, forwardNonFinite: false, nonFinite: !Number.isFinite(d),
    });
    const csv = toCsv({ runs: [{ activation: 'linear', backward: null, layers: [layer(1, NaN), layer(2, Infinity), layer(3, 0.25)] }] });
    const rows = csv.trim().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[1].split(',').slice(0, 4)).toEqual(['linear', '', '1', 'NaN']);
    expect(rows[2].split(',')[3]).toBe('Infinity');
    expect(rows[3].split(',')[3]).toBe('0.25');
  });

  test('every adapter label says when the adapter is software or a fallback', () => {
    const base = { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: false, isSoftware: true };
    expect(adapterLabel(base)).toBe('google / swiftshader (software/fallback adapter: not a GPU speed reference)');
    expect(adapterLabel({ ...base, vendor: 'nvidia', architecture: 'hopper', isSoftware: false })).toBe('nvidia / hopper');
    expect(adapterLabel({ ...base, vendor: 'x', architecture: '', isSoftware: false, isFallbackAdapter: true })).toMatch(/software\/fallback/);
  });
});
