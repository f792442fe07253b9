/**
 * δ with its carried exponent: the power-of-two helpers against their definitions, and the CPU
 * engine at depths where plain float32 (and float64) δ vanishes or explodes, against an independent
 * float64 reference that keeps its own logarithm, against a plain float32 network that flushes
 * subnormals, and against the mean-field slope.
 */
import { describe, expect, test } from 'vitest';
import { slope } from '../../tests/reference/fit';
import { getActivation } from './activations';
import { normalizeConfig, type RawConfig, type SimConfig } from './config';
import { runReference } from './cpu-engine';
import { FLOAT32_MIN_NORMAL, float32Bits, float32Exponent, mulPow2F32, scaleByPow2, scaleExponent } from './exponent';
import { Stream, normal, streamKey } from './generator';
import { generateInput, generateWeights } from './layers';
import { layerTheory } from './theory';

describe('power-of-two helpers', () => {
  test('k is the binary exponent of the max, 0 where no rescaling applies', () => {
    for (const x of [1, 1.5, 3.99, 0.25, 1e-30, 6e37, 2 ** -126, 2 ** 126 * 1.5]) {
      expect(scaleExponent(float32Bits(x)), `${x}`).toBe(Math.floor(Math.log2(Math.fround(x))));
    }
    expect(scaleExponent(float32Bits(3e38))).toBe(126); // 2^127 · 1.76, clamped: 2^−k stays a normal float
    for (const x of [0, 1e-40, Infinity, NaN]) expect(scaleExponent(float32Bits(x)), `${x}`).toBe(0);
    expect(float32Exponent(1e-40)).toBe(Math.floor(Math.log2(Math.fround(1e-40))));
    expect(float32Exponent(0)).toBe(-Infinity);
  });

  test('scaling by 2^e is exact, in float32 by steps and in float64 without intermediate overflow', () => {
    expect(mulPow2F32(1.25, -130)).toBe(Math.fround(1.25 * 2 ** -130));
    expect(mulPow2F32(3, 200)).toBe(Infinity);
    expect(mulPow2F32(3, -300)).toBe(0);
    expect(mulPow2F32(Math.fround(0.1), 125)).toBe(Math.fround(0.1) * 2 ** 125);
    expect(scaleByPow2(0.75, 1500)).toBe(Infinity);
    expect(scaleByPow2(2 ** 600, -1500)).toBe(2 ** -900);
    expect(scaleByPow2(0, 5000)).toBe(0);
  });
});

const rms = (a: Float64Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);

/**
 * An independent reference in float64: the forward pass (normalized by its own RMS each layer, with
 * log₁₀ of the scale kept, when `normalizeForward`), then δ from the random top, also divided by its
 * RMS at every layer with the logarithm carried. Returns log₁₀ deltaRms, log₁₀ preactStd and log₁₀
 * max |δ| per layer (index l − 1).
 */
function reference(c: SimConfig, normalizeForward: boolean): { delta: number[]; preact: number[]; maxLog10: number[] } {
  const { depth, width: n, batch } = c;
  const act = getActivation(c.activations[0].name);
  const init = c.init;
  const w = Array.from({ length: depth }, (_, i) => generateWeights(c.seed, i + 1, n, n, init));
  const s: Float64Array[] = [];
  const preact: number[] = [];
  let h = Float64Array.from(generateInput(c.seed, batch, n));
  let fwdLog = 0;
  for (let l = 0; l < depth; l++) {
    const sl = new Float64Array(batch * n);
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += w[l][i * n + j] * h[b * n + j];
        sl[b * n + i] = acc;
      }
    }
    const mean = sl.reduce((a, v) => a + v, 0) / sl.length;
    preact.push(Math.log10(Math.sqrt(sl.reduce((a, v) => a + (v - mean) ** 2, 0) / sl.length)) + fwdLog);
    if (normalizeForward) {
      const r = rms(sl);
      for (let k = 0; k < sl.length; k++) sl[k] /= r;
      fwdLog += Math.log10(r);
    }
    s.push(sl);
    h = sl.map((v) => act.f(v, 0));
  }
  const key = streamKey(c.seed, Stream.topDelta, depth);
  let d = Float64Array.from({ length: batch * n }, (_, k) => normal(key, k));
  let bwdLog = 0;
  const delta = new Array<number>(depth);
  const maxLog10 = new Array<number>(depth);
  for (let l = depth - 1; l >= 0; l--) {
    delta[l] = Math.log10(rms(d)) + bwdLog;
    maxLog10[l] = Math.log10(d.reduce((m, v) => Math.max(m, Math.abs(v)), 0)) + bwdLog;
    if (l === 0) break;
    const out = new Float64Array(batch * n);
    for (let b = 0; b < batch; b++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += w[l][i * n + j] * d[b * n + i];
        out[b * n + j] = acc * act.df(s[l - 1][b * n + j], 0);
      }
    }
    const r = rms(out);
    for (let k = 0; k < out.length; k++) out[k] /= r;
    bwdLog += Math.log10(r);
    d = out;
  }
  return { delta, preact, maxLog10 };
}

