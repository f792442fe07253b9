import { describe, expect, test } from 'vitest';
import { slope } from '../../tests/reference/fit';
import { ACTIVATIONS, getActivation } from './activations';
import { ConfigError, normalizeConfig, type RawConfig, type SimConfig } from './config';
import { runReference } from './cpu-engine';
import { Stream, normal, streamKey } from './generator';
import { generateBias, generateInput, generateWeights } from './layers';
import { unitDeltaLog10, type RunDetails } from './stats';

/**
 * An independent, deliberately naive float64 reference: the loss as a function of every
 * pre-activation, so δ_l = ∂L/∂s_l can be taken by central finite differences.
 */
class NaiveNet {
  readonly w: Float32Array[];
  readonly b: (Float32Array | null)[];
  readonly x: Float32Array;
  constructor(readonly c: SimConfig) {
    this.w = Array.from({ length: c.depth }, (_, i) => generateWeights(c.seed, i + 1, c.width, c.width, c.init));
    this.b = Array.from({ length: c.depth }, (_, i) => generateBias(c.seed, i + 1, c.width, c.sigmaB2));
    this.x = generateInput(c.seed, c.batch, c.width);
  }
  /** Pre-activations s_1..s_depth (float64), optionally with s_at[k] += eps applied as soon as it is computed. */
  forward(fn: (x: number) => number, at?: { layer: number; k: number; eps: number }): Float64Array[] {
    const { depth, width: n, batch } = this.c;
    const s: Float64Array[] = [];
    let h = Float64Array.from(this.x);
    for (let l = 1; l <= depth; l++) {
      const sl = new Float64Array(batch * n);
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < n; i++) {
          let acc = this.b[l - 1]?.[i] ?? 0;
          for (let j = 0; j < n; j++) acc += this.w[l - 1][i * n + j] * h[b * n + j];
          sl[b * n + i] = acc;
        }
      }
      if (at && at.layer === l) sl[at.k] += at.eps;
      s.push(sl);
      h = sl.map(fn);
    }
    return s;
  }
  loss(fn: (x: number) => number, at?: { layer: number; k: number; eps: number }): number {
    const { depth, seed } = this.c;
    const top = this.forward(fn, at)[depth - 1];
    let L = 0;
    if (this.c.top === 'random') {
      const key = streamKey(seed, Stream.topDelta, depth);
      top.forEach((s, k) => { L += normal(key, k) * s; });
    } else {
      const key = streamKey(seed, Stream.target, depth);
      top.forEach((s, k) => { L += 0.5 * (fn(s) - normal(key, k)) ** 2; });
    }
    return L;
  }
}

/** Per-unit RMS over the batch of a batch × n matrix, as RunDetails.deltaUnitRms defines it. */
function unitRms(d: Float64Array, batch: number, n: number): number[] {
  return Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let b = 0; b < batch; b++) s += d[b * n + j] ** 2;
    return Math.sqrt(s / batch);
  });
}

/** The engine's per-unit δ RMS of one layer, with its exponent. */
function unitRmsOfLayer(details: RunDetails, width: number, layer: number): number[] {
  return Array.from({ length: width }, (_, j) => 10 ** unitDeltaLog10(details, width, layer, j));
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  const scale = Math.max(...Array.from(expected, Math.abs), 1e-30);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThanOrEqual(rtol * scale);
  }
}

const small = { depth: 4, width: 5, batch: 3 };

/**
 * Central differences are only meaningful away from kinks. A narrow ReLU net does hit one: a
 * sample whose h_{l−1} is all zero gives s_l = 0 exactly. Take the first seed from 11 on whose
 * pre-activations all stay 1e-3 away from every kink.
 */
function awayFromKinks(raw: RawConfig, fn: (x: number) => number, kinks: number[]): { c: SimConfig; net: NaiveNet } {
  for (let seed = 11; seed < 61; seed++) {
    const c = normalizeConfig({ ...raw, seed });
    const net = new NaiveNet(c);
    const clear = net.forward(fn).every((s) => s.every((v) => kinks.every((k) => Math.abs(v - k) > 1e-3)));
    if (clear) return { c, net };
  }
  throw new Error('no seed keeps the pre-activations away from the kinks');
}

