import { describe, expect, test } from 'vitest';
import { layerRanges } from '../sim/notes';
import { FPRIME_BINS, fprimeBin, type DeltaZeroCause, type LayerStats, type RunResult } from '../sim/stats';
import { colorOf, colorOfLog10, log10Range, logRange, viridis, ZERO_COLOR, INF_COLOR, NAN_COLOR } from './colormap';
import {
  FPRIME_FLOOR, bornDeadComparison, decadeTickLabel, decadeTicks, decayBands, decayNotes, float32Bands, fprimeBands, histQuantile, log10Series, logSeries,
  predictionLine,
} from './chart-data';
import { normalizeConfig, type RawConfig } from '../sim/config';
import { activationLabel } from './palette';
import { runReference } from '../sim/cpu-engine';
import { runSeeds } from '../sim/seeds';
import { layerTheory } from '../sim/layer-theory';

/** Layers with these deltaLog10 values; `cause` where δ is exactly 0 (deltaLog10 = −Infinity). */
function layers(logs: number[], opts: { nonFinite?: boolean[]; forward?: boolean[]; cause?: DeltaZeroCause; below?: number } = {}): LayerStats[] {
  return logs.map((deltaLog10, i) => ({
    layer: i + 1, deltaRms: 10 ** deltaLog10, deltaLog10, deltaMaxAbs: 10 ** deltaLog10, belowFloat32: i < (opts.below ?? 0),
    deltaZeroFraction: deltaLog10 === -Infinity ? 1 : 0, deltaZeroCause: deltaLog10 === -Infinity ? opts.cause ?? 'zero-weights' : 'none',
    streamGradRms: 1, streamGradLog10: 0,
    preactStd: 1, preactLog10: 0, activationRms: 1, zeroFraction: 0, deadFraction: 0,
    meanAbsFprime: 1, fprimeZeroFraction: 0, forwardNonFinite: opts.forward?.[i] ?? false,
    nonFinite: opts.nonFinite?.[i] ?? (!Number.isFinite(deltaLog10) && deltaLog10 !== -Infinity),
  }));
}

/** A run as the decay chart names it: by its activation's label. */
const named = (run: RunResult) => ({ run, label: activationLabel(run.activation) });