describe('δ at any depth on the CPU engine', () => {
  test('sigmoid at depth 1500 (δ reaches 1e−900): deltaLog10 equals a float64 log-space reference at every layer', () => {
    const c = normalizeConfig({ activations: 'sigmoid', init: 'lecun-normal', depth: 1500, width: 8, batch: 2, seed: 5 });
    const layers = runReference(c).runs[0].layers;
    const ref = reference(c, false);
    expect(ref.delta[0]).toBeLessThan(-900);
    let worst = 0;
    layers.forEach((s, i) => {
      const err = Math.abs(s.deltaLog10 - ref.delta[i]);
      worst = Math.max(worst, err);
      expect(err, `layer ${s.layer}: ${s.deltaLog10} vs ${ref.delta[i]}`).toBeLessThan(1e-4);
      // belowFloat32 from the reference's own max: below 2^−126 here or in a layer above.
      expect(s.belowFloat32, `layer ${s.layer}`).toBe(ref.maxLog10.slice(i).some((m) => m < Math.log10(FLOAT32_MIN_NORMAL)));
      expect(s.deltaZeroCause).toBe('none');
    });
    // float64 cannot hold δ there: deltaRms is 0 where deltaLog10 is below float64's range.
    expect(layers[0].deltaRms).toBe(0);
    console.info(`sigmoid depth 1500: max |Δ deltaLog10| against the float64 reference = ${worst.toExponential(2)}`);
  });

  test('ReLU exploding at σ_w² = 4, depth 3000 (10^±450, beyond float64): forward and backward rescaled, finite, equal to the reference', () => {
    const c = normalizeConfig({ activations: 'relu', sigmaW2: 4, depth: 3000, width: 16, batch: 4, seed: 2 });
    const layers = runReference(c).runs[0].layers;
    const ref = reference(c, true);
    for (const s of layers) {
      expect(s.nonFinite, `layer ${s.layer}`).toBe(false);
      expect(Number.isFinite(s.deltaLog10) && Number.isFinite(s.preactLog10), `layer ${s.layer}`).toBe(true);
      expect(Math.abs(s.deltaLog10 - ref.delta[s.layer - 1]), `layer ${s.layer} δ`).toBeLessThan(1e-3);
      expect(Math.abs(s.preactLog10 - ref.preact[s.layer - 1]), `layer ${s.layer} s`).toBeLessThan(1e-3);
    }
    expect(layers[0].deltaLog10).toBeGreaterThan(300);
    expect(layers[2999].preactLog10).toBeGreaterThan(300);
    expect(layers[0].deltaRms).toBe(Infinity); // beyond float64; deltaLog10 holds it
  });

  test('belowFloat32 is where a plain float32 network that flushes subnormals holds δ = 0', () => {
    const c = normalizeConfig({ activations: 'sigmoid', init: 'lecun-normal', depth: 120, width: 16, batch: 4, seed: 3 });
    const layers = runReference(c).runs[0].layers;
    // The plain network: every product and sum rounded to float32, anything below 2^−126 flushed to 0.
    const ftz = (x: number): number => { const y = Math.fround(x); return Math.abs(y) < FLOAT32_MIN_NORMAL ? 0 : y; };
    const { depth, width: n, batch } = c;
    const act = getActivation('sigmoid');
    const w = Array.from({ length: depth }, (_, i) => generateWeights(c.seed, i + 1, n, n, c.init));
    const s: Float32Array[] = [];
    let h = generateInput(c.seed, batch, n);
    for (let l = 0; l < depth; l++) {
      const sl = new Float32Array(batch * n);
      for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc = ftz(acc + ftz(w[l][i * n + j] * h[b * n + j]));
        sl[b * n + i] = acc;
      }
      s.push(sl);
      h = sl.map((v) => ftz(act.f(v, 0)));
    }
    const key = streamKey(c.seed, Stream.topDelta, depth);
    let d = Float32Array.from({ length: batch * n }, (_, k) => normal(key, k));
    const plainZero = new Array<boolean>(depth).fill(false);
    for (let l = depth - 1; l >= 1; l--) {
      const out = new Float32Array(batch * n);
      for (let b = 0; b < batch; b++) for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let i = 0; i < n; i++) acc = ftz(acc + ftz(w[l][i * n + j] * d[b * n + i]));
        out[b * n + j] = ftz(acc * ftz(act.df(s[l - 1][b * n + j], 0)));
      }
      d = out;
      plainZero[l - 1] = d.every((v) => v === 0);
    }
    const band = layers.filter((x) => x.belowFloat32).map((x) => x.layer);
    const zero = plainZero.flatMap((z, i) => (z ? [i + 1] : []));
    expect(band.length).toBeGreaterThan(40);
    // The plain network's zeros contain the band; flushing products that are below 2^−126 on their
    // own may zero it one layer earlier than the true max says, never more.
    expect(zero.slice(0, band.length)).toEqual(band);
    expect(zero.length - band.length).toBeLessThanOrEqual(1);
    // …while deltascope's δ is finite there.
    for (const l of band) expect(Number.isFinite(layers[l - 1].deltaLog10)).toBe(true);
  });

  /** Least-squares slope of deltaLog10 against the layer, and of the prediction, over the layers below the top ten. */
  function slopes(raw: RawConfig, act: string): { sim: number; theory: number; layers: ReturnType<typeof runReference>['runs'][0]['layers'] } {
    const c = normalizeConfig({ ...raw, activations: act });
    const layers = runReference(c).runs[0].layers.slice(0, -10);
    const xs = layers.map((l) => l.layer);
    return { sim: slope(layers.map((l) => l.deltaLog10), xs), theory: slope(layerTheory(c, c.activations[0]).deltaLog10.slice(0, -10), xs), layers };
  }

  test('sigmoid with LeCun init at depth 2000: deltaLog10 is a straight line of the mean-field slope', () => {
    // Per layer log₁₀ δ falls by −½ log₁₀ χ₁ ≈ 0.627 decades (χ₁ ≈ 0.0557). At finite width the mean of
    // log δ falls slightly faster than the log of the mean (≈ 0.37/width relative, measured at widths
    // 16–128): within 3 % at width 32.
    const { sim, theory, layers } = slopes({ init: 'lecun-normal', depth: 2000, width: 32, batch: 8, seed: 1 }, 'sigmoid');
    expect(layers.every((l) => Number.isFinite(l.deltaLog10))).toBe(true);
    expect(theory).toBeCloseTo(0.627, 3);
    expect(Math.abs(sim / theory - 1)).toBeLessThan(0.03);
  });

  test('ReLU at σ_w² = 4, depth 3000: δ grows by the predicted slope, forward and backward', () => {
    // Mean field: χ = σ_w²/2 = 2, so log₁₀ δ grows by ½ log₁₀ 2 ≈ 0.1505 per layer towards the input,
    // and so does log₁₀ of the preactivation's std forward. At width n the mean of ln ‖δ‖² grows by
    // ln χ − 5/(2n) per layer (K ~ Bin(n, ½) active units, E ln χ²_K ≈ ln(n/2) − 5/(2n); Hanin 2018):
    // the measured slope matches that within 0.004 decades per layer.
    const width = 64;
    const { sim, theory, layers } = slopes({ sigmaW2: 4, depth: 3000, width, batch: 4, seed: 1 }, 'relu');
    expect(-theory).toBeCloseTo(0.5 * Math.log10(2), 9);
    const corrected = 0.5 * (Math.LN2 - 5 / (2 * width)) / Math.LN10;
    expect(Math.abs(-sim - corrected)).toBeLessThan(0.004);
    const forward = slope(layers.map((l) => l.preactLog10), layers.map((l) => l.layer));
    expect(Math.abs(forward - corrected)).toBeLessThan(0.004);
    expect(layers.every((l) => !l.nonFinite && Number.isFinite(l.deltaLog10) && Number.isFinite(l.preactLog10))).toBe(true);
  });
});
