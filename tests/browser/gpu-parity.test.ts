/**
 * WebGPU engine against the CPU reference engine (run in Node in this process).
 * Tolerances (float32 kernels vs float64 accumulation on the CPU):
 *  - shallow nets (depth ≤ 6): continuous statistics within 1e-4 relative;
 *  - medium nets (depth 24): 1e-3 relative;
 *  - fractions (zero/dead/f′-zero) within 1/(batch·width) of an entry flipping at a kink, or exact;
 *  - deep runs (depth 300, non-chaotic): |ln deltaRms_gpu − ln deltaRms_cpu| ≤ 1e-2 at every layer;
 *  - far beyond float32 (depth 1000–1200, δ's exponent carried): deltaLog10 within 1e-4 decades (sigmoid), 1e-3 (ReLU σ_w² = 4).
 * Every GPU run executes inside validation / out-of-memory / internal error scopes (src/gpu/webgpu-engine.ts)
 * and fails on any error; the page's console must stay free of errors.
 */
import { describe, expect, test } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/sim/activations';
import { INIT_NAMES } from '../../src/sim/inits';
import { cfg, cpu, expectSameDetails, expectSameStats, runGpu, skipWithoutGpu, useGpuPage } from './gpu-helpers';

const gp = useGpuPage();

const SHALLOW = { rel: 1e-4, abs: 1e-12 };

describe('GPU statistics equal the CPU engine', () => {
  test('every activation (necrorelu included), width 7, batch 3, σ_b² > 0, weight grads, details', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: [...ACTIVATION_NAMES], init: 'he-normal', depth: 4, width: 7, batch: 3, sigmaB2: 0.05, weightGrads: true, seed: 11 });
    const gpu = await runGpu(gp, config, { details: true });
    const ref = cpu(config, true);
    expectSameStats(gpu, ref, { ...SHALLOW, fraction: 1 / 21 }, 'w7');
    expectSameDetails(gpu, ref, 1e-4, 'w7');
    expect(gpu.engine.adapter?.vendor).toBeTypeOf('string');
    expect(typeof gpu.engine.adapter?.isSoftware).toBe('boolean');
  });

  test('every activation, width 33, batch 1, mse top', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: [...ACTIVATION_NAMES], init: 'xavier-normal', depth: 3, width: 33, batch: 1, top: 'mse', weightGrads: true, seed: 5 });
    expectSameStats(await runGpu(gp, config), cpu(config), { ...SHALLOW, fraction: 1 / 33 }, 'w33');
  });

  test('a --backward override and parameterized activations, width 100, batch 5', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['relu', 'tanh', 'sigmoid', 'elu:0.5', 'leaky-relu:0.2'], backward: 'leaky-relu:0.1', depth: 4, width: 100, batch: 5, seed: 3 });
    const gpu = await runGpu(gp, config, { details: true });
    const ref = cpu(config, true);
    expectSameStats(gpu, ref, { ...SHALLOW, fraction: 1 / 500 }, 'backward');
    expectSameDetails(gpu, ref, 1e-4, 'backward');
  });

  test.for(INIT_NAMES.map((name) => [name]))('init %s, width 100, batch 5', async ([init], ctx) => {
    skipWithoutGpu(ctx, gp);
    const raw = init === 'custom' ? { sigmaW2: 1.5 } : { init: init === 'orthogonal' ? 'orthogonal:1.2' : init };
    const config = cfg({ activations: ['relu', 'tanh'], ...raw, depth: 3, width: 100, batch: 5, sigmaB2: 0.02, seed: 2 });
    expectSameStats(await runGpu(gp, config), cpu(config), { ...SHALLOW, fraction: 1 / 500 }, init);
  });

  test('width 1 and an odd batch of 7', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['linear', 'relu', 'tanh', 'abs'], depth: 6, width: 1, batch: 7, weightGrads: true, seed: 9 });
    expectSameStats(await runGpu(gp, config), cpu(config), { ...SHALLOW, fraction: 1 / 7 }, 'w1');
  });

  test('medium network: depth 24, width 64, batch 17', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['relu', 'tanh', 'selu', 'necrorelu'], init: 'he-normal', depth: 24, width: 64, batch: 17, weightGrads: true, seed: 4 });
    const gpu = await runGpu(gp, config, { details: true });
    const ref = cpu(config, true);
    expectSameStats(gpu, ref, { rel: 1e-3, abs: 1e-12, fraction: 2 / (17 * 64) }, 'medium');
    expectSameDetails(gpu, ref, 1e-3, 'medium');
  });

  // Tolerances on |ln deltaRms_gpu − ln deltaRms_cpu|: tanh in the ordered phase contracts differences;
  // relu at He init is critical (χ = 1), so float32 rounding random-walks and an occasional unit
  // flipping sign at s ≈ 0 moves a narrow net's δ by about a percent.
  test.for([
    ['relu, he-normal, tolerance 5e-2', { activations: ['relu'], init: 'he-normal' }, 5e-2],
    ['tanh, σ_w² = 0.8, tolerance 1e-3', { activations: ['tanh'], sigmaW2: 0.8 }, 1e-3],
  ] as const)('deep run (depth 300) agrees on log deltaRms: %s', async ([name, raw, tol], ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ ...raw, activations: [...raw.activations], depth: 300, width: 32, batch: 8, seed: 21 });
    const gpu = await runGpu(gp, config);
    const ref = cpu(config);
    let worst = 0;
    ref.runs[0].layers.forEach((c, i) => {
      const g = gpu.runs[0].layers[i];
      expect(c.deltaRms).toBeGreaterThan(0);
      const err = Math.abs(Math.log(g.deltaRms) - Math.log(c.deltaRms));
      worst = Math.max(worst, err);
      expect(err, `layer ${c.layer}: gpu ${g.deltaRms} cpu ${c.deltaRms}`).toBeLessThanOrEqual(tol);
    });
    console.info(`deep ${name}: max |Δ ln deltaRms| = ${worst.toExponential(2)}`);
  });

  test('depth 1000: a linear net with orthogonal weights preserves ‖δ‖ exactly, on the GPU as on the CPU', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    // W_{l+1}ᵀ is orthogonal and f′ = 1, so every sample's δ keeps its norm: deltaRms_l = deltaRms_depth
    // in closed form, whatever the depth. float32 rounding may drift it only by ~√depth ulps.
    const config = cfg({ activations: ['linear'], init: 'orthogonal', depth: 1000, width: 16, batch: 4, seed: 8 });
    const gpu = await runGpu(gp, config);
    const layers = gpu.runs[0].layers;
    expect(layers).toHaveLength(1000);
    const top = layers[999].deltaRms;
    for (const l of layers) expect(Math.abs(Math.log(l.deltaRms / top)), `layer ${l.layer}`).toBeLessThan(1e-4);
    const ref = cpu(config);
    ref.runs[0].layers.forEach((c, i) => expect(Math.abs(Math.log(layers[i].deltaRms / c.deltaRms))).toBeLessThan(1e-4));
  });

  // δ carries its exponent on both engines in the same float32 steps, so they agree layer by layer
  // far below float32's range, whatever the adapter does with subnormals (SwiftShader flushes them).
  test('depth 1200 sigmoid (δ down to 1e−750): deltaLog10, belowFloat32 and zero causes equal the CPU\'s at every layer', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['sigmoid'], init: 'lecun-normal', depth: 1200, width: 16, batch: 4, seed: 13 });
    const gpu = (await runGpu(gp, config)).runs[0].layers;
    const ref = cpu(config).runs[0].layers;
    expect(ref[0].deltaLog10).toBeLessThan(-700);
    expect(ref.filter((l) => l.belowFloat32).length).toBeGreaterThan(1000);
    let worst = 0;
    ref.forEach((c, i) => {
      const g = gpu[i];
      const err = Math.abs(g.deltaLog10 - c.deltaLog10);
      worst = Math.max(worst, err);
      expect(err, `layer ${c.layer}: gpu ${g.deltaLog10} cpu ${c.deltaLog10}`).toBeLessThan(1e-4);
      expect(g.belowFloat32, `layer ${c.layer}`).toBe(c.belowFloat32);
      expect(g.deltaZeroCause, `layer ${c.layer}`).toBe(c.deltaZeroCause);
    });
    console.info(`depth 1200 sigmoid: max |Δ deltaLog10| GPU vs CPU = ${worst.toExponential(2)}`);
  });

  test('depth 1000 ReLU at σ_w² = 4 (10^±150): the forward pass is rescaled too, finite and equal to the CPU\'s', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['relu'], sigmaW2: 4, depth: 1000, width: 16, batch: 4, seed: 14, top: 'mse' });
    const gpu = (await runGpu(gp, config)).runs[0].layers;
    const ref = cpu(config).runs[0].layers;
    expect(ref[999].preactLog10).toBeGreaterThan(100);
    ref.forEach((c, i) => {
      const g = gpu[i];
      expect(g.nonFinite, `layer ${c.layer}`).toBe(false);
      expect(Math.abs(g.deltaLog10 - c.deltaLog10), `layer ${c.layer} δ`).toBeLessThan(1e-3);
      expect(Math.abs(g.preactLog10 - c.preactLog10), `layer ${c.layer} s`).toBeLessThan(1e-3);
    });
  });
});