describe('decay chart data', () => {
  test('values without a finite logarithm become gaps, and the notes name them with their cause', () => {
    expect(logSeries([1, 0, Infinity, NaN, 1e-40])).toEqual([1, null, null, null, 1e-40]);
    expect(log10Series([-3000, -Infinity, Infinity, NaN, 2])).toEqual([-3000, null, null, null, 2]);
    const zero: RunResult = { activation: 'tanh', backward: null, layers: layers([-Infinity, -Infinity, -Infinity, -30, 0]) };
    expect(decayNotes([named(zero)])).toEqual(['tanh: δ is exactly 0 in layers 1–3: the weights are all 0, so Wᵀδ is 0 below the output.']);
    const dead: RunResult = { activation: 'relu', backward: null, layers: layers([-Infinity, -Infinity, -1, 0], { cause: 'dead-layer' }) };
    expect(decayNotes([named(dead)])[0]).toBe('ReLU: δ is exactly 0 in layers 1–2: every unit of layer 2 is off (f′ = 0) for every input of the batch, and a 0 stays 0 below it.');
    // Nothing says underflow where the zeros are structural.
    expect(decayNotes([named(zero), named(dead)]).join(' ')).not.toMatch(/underflow|float32/);
    const deep: RunResult = { activation: 'sigmoid', backward: null, layers: layers([-1200, -600, -37, -1, 0], { below: 3 }) };
    expect(decayNotes([named(deep)])).toEqual([
      'sigmoid: a plain float32 network would hold δ = 0 in layers 1–3 (max |δ| below float32\'s smallest normal, 2⁻¹²⁶ ≈ 1.2e−38); here δ carries its exponent.',
    ]);
    expect(float32Bands(deep)).toEqual([[1, 3]]);
    const wild: RunResult = {
      activation: 'linear', backward: null,
      layers: layers([NaN, Infinity, Infinity, 5, 1], { nonFinite: [true, true, true, true, true], forward: [false, false, false, true, true] }),
    };
    // A prediction that does not follow the network says so beside its line (the theory atlas, #11).
    const softplus = normalizeConfig({ activations: 'softplus', init: 'he-normal', depth: 100, width: 512 });
    const theory = layerTheory(softplus, softplus.activations[0]);
    expect(decayNotes([{ run: deep, label: 'softplus', theory }]).at(-1)).toMatch(/^softplus, the dashed theory line: .*gradient-independence assumption .* fails/);
    const notes = decayNotes([named(wild)]).join('\n');
    // Each says where it starts (#15 item 12): δ going down from the output, the forward pass going up.
    expect(notes).toContain('linear: δ overflows to Inf in layers 2–3, first at layer 3 going down.');
    expect(notes).toContain('linear: δ is NaN in layer 1, first at layer 1 going down.');
    expect(notes).toContain('linear: the forward pass holds Inf or NaN in layers 4–5, first at layer 4 going up');
    expect(layerRanges(layers([-Infinity, 1, -Infinity, -Infinity, 1, -Infinity]), (s) => s.deltaRms === 0)).toEqual([[1, 1], [3, 4], [6, 6]]);
  });

  test('the log axis ticks whole decades, about seven of them, at any span', () => {
    expect(decadeTicks(-3, 1)).toEqual([-3, -2, -1, 0, 1]);
    expect(decadeTicks(-1259, 1)).toEqual([-1200, -1000, -800, -600, -400, -200, 0]);
    for (const [lo, hi] of [[-62000, 0], [-40, 2], [0.2, 0.8], [-5, 451]]) {
      const t = decadeTicks(lo, hi);
      expect(t.length, `${lo}…${hi}`).toBeLessThanOrEqual(8);
      for (const e of t) { expect(Number.isInteger(e)).toBe(true); expect(e).toBeGreaterThanOrEqual(lo); expect(e).toBeLessThanOrEqual(hi); }
    }
    expect([-3, -2, 0, 3, 4, -600].map(decadeTickLabel)).toEqual(['1e-3', '0.01', '1', '1000', '1e4', '1e-600']);
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
  test('a log scale over logarithms: δ far below float64 still has a colour, an exact 0 has its own', () => {
    const logs = [-4000, -2000, 0, -Infinity, Infinity, NaN];
    const range = log10Range(logs);
    expect(range).toEqual({ lo: -4000, hi: 0, any: true });
    expect(colorOfLog10(-2000, range)).toEqual(viridis(0.5));
    expect(colorOfLog10(-Infinity, range)).toEqual(ZERO_COLOR);
    expect(colorOfLog10(Infinity, range)).toEqual(INF_COLOR);
    expect(colorOfLog10(NaN, range)).toEqual(NAN_COLOR);
  });

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
  test('decay bands are the quantiles over the seeds\' own deltaLog10, null for one seed', async () => {
    const config = normalizeConfig({ activations: ['tanh'], depth: 8, width: 8, batch: 2, seed: 3 });
    const agg = await runSeeds(config, 5, runReference);
    const bands = decayBands(agg.runs[0]);
    if (!bands) throw new Error('no bands');
    // Five seeds: the 25 % quantile (type 7) is the 2nd smallest, the 75 % one the 4th; p10/p90 interpolate in log space.
    for (let l = 0; l < 8; l++) {
      const per = [0, 1, 2, 3, 4].map((k) => runReference({ ...config, seed: 3 + k }).runs[0].layers[l].deltaRms).sort((a, b) => a - b);
      expect(10 ** (bands.p25[l] as number) / per[1] - 1).toBeCloseTo(0, 12);
      expect(10 ** (bands.p75[l] as number) / per[3] - 1).toBeCloseTo(0, 12);
      expect(10 ** (bands.p10[l] as number) / Math.exp(0.6 * Math.log(per[0]) + 0.4 * Math.log(per[1])) - 1).toBeCloseTo(0, 12);
      expect(agg.runs[0].layers[l].deltaRms).toBeCloseTo(per[2], 12);
    }
    expect(decayBands(runReference(config).runs[0])).toBeNull();
  });

  test('born-dead comparison: relu, batch 1, zero bias, several seeds; the fraction of seeds dead at the output', async () => {
    const config = normalizeConfig({ activations: ['relu', 'tanh'], depth: 20, width: 3, batch: 1, seed: 1 });
    const agg = await runSeeds(config, 40, runReference);
    const c = bornDeadComparison(agg);
    if (!c) throw new Error('no comparison');
    let dead = 0;
    for (let k = 0; k < 40; k++) if (runReference({ ...config, seed: 1 + k }).runs[0].layers[19].zeroFraction === 1) dead++;
    expect(c.deadSeeds).toBe(dead);
    expect(c.simulated).toBe(dead / 40);
    expect(c.predicted).toBeCloseTo(1 - (1 - 1 / 8) ** 20, 12);
    expect(bornDeadComparison(runReference(config))).toBeNull();
    expect(bornDeadComparison(await runSeeds({ ...config, batch: 2 }, 3, runReference))).toBeNull();
    expect(bornDeadComparison(await runSeeds({ ...config, sigmaB2: 0.1 }, 3, runReference))).toBeNull();
    expect(bornDeadComparison(await runSeeds({ ...config, activations: config.activations.slice(1) }, 3, runReference))).toBeNull();
  });
});

describe('the theory line of each architecture', () => {
  test('a plain and a BatchNorm ReLU net draw theirs; a residual ReLU stream without a normalization has none, and its note says why', () => {
    const line = (raw: RawConfig) => {
      const c = normalizeConfig({ activations: 'relu', depth: 6, width: 16, batch: 4, ...raw });
      const t = layerTheory(c, c.activations[0]);
      return { line: predictionLine(t.deltaLog10, c.depth), note: t.run.note ?? '' };
    };
    expect(line({}).line).toHaveLength(6);
    expect(line({ norm: 'batch' }).line).toHaveLength(6);
    expect(line({ residual: 1 }).line).toBeNull();
    expect(line({ residual: 1 }).note).toMatch(/no prediction of δ and g/);
    expect(predictionLine([0, -1], 3)).toBeNull();
  });
});