describe('δ from the recurrence equals finite-difference gradients of the loss', () => {
  const inits: RawConfig[] = [
    { init: 'he-normal' },
    { init: 'xavier-uniform' },
    { init: 'orthogonal:1.3' },
    { sigmaW2: 1.5, sigmaB2: 0.3 },
  ];
  for (const act of ACTIVATIONS.filter((a) => a.exactDerivative)) {
    for (const top of ['random', 'mse'] as const) {
      test(`${act.name}, top ${top}, ${inits.length} inits`, () => {
        for (const initRaw of inits) {
          const p = act.param?.default ?? 0;
          const fn = (x: number): number => act.f(x, p);
          const { c, net } = awayFromKinks({ ...small, ...initRaw, activations: act.name, top }, fn, act.kinks);
          const result = runReference(c, { details: true });
          const details = result.runs[0].details!;
          for (let l = 1; l <= c.depth; l++) {
            const fd = new Float64Array(c.batch * c.width);
            for (let k = 0; k < fd.length; k++) {
              const eps = 1e-5;
              fd[k] = (net.loss(fn, { layer: l, k, eps }) - net.loss(fn, { layer: l, k, eps: -eps })) / (2 * eps);
            }
            const got = unitRmsOfLayer(details, c.width, l);
            expectClose(got, unitRms(fd, c.batch, c.width), 2e-4, `${c.init.spec} layer ${l} δ unit rms`);
            const rms = Math.sqrt(fd.reduce((s, v) => s + v * v, 0) / fd.length);
            expect(result.runs[0].layers[l - 1].deltaRms).toBeCloseTo(rms, 4 - Math.ceil(Math.log10(Math.max(rms, 1e-9)) + 0));
          }
        }
      });
    }
  }
});

describe('the backward derivative can differ from f′', () => {
  // Reference recurrence written out directly: δ_depth from the top, then δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ g(s_l).
  function referenceDeltas(c: SimConfig, f: (x: number) => number, g: (x: number) => number): Float64Array[] {
    const net = new NaiveNet(c);
    const s = net.forward(f);
    const n = c.width;
    const d: Float64Array[] = new Array(c.depth);
    const key = streamKey(c.seed, c.top === 'random' ? Stream.topDelta : Stream.target, c.depth);
    d[c.depth - 1] = s[c.depth - 1].map((v, k) => (c.top === 'random' ? normal(key, k) : (f(v) - normal(key, k)) * g(v)));
    for (let l = c.depth - 1; l >= 1; l--) {
      const out = new Float64Array(c.batch * n);
      for (let b = 0; b < c.batch; b++) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let i = 0; i < n; i++) acc += net.w[l][i * n + j] * d[l][b * n + i];
          out[b * n + j] = acc * g(s[l - 1][b * n + j]);
        }
      }
      d[l - 1] = out;
    }
    return d;
  }

  const cases: { raw: RawConfig; f: (x: number) => number; g: (x: number) => number }[] = [
    { raw: { activations: 'necrorelu' }, f: (x) => Math.max(x, 0), g: (x) => (x > 0 ? 1 : 0.1) },
    { raw: { activations: 'necrorelu:0.3', top: 'mse' }, f: (x) => Math.max(x, 0), g: (x) => (x > 0 ? 1 : 0.3) },
    { raw: { activations: 'tanh', backward: 'leaky-relu:0.2' }, f: Math.tanh, g: (x) => (x > 0 ? 1 : 0.2) },
    { raw: { activations: 'sigmoid', backward: 'linear', top: 'mse' }, f: (x) => 1 / (1 + Math.exp(-x)), g: () => 1 },
  ];
  for (const { raw, f, g } of cases) {
    test(`${raw.activations}${raw.backward ? ` with backward ${raw.backward}` : ''}, top ${raw.top ?? 'random'}`, () => {
      const c = normalizeConfig({ ...small, ...raw, seed: 5 });
      const ref = referenceDeltas(c, f, g);
      const details = runReference(c, { details: true }).runs[0].details!;
      for (let l = 1; l <= c.depth; l++) {
        expectClose(unitRmsOfLayer(details, c.width, l), unitRms(ref[l - 1], c.batch, c.width), 1e-5, `layer ${l}`);
      }
    });
  }
});

