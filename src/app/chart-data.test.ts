import { describe, expect, test } from 'vitest';
import { FPRIME_BINS, fprimeBin, type LayerStats, type RunResult } from '../sim/stats';
import { colorOf, logRange, viridis, ZERO_COLOR, INF_COLOR, NAN_COLOR } from './colormap';
import { FPRIME_FLOOR, bornDeadComparison, decayBands, decayNotes, fprimeBands, histQuantile, layerRanges, logSeries } from './chart-data';
import { normalizeConfig } from '../sim/config';
import { runCpu } from '../sim/cpu-engine';
import { runSeeds } from '../sim/seeds';

function layers(values: number[], nonFinite: boolean[] = []): LayerStats[] {
  return values.map((deltaRms, i) => ({
    layer: i + 1, deltaRms, deltaMaxAbs: deltaRms, preactStd: 1, activationRms: 1, zeroFraction: 0, deadFraction: 0,
    meanAbsFprime: 1, fprimeZeroFraction: 0, nonFinite: nonFinite[i] ?? !Number.isFinite(deltaRms),
  }));
}

describe('decay chart data', () => {
  test('values a log axis cannot show become gaps, and the notes name them', () => {
    expect(logSeries([1, 0, Infinity, NaN, 1e-40])).toEqual([1, null, null, null, 1e-40]);
    const run: RunResult = { activation: 'tanh', backward: null, layers: layers([0, 0, 0, 1e-30, 1]) };
    expect(decayNotes([run])).toEqual(['tanh: δ underflows to exactly 0 below layer 4 (layers 1–3); float32 cannot hold it.']);
    const wild: RunResult = { activation: 'linear', backward: null, layers: layers([NaN, Infinity, Infinity, 5, 1], [true, true, true, true, false]) };
    const notes = decayNotes([wild]).join('\n');
    expect(notes).toContain('linear: δ overflows to Inf in layers 2–3.');
    expect(notes).toContain('linear: δ is NaN in layer 1.');
    expect(notes).toContain('linear: the forward pass holds Inf or NaN in layer 4');
    expect(layerRanges(layers([0, 1, 0, 0, 1, 0]), (s) => s.deltaRms === 0)).toEqual([[1, 1], [3, 4], [6, 6]]);
  });
});

describe('f′ quantiles from the histogram', () => {
  test('quantiles fall in the bins that hold them', () => {
    // 100 values: 50 exact zeros (relu's f′), 50 ones.
    const row = new Uint32Array(FPRIME_BINS);
    row[0] = 50;
    row[fprimeBin(1)] = 50;
    expect(histQuantile(row, 0.25)).toBe(FPRIME_FLOOR);
    const q75 = histQuantile(row, 0.75);
    expect(fprimeBin(q75)).toBe(fprimeBin(1));
    // Sigmoid-like: every value 0.2 → every quantile in 0.2's bin.
    const sig = new Uint32Array(FPRIME_BINS * 2);
    sig[fprimeBin(0.2)] = 10;
    sig[FPRIME_BINS + fprimeBin(0.01)] = 10;
    const bands = fprimeBands(sig, 2);
    for (const q of bands.quantiles) {
      expect(fprimeBin(q[0])).toBe(fprimeBin(0.2));
      expect(fprimeBin(q[1])).toBe(fprimeBin(0.01));
    }
    expect(bands.zeroFraction).toEqual([0, 0]);
  });
});

describe('heatmap colours', () => {
  test('log scale from the smallest to the largest positive value; specials have their own colours', () => {
    const data = [1e-8, 1e-4, 1, 0, Infinity, NaN];
    const range = logRange(data);
    expect(range).toEqual({ lo: -8, hi: 0, any: true });
    expect(colorOf(1e-8, range)).toEqual(viridis(0));
    expect(colorOf(1, range)).toEqual(viridis(1));
    expect(colorOf(1e-4, range)).toEqual(viridis(0.5));
    expect(colorOf(0, range)).toEqual(ZERO_COLOR);
    expect(colorOf(Infinity, range)).toEqual(INF_COLOR);
    expect(colorOf(NaN, range)).toEqual(NAN_COLOR);
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
  });
});

describe('multi-seed chart data', () => {
  test('decay bands are the quantiles over the seeds\' own deltaRms (log space), null for one seed', async () => {
    const config = normalizeConfig({ activations: ['tanh'], depth: 8, width: 8, batch: 2, seed: 3 });
    const agg = await runSeeds(config, 5, runCpu);
    const bands = decayBands(agg.runs[0]);
    if (!bands) throw new Error('no bands');
    // Five seeds: the 25 % quantile (type 7) is the 2nd smallest, the 75 % one the 4th; p10/p90 interpolate in log space.
    for (let l = 0; l < 8; l++) {
      const per = [0, 1, 2, 3, 4].map((k) => runCpu({ ...config, seed: 3 + k }).runs[0].layers[l].deltaRms).sort((a, b) => a - b);
      expect(bands.p25[l]).toBeCloseTo(per[1], 12);
      expect(bands.p75[l]).toBeCloseTo(per[3], 12);
      expect(bands.p10[l] as number / Math.exp(0.6 * Math.log(per[0]) + 0.4 * Math.log(per[1])) - 1).toBeCloseTo(0, 12);
      expect(agg.runs[0].layers[l].deltaRms).toBeCloseTo(per[2], 12);
    }
    expect(decayBands(runCpu(config).runs[0])).toBeNull();
  });

  test('born-dead comparison: relu, batch 1, zero bias, several seeds; the fraction of seeds dead at the output', async () => {
    const config = normalizeConfig({ activations: ['relu', 'tanh'], depth: 20, width: 3, batch: 1, seed: 1 });
    const agg = await runSeeds(config, 40, runCpu);
    const c = bornDeadComparison(agg);
    if (!c) throw new Error('no comparison');
    let dead = 0;
    for (let k = 0; k < 40; k++) if (runCpu({ ...config, seed: 1 + k }).runs[0].layers[19].zeroFraction === 1) dead++;
    expect(c.deadSeeds).toBe(dead);
    expect(c.simulated).toBe(dead / 40);
    expect(c.predicted).toBeCloseTo(1 - (1 - 1 / 8) ** 20, 12);
    expect(bornDeadComparison(runCpu(config))).toBeNull();
    expect(bornDeadComparison(await runSeeds({ ...config, batch: 2 }, 3, runCpu))).toBeNull();
    expect(bornDeadComparison(await runSeeds({ ...config, sigmaB2: 0.1 }, 3, runCpu))).toBeNull();
    expect(bornDeadComparison(await runSeeds({ ...config, activations: config.activations.slice(1) }, 3, runCpu))).toBeNull();
  });
});
