/**
 * The headless API on both of its paths, the page in headless Chromium and Dawn in this Node
 * process: one device serves everything a command does, Inf and NaN come back in every field as the
 * CPU engine computes them, and the in-process engine gives the CPU engine's statistics.
 */
import { describe, expect, test } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/sim/activations';
import { runSeeds } from '../../src/sim/seeds';
import { Stream, bits, streamKey } from '../../src/sim/generator';
import { DIST } from '../../src/gpu/includes';
import type { SimResult } from '../../src/sim/stats';
import { CpuTrainer } from '../../src/sim/train/cpu-trainer';
import { runTraining } from '../../src/sim/train/run';
import { normalizeTrainConfig } from '../../src/sim/train/train-config';
import type { TrainResult } from '../../src/sim/train/trainer';
import { cfg, cpu, expectSameDetails, expectSameStats, runGpu, skipWithoutGpu, useDawn, useGpuPage } from './gpu-helpers';

/** Every number of a result, by path, for comparing non-finite values field by field. */
function numbers(value: unknown, path = '', out = new Map<string, number>()): Map<string, number> {
  if (typeof value === 'number') out.set(path, value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) numbers(v, `${path}.${k}`, out);
  return out;
}

describe.each([
  ['headless Chromium', useGpuPage],
  ['Dawn in this process', useDawn],
] as const)('%s', (_path, use) => {
  const gp = use();

  test('one device serves several activations, several seeds, training, the generator and the bench', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['relu', 'tanh'], depth: 3, width: 8, batch: 2 });
    await runSeeds(config, 3, (c, o) => gp.api.run(c, o));
    await gp.api.train(normalizeTrainConfig({ task: 'xor', depth: 1, width: 4, steps: 2, every: 1 }));
    await gp.api.generate({ dist: DIST.bits, key: 1, scale: 0, count: 4, offset: 0 });
    await gp.api.bench(config, { iterations: 1, repeats: 1, warmup: 0 });
    expect(await gp.deviceRequests()).toBe(1);
  });

  test('training that diverges reports NaN where the CPU trainer does, in every field (lr 1e6, sgd)', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = normalizeTrainConfig({ task: 'spirals', lr: 1e6, optimizer: 'sgd', steps: 20, every: 10, depth: 2, width: 8 });
    const gpu: TrainResult = (await gp.api.train(config)).result;
    const ref = await runTraining(new CpuTrainer(), config);
    expect(Number.isNaN(ref.checkpoints.at(-1)!.train.loss), 'the CPU diverges: the case is real').toBe(true);
    const [g, c] = [numbers(gpu.checkpoints), numbers(ref.checkpoints)];
    expect([...g.keys()]).toEqual([...c.keys()]);
    let nonFinite = 0;
    for (const [key, want] of c) {
      if (Number.isFinite(want)) continue;
      nonFinite++;
      expect(String(g.get(key)), key).toBe(String(want));
    }
    expect(nonFinite).toBeGreaterThan(10);
  });

  test('a simulation that overflows float32 reports non-finite numbers in the same layers and fields as the CPU engine', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    // Linear, σ_w² = 10⁶, with biases (so the forward pass is plain float32, not rescaled): every layer
    // multiplies the activations by about 10³, past float32's 3.4e38 by layer 14, and the mse top
    // carries the overflow into δ on its way down (δ itself carries its exponent and never overflows).
    // (Which of Inf and NaN may differ: the GPU accumulates in float32, where Inf − Inf = NaN, the CPU in float64.)
    const config = cfg({ activations: ['linear'], sigmaW2: 1e6, sigmaB2: 0.01, top: 'mse', depth: 18, width: 8, batch: 2, weightGrads: true, seed: 3 });
    const gpu: SimResult = await runGpu(gp, config);
    const ref = cpu(config);
    const [g, c] = [numbers(gpu.runs), numbers(ref.runs)];
    expect([...g.keys()]).toEqual([...c.keys()]);
    let nonFinite = 0;
    for (const [key, want] of c) {
      expect(typeof g.get(key), key).toBe('number');
      expect(Number.isFinite(g.get(key)), `${key}: gpu ${g.get(key)} cpu ${want}`).toBe(Number.isFinite(want));
      if (!Number.isFinite(want)) nonFinite++;
    }
    expect(nonFinite, 'the CPU overflows: the case is real').toBeGreaterThan(4);
    gpu.runs.forEach((run, r) => expect(run.layers.map((l) => l.nonFinite)).toEqual(ref.runs[r].layers.map((l) => l.nonFinite)));
  });
});

describe('the in-process engine (Dawn) gives the CPU engine statistics', () => {
  const gp = useDawn();

  test('every activation, width 7, batch 3, σ_b² > 0, weight grads, details', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: [...ACTIVATION_NAMES], init: 'he-normal', depth: 4, width: 7, batch: 3, sigmaB2: 0.05, weightGrads: true, seed: 11 });
    const gpu = await runGpu(gp, config, { details: true });
    const ref = cpu(config, true);
    expectSameStats(gpu, ref, { rel: 1e-4, abs: 1e-12, fraction: 1 / 21 }, 'dawn w7');
    expectSameDetails(gpu, ref, 1e-4, 'dawn w7');
  });

  test('regenerated weights, width 33', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = cfg({ activations: ['relu', 'gelu'], init: 'he-uniform', depth: 5, width: 33, batch: 5, sigmaB2: 0.1, seed: 8 });
    expectSameStats(await runGpu(gp, config, { weights: 'regenerate' }), cpu(config), { rel: 1e-4, abs: 1e-12, fraction: 1 / 165 }, 'dawn regenerated');
  });

  test('the generator gives the CPU generator bits', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const key = streamKey(7, Stream.weight, 3);
    const got = await gp.api.generate({ dist: DIST.bits, key, scale: 0, count: 1000, offset: 12345 });
    for (let i = 0; i < got.length; i++) expect(got[i], `counter ${12345 + i}`).toBe(bits(key, 12345 + i));
  });

  test('training follows the CPU trainer (relu · xor · sgd, 30 steps)', async (ctx) => {
    skipWithoutGpu(ctx, gp);
    const config = normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 2, width: 16, optimizer: 'sgd', lr: 0.1, batchSize: 64, trainSize: 64, testSize: 64, steps: 30, every: 10 });
    const gpu = (await gp.api.train(config)).result.checkpoints;
    const ref = (await runTraining(new CpuTrainer(), config)).checkpoints;
    expect(gpu.map((k) => k.step)).toEqual(ref.map((k) => k.step));
    // Step 0: the same network and data, only float32 summation order differs; later, float32 drift.
    gpu.forEach((k, i) => expect(Math.abs(k.train.loss - ref[i].train.loss), `step ${k.step}`).toBeLessThan((i === 0 ? 1e-5 : 2e-3) * ref[i].train.loss));
    expect(ref.at(-1)!.train.loss).toBeLessThan(ref[0].train.loss);
  });
});