/** Slope per layer of ln deltaRms² over layers [from, to] (positive = grows towards the output). */
function lnDelta2Slope(c: SimConfig, from: number, to: number): number {
  const layers = runReference(c).runs[0].layers.slice(from - 1, to);
  return slope(layers.map((l) => 2 * Math.log(l.deltaRms)), layers.map((l) => l.layer));
}

describe('known facts at widths large enough to be stable', () => {
  test('zero init gives δ = 0 in every layer below the output', () => {
    const c = normalizeConfig({ activations: 'tanh,relu,sigmoid', init: 'zeros', depth: 10, width: 64, batch: 8 });
    for (const run of runReference(c).runs) {
      run.layers.slice(0, -1).forEach((l) => expect(l.deltaRms, `${run.activation} layer ${l.layer}`).toBe(0));
      expect(run.layers[9].deltaRms).toBeGreaterThan(0.5);
    }
  });

  test('relu with a symmetric init and zero bias has zeroFraction ≈ 0.5', () => {
    const c = normalizeConfig({ activations: 'relu', init: 'he-normal', depth: 20, width: 512, batch: 32 });
    const layers = runReference(c).runs[0].layers;
    const mean = layers.reduce((s, l) => s + l.zeroFraction, 0) / layers.length;
    // Each s_ij is symmetric about 0 given h_{l−1}, so P(h_ij = 0) is exactly 1/2; 20·16384 entries (correlated within a layer).
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(layers[0].zeroFraction - 0.5)).toBeLessThan(0.02);
  });

  test('relu with he-normal keeps ln deltaRms flat across 50 layers; lecun-normal halves deltaRms² per layer', () => {
    const base = { activations: 'relu', depth: 50, width: 512, batch: 16, seed: 3 };
    // χ = σ_w²/2 per layer: 1 for He, 1/2 for LeCun (slope of ln δ² towards the output: −ln χ).
    expect(Math.abs(lnDelta2Slope(normalizeConfig({ ...base, init: 'he-normal' }), 1, 50))).toBeLessThan(0.01);
    expect(lnDelta2Slope(normalizeConfig({ ...base, init: 'lecun-normal' }), 1, 50)).toBeCloseTo(Math.LN2, 1);
  });

  test('sigmoid with lecun-normal shrinks deltaRms² about 18× per layer (mean-field χ₁ ≈ 0.0557)', () => {
    // Measured in the top 20 layers (δ no longer underflows below them: its exponent is carried).
    const c = normalizeConfig({ activations: 'sigmoid', init: 'lecun-normal', depth: 40, width: 512, batch: 16, seed: 4 });
    const perLayer = Math.exp(lnDelta2Slope(c, 21, 40));
    expect(perLayer).toBeGreaterThan(16);
    expect(perLayer).toBeLessThan(20);
  });

  test('weightGradRms is the RMS of δ_l h_{l−1}ᵀ / batch', () => {
    const c = normalizeConfig({ activations: 'tanh', init: 'xavier-normal', ...small, weightGrads: true, seed: 9 });
    const net = new NaiveNet(c);
    const act = getActivation('tanh');
    const s = net.forward(Math.tanh);
    const fd = (l: number): Float64Array => {
      const d = new Float64Array(c.batch * c.width);
      for (let k = 0; k < d.length; k++) d[k] = (net.loss(Math.tanh, { layer: l, k, eps: 1e-5 }) - net.loss(Math.tanh, { layer: l, k, eps: -1e-5 })) / 2e-5;
      return d;
    };
    const layers = runReference(c).runs[0].layers;
    for (let l = 1; l <= c.depth; l++) {
      const d = fd(l);
      const hPrev = l === 1 ? Float64Array.from(net.x) : s[l - 2].map((v) => act.f(v, 0));
      let ss = 0;
      for (let i = 0; i < c.width; i++) {
        for (let j = 0; j < c.width; j++) {
          let g = 0;
          for (let b = 0; b < c.batch; b++) g += d[b * c.width + i] * hPrev[b * c.width + j];
          ss += (g / c.batch) ** 2;
        }
      }
      expect(layers[l - 1].weightGradRms!).toBeCloseTo(Math.sqrt(ss / c.width ** 2), 5);
    }
  });

  test('exploding and overflowing networks report Inf/NaN per layer and still return every layer', () => {
    // With biases the forward pass is plain float32 (only a bias-free homogeneous one is rescaled), so
    // it overflows near the output. The mse top carries the non-finite h into δ.
    const c = normalizeConfig({ activations: 'linear,relu', sigmaW2: 400, sigmaB2: 0.01, depth: 40, width: 32, batch: 4, top: 'mse' });
    const result = runReference(c);
    const [linear, relu] = result.runs;
    for (const run of result.runs) {
      expect(run.layers).toHaveLength(40);
      expect(run.layers.some((l) => l.nonFinite)).toBe(true);
    }
    // Linear: s overflows to Inf and then NaN (Inf − Inf); δ_depth = (h − t) is NaN and stays NaN below.
    expect(linear.layers[39].nonFinite).toBe(true);
    expect(linear.layers[0].deltaRms).toBeNaN();
    // ReLU: an s float32 cannot hold is stored as NaN and f(NaN) = f′(NaN) = NaN, as on the GPU
    // (#15 item 12), so nothing heals above the overflow: no layer there reads as zeros or dead
    // (NaN is not dead), and δ below it is NaN, never a silent 0.
    // The first layer whose every s is non-finite (its statistics over finite entries are empty):
    const overflowed = relu.layers.findIndex((l) => l.preactStd === 0 && l.activationRms === 0);
    expect(overflowed).toBeGreaterThan(1);
    expect(relu.layers.slice(overflowed).every((l) => l.nonFinite && l.preactStd === 0 && l.zeroFraction === 0 && l.deadFraction === 0)).toBe(true);
    expect(relu.layers.slice(0, overflowed - 1).every((l) => l.activationRms > 0)).toBe(true);
    expect(relu.layers.every((l) => Number.isNaN(l.deltaRms))).toBe(true);
    // δ itself never overflows: with the random top the same linear net's δ grows ~20× per layer and stays
    // finite (bias-free, so the forward pass is rescaled and no NaN s reaches f′).
    const random = runReference(normalizeConfig({ activations: 'linear', sigmaW2: 400, depth: 40, width: 32, batch: 4 })).runs[0].layers;
    expect(random.every((l) => Number.isFinite(l.deltaLog10))).toBe(true);
    expect(random[0].deltaLog10).toBeGreaterThan(45);
    // Large but finite δ keeps a finite RMS although δ² would overflow float32.
    const big = normalizeConfig({ activations: 'linear', sigmaW2: 100, depth: 18, width: 16, batch: 2 });
    const top = runReference(big).runs[0].layers;
    expect(top[0].deltaRms).toBeGreaterThan(1e16);
    expect(Number.isFinite(top[0].deltaRms)).toBe(true);
  });

  test('the reference engine refuses a network too large for its memory limit', () => {
    const c = normalizeConfig({ depth: 1000, width: 4096, batch: 1 });
    expect(() => runReference(c)).toThrow(ConfigError);
    expect(() => runReference(c)).toThrow(/needs 62\.5\d GiB on the reference engine, mostly 62\.50 GiB of weights .*; the limit is 4\.00 GiB/);
  });
});
