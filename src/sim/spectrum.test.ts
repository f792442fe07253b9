/**
 * The Jacobian spectrum against independent math: ml-matrix's SVD against closed forms, the
 * Fuss–Catalan moments of a linear Gaussian net, orthogonal linear nets (every σ = 1), and a
 * finite-difference float64 Jacobian of small networks (tests/reference/jacobian.ts), on both CPU
 * backends. The GPU's side is tests/browser/gpu-spectrum.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { finiteDifferenceJacobian, traceMoments } from '../../tests/reference/jacobian';
import { seededRandom } from '../../tests/reference/random';
import { createWasmBackend } from '../cpu/backend';
import type { CpuBackend } from './backend';
import { ConfigError, normalizeConfig, type RawConfig } from './config';
import { runReference, simulateCpu } from './cpu-engine';
import { CPU_MEMORY_LIMIT } from './cpu-engine';
import { MemoryError } from './memory';
import { fussCatalan, singularValues, spectrumRequest, type RunSpectrum } from './spectrum';
import { addTheory } from './theory-cli';

let wasm: CpuBackend;
beforeAll(async () => {
  wasm = await createWasmBackend({ threads: 2 });
});
afterAll(() => wasm.dispose());

const ENGINES = {
  reference: (raw: RawConfig) => runReference(normalizeConfig(raw)),
  cpu: (raw: RawConfig) => simulateCpu(normalizeConfig(raw), wasm),
} as const;

function spectrumOf(engine: keyof typeof ENGINES, raw: RawConfig, run = 0): RunSpectrum {
  const spectrum = ENGINES[engine]({ ...raw, spectrum: true }).runs[run].spectrum;
  if (!spectrum) throw new Error('no spectrum');
  return spectrum;
}

describe('singular values (ml-matrix) against closed forms', () => {
  test('a 2 × 2 matrix: σ² are the eigenvalues of AᵀA', () => {
    const [a, b, c, d] = [3, -1.5, 0.25, 2];
    const t = a * a + b * b + c * c + d * d, det = a * d - b * c;
    const root = Math.sqrt(t * t - 4 * det * det);
    const want = [Math.sqrt((t + root) / 2), Math.sqrt((t - root) / 2)];
    const got = singularValues(Float32Array.from([a, b, c, d]), 2);
    expect(got[0]).toBeCloseTo(want[0], 6);
    expect(got[1]).toBeCloseTo(want[1], 6);
  });

  test('a diagonal matrix with permuted signs and rows: |entries|, descending', () => {
    const n = 40;
    const random = seededRandom(7);
    const values = Array.from({ length: n }, () => 10 ** (6 * random() - 3));
    const perm = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
    const m = new Float32Array(n * n);
    values.forEach((v, i) => { m[perm[i] * n + i] = (i % 2 ? -1 : 1) * v; });
    const want = values.map((v) => Math.fround(v)).sort((x, y) => y - x);
    const got = singularValues(m, n);
    for (let i = 0; i < n; i++) expect(Math.abs(got[i] - want[i]) / want[i]).toBeLessThan(1e-12);
  });

  test('a rank-one matrix u vᵀ: σ_1 = ‖u‖‖v‖, the rest 0', () => {
    const n = 30;
    const u = Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const v = Array.from({ length: n }, (_, j) => 1 / (j + 2));
    const m = Float32Array.from({ length: n * n }, (_, k) => u[Math.floor(k / n)] * v[k % n]);
    const norm = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));
    const got = singularValues(m, n);
    expect(Math.abs(got[0] - norm(u) * norm(v)) / got[0]).toBeLessThan(1e-6);
    expect(got[1] / got[0]).toBeLessThan(1e-6);
  });

  test('Fuss–Catalan numbers: L = 1 gives the Catalan numbers, k = 2 gives L + 1', () => {
    expect([1, 2, 3, 4].map((k) => fussCatalan(1, k))).toEqual([1, 2, 5, 14]);
    for (const L of [1, 4, 10]) expect(fussCatalan(L, 2)).toBeCloseTo(L + 1, 12);
    // binom(3k, k)/(2k + 1): 1, 3, 12, 55.
    expect([1, 2, 3, 4].map((k) => Math.round(fussCatalan(2, k)))).toEqual([1, 3, 12, 55]);
  });
});

describe('closed forms on both CPU backends', () => {
  for (const engine of Object.keys(ENGINES) as (keyof typeof ENGINES)[]) {
    test(`${engine}: linear, σ_w² = 1, depth 4, width 256: mean σ² ≈ 1 and mean σ⁴ within 10 % of the Fuss–Catalan 5`, () => {
      const s = spectrumOf(engine, { activations: 'linear', sigmaW2: 1, depth: 4, width: 256, batch: 1 });
      expect(s.depths).toEqual([4]);
      expect(s.singularValues[0]).toHaveLength(256);
      expect(Math.abs(s.meanSq[0] - 1)).toBeLessThan(0.1);
      expect(Math.abs(s.secondMomentSq[0] / fussCatalan(4, 2) - 1)).toBeLessThan(0.1);
    });

    test(`${engine}: linear, orthogonal, depth 10: every σ within 1e-3 of 1`, () => {
      const s = spectrumOf(engine, { activations: 'linear', init: 'orthogonal', depth: 10, width: 64, batch: 2 });
      for (const sigma of s.singularValues[0]) expect(Math.abs(sigma - 1)).toBeLessThan(1e-3);
    });
  }
});

describe('against a finite-difference float64 Jacobian (depth 3, width 5)', () => {
  const NETS: RawConfig[] = [
    { activations: 'tanh', init: 'xavier-normal', sigmaB2: 0.1, seed: 3 },
    { activations: 'sigmoid', sigmaW2: 4, seed: 4 },
    { activations: 'relu', init: 'he-normal', seed: 5 },
    { activations: 'gelu', init: 'he-normal', sigmaB2: 0.05, seed: 6 },
    { activations: 'linear', init: 'orthogonal:1.3', seed: 7 },
    // The architectures: J goes through the stream (g_0 = W_1ᵀ e_1 + g_1), LayerNorm's N′ and mixed layers.
    { activations: 'tanh', init: 'xavier-normal', residual: 0.5, seed: 8 },
    { activations: 'relu', init: 'he-normal', residual: 'auto', sigmaB2: 0.05, seed: 9 },
    { activations: 'tanh', init: 'he-normal', norm: 'layer', seed: 10 },
    { activations: 'gelu', init: 'he-normal', residual: 1, norm: 'layer', inputStd: 0.5, seed: 11 },
    { activations: 'relu+tanh', init: 'he-normal', seed: 12 },
  ];
  for (const engine of Object.keys(ENGINES) as (keyof typeof ENGINES)[]) {
    for (const net of NETS) {
      test(`${engine}: ${JSON.stringify(net)} at depths 1, 2, 3, inputs 0 and 1`, () => {
        const raw: RawConfig = { ...net, depth: 3, width: 5, batch: 2, spectrumAt: '1,2,3', spectrumInputs: 2 };
        const s = spectrumOf(engine, raw);
        expect(s.depths).toEqual([1, 2, 3]);
        s.depths.forEach((d, k) => {
          const fd = [0, 1].map((input) => finiteDifferenceJacobian(raw, d, input));
          const moments = fd.map((J) => traceMoments(J, 5));
          const meanSq = (moments[0].meanSq + moments[1].meanSq) / 2;
          const second = (moments[0].secondMomentSq + moments[1].secondMomentSq) / 2;
          expect(Math.abs(s.meanSq[k] / meanSq - 1), `mean σ² at depth ${d}`).toBeLessThan(1e-4);
          expect(Math.abs(s.secondMomentSq[k] / second - 1), `mean σ⁴ at depth ${d}`).toBeLessThan(1e-4);
          const want = fd.flatMap((J) => Array.from(singularValues(Float32Array.from(J), 5))).sort((a, b) => b - a);
          const got = s.singularValues[k];
          expect(got).toHaveLength(10);
          for (let i = 0; i < 10; i++) expect(Math.abs(got[i] - want[i]), `σ_${i} at depth ${d}`).toBeLessThan(1e-4 * want[0]);
        });
      });
    }
  }
});

describe('summary, theory and refusals', () => {
  test('the summary follows the singular values; with --theory the mean-field mean Π χ_l (linear: σ_w²^d)', () => {
    const result = addTheory(runReference(normalizeConfig({ activations: 'linear', sigmaW2: 1.5, depth: 6, width: 24, batch: 1, spectrum: true, spectrumAt: '2,6' })));
    const s = result.runs[0].spectrum!;
    s.depths.forEach((d, k) => {
      const v = s.singularValues[k];
      expect(s.max[k]).toBeCloseTo(v[0], 12);
      expect(s.min[k]).toBeCloseTo(v.at(-1)!, 12);
      expect(s.condition[k]).toBeCloseTo(v[0] / v.at(-1)!, 6);
      expect(s.meanSq[k] / (v.reduce((a, x) => a + x * x, 0) / v.length)).toBeCloseTo(1, 12);
      expect(s.theoryMeanSq![k]).toBeCloseTo(1.5 ** d, 9);
    });
  });

  test('the default depth is the final one; --spectrum-at sorts and dedupes', () => {
    expect(spectrumRequest(normalizeConfig({ depth: 7, spectrum: true }))).toEqual({ depths: [7], inputs: 1 });
    expect(spectrumRequest(normalizeConfig({ depth: 7, spectrum: true, spectrumAt: '5,2,5' }))?.depths).toEqual([2, 5]);
    expect(spectrumRequest(normalizeConfig({ depth: 7 }))).toBeNull();
  });

  test('refused: depths beyond the net, the options without --spectrum, widths beyond the SVD bound, BatchNorm', () => {
    expect(() => normalizeConfig({ depth: 7, spectrum: true, spectrumAt: '8' })).toThrow(/spectrum-at must list depths between 1 and depth 7 \(got 8\)/);
    expect(() => normalizeConfig({ spectrumAt: '3' })).toThrow(/--spectrum-at sets what --spectrum computes/);
    expect(() => normalizeConfig({ spectrumInputs: 2 })).toThrow(ConfigError);
    expect(() => normalizeConfig({ width: 2048, spectrum: true })).toThrow(/width must be at most 1024/);
    expect(() => normalizeConfig({ norm: 'batch', spectrum: true })).toThrow(/^--spectrum cannot run with --norm batch: .*batch statistics are degenerate$/);
  });

  test("a Jacobian batch beyond the CPU engine's memory is refused as --spectrum's, before anything runs", () => {
    // The run itself holds 600 MiB of weights; its probe run adds 600 MiB of pre-activations of the 1024 one-hot rows.
    const config = normalizeConfig({ depth: 150, width: 1024, batch: 1, spectrum: true });
    expect(() => runReference(config, {}, CPU_MEMORY_LIMIT / 4)).toThrow(MemoryError);
    expect(() => runReference(config, {}, CPU_MEMORY_LIMIT / 4)).toThrow(/^--spectrum computes J at depth 150 as a batch of one-hot rows, one per unit: it needs .* 1024 Jacobian rows/);
  });
});