describe('weights regenerated inside the kernels', () => {
  test('regenerate mode gives the same statistics as stored weights (and as the CPU)', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['relu', 'gelu'], init: 'he-uniform', depth: 5, width: 33, batch: 5, sigmaB2: 0.1, weightGrads: true, seed: 8 });
    const stored = await runGpu(gp, config, { weights: 'store' });
    const regenerated = await runGpu(gp, config, { weights: 'regenerate' });
    // Same generator, same kernels: only the weight source differs.
    expectSameStats(regenerated, stored, { rel: 1e-6, abs: 1e-30 }, 'regen vs stored');
    expectSameStats(regenerated, cpu(config), SHALLOW, 'regen vs cpu');
  });

  test('weights and pre-activations chunked over several buffers give the same statistics', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    // Width 7, batch 5: one W_l and one s_l each take 64 floats (256 B, padded); a 900 B binding cap,
    // of which a buffer uses 7/8 in 256 B steps (768 B), holds three layers per buffer (and the 9
    // layers' statistics records and exponents, 756 B), so depth 9 spreads both stores over three buffers.
    const config = cfg({ activations: ['tanh'], depth: 9, width: 7, batch: 5, weightGrads: true, sigmaB2: 0.1, seed: 12 });
    const gpu = await runGpu(gp, config, { weights: 'store', maxBindingBytes: 900 });
    expectSameStats(gpu, cpu(config), { ...SHALLOW, fraction: 1 / 35 }, 'chunked');
  });

  test('weights larger than the memory budget are regenerated, not refused', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    // 40 × 64² × 4 B = 640 KiB of weights against a 512 KiB budget; the pre-activations fit.
    const config = cfg({ activations: ['relu'], depth: 40, width: 64, batch: 2, seed: 6 });
    const gpu = await runGpu(gp, config, { memoryBudgetBytes: 512 * 1024 });
    expectSameStats(gpu, cpu(config), { rel: 1e-3, abs: 1e-12, fraction: 1 / 128 }, 'over budget');
  });
});
