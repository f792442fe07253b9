/**
 * The Jacobian spectrum on the WebGPU engine (the headless page: its probe runs, and ml-matrix's SVD
 * in the page): orthogonal linear nets keep every σ at 1, a finite-difference float64 Jacobian
 * (tests/reference/jacobian.ts) on tiny nets, and the spectra of the reference CPU engine.
 */
import { describe, expect, test } from 'vitest';
import type { RawConfig } from '../../src/sim/config';
import { singularValues, type RunSpectrum } from '../../src/sim/spectrum';
import { finiteDifferenceJacobian } from '../reference/jacobian';
import { cfg, cpu, runGpu, skipWithoutGpu, useGpuPage } from './gpu-helpers';

const gp = useGpuPage();

async function gpuSpectra(raw: RawConfig): Promise<RunSpectrum[]> {
  const result = await runGpu(gp, cfg({ ...raw, spectrum: true }));
  expect(result.engine.kind).toBe('webgpu');
  return result.runs.map((r) => r.spectrum!);
}

describe('the Jacobian spectrum on the GPU', () => {
  test('linear, orthogonal, depth 10, width 32: every σ within 1e-3 of 1', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const [s] = await gpuSpectra({ activations: 'linear', init: 'orthogonal', depth: 10, width: 32, batch: 2 });
    expect(s.singularValues[0]).toHaveLength(32);
    for (const sigma of s.singularValues[0]) expect(Math.abs(sigma - 1)).toBeLessThan(1e-3);
  });

  test('tanh, relu and sigmoid nets, plain, residual, LayerNorm and mixed (depth 3, width 5), against a finite-difference float64 Jacobian', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    for (const net of [
      { activations: 'tanh', init: 'xavier-normal', sigmaB2: 0.1, seed: 3 },
      { activations: 'relu', init: 'he-normal', seed: 5 },
      { activations: 'sigmoid', sigmaW2: 4, seed: 4 },
      // The architectures: the stream's g, LayerNorm's N′ᵀ and per-unit activations in the probe.
      { activations: 'tanh', init: 'xavier-normal', residual: 0.5, seed: 8 },
      { activations: 'relu+tanh', init: 'he-normal', norm: 'layer', seed: 12 },
      { activations: 'gelu', init: 'he-normal', residual: 'auto', norm: 'layer', inputStd: 0.5, seed: 11 },
    ] satisfies RawConfig[]) {
      const raw: RawConfig = { ...net, depth: 3, width: 5, batch: 2, spectrumAt: '2,3' };
      const [s] = await gpuSpectra(raw);
      s.depths.forEach((d, k) => {
        const want = singularValues(Float32Array.from(finiteDifferenceJacobian(raw, d)), 5);
        s.singularValues[k].forEach((sigma, i) => {
          expect(Math.abs(sigma - want[i]), `${net.activations} depth ${d} σ_${i}`).toBeLessThan(1e-4 * want[0]);
        });
      });
    }
  });

  test('tanh and relu (σ_w² = 1.5, width 32, depths 3 and 12, two inputs) equal the reference engine within 1e-5 of σ_max', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const raw: RawConfig = { activations: 'tanh,relu', sigmaW2: 1.5, depth: 12, width: 32, batch: 2, spectrum: true, spectrumAt: '3,12', spectrumInputs: 2 };
    const gpu = await gpuSpectra(raw);
    const ref = cpu(cfg(raw)).runs.map((r) => r.spectrum!);
    ref.forEach((r, ri) => r.depths.forEach((d, k) => {
      const want = r.singularValues[k];
      const got = gpu[ri].singularValues[k];
      expect(got).toHaveLength(64);
      got.forEach((sigma, i) => expect(Math.abs(sigma - want[i]) / want[0], `run ${ri} depth ${d} σ_${i}`).toBeLessThan(1e-5));
      expect(gpu[ri].secondMomentSq[k] / r.secondMomentSq[k]).toBeCloseTo(1, 4);
    }));
  });
});
