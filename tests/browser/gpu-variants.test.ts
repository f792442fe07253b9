/**
 * Every matmul variant (src/gpu/matmul-variants.ts) against the CPU engine, on shapes that are not
 * multiples of any tile (several tiles along each dimension of the larger ones): the same
 * statistics within float32 tolerance. The products are the same bits in every variant, since each
 * output is summed in the same order whatever the tiling, so every statistic of s, h and δ is too
 * and the autotune's choice changes only the speed; the weight-gradient statistic is a sum over the
 * variant's workgroups, in their order, so it agrees within float32 rounding. A residual BatchNorm
 * net of mixed layers runs through every variant too (the e and g operands). In this process through Dawn.
 */
import { describe, expect, test } from 'vitest';
import { VARIANT_NAMES } from '../../src/gpu/matmul-variants';
import type { SimResult } from '../../src/sim/stats';
import { cfg, cpu, expectSameStats, runGpu, skipWithoutGpu, useDawn } from './gpu-helpers';

const gp = useDawn();

describe('each matmul variant equals the CPU engine', () => {
  const config = cfg({ activations: ['relu', 'tanh'], depth: 3, width: 133, batch: 67, sigmaB2: 0.05, weightGrads: true, seed: 4 });
  const ref = cpu(config);
  const results = new Map<string, SimResult>();

  test.for(VARIANT_NAMES.map((name) => [name]))('variant %s', async ([variant], ctx) => {
    skipWithoutGpu(ctx, gp);
    const gpu = await runGpu(gp, config, { variant });
    expectSameStats(gpu, ref, { rel: 1e-4, abs: 1e-12, fraction: 1 / (133 * 67) }, variant);
    results.set(variant, gpu);
  });

  test('every variant gives the same bits (the weight-gradient sums within rounding)', (ctx) => {
    skipWithoutGpu(ctx, gp);
    const [first, ...others] = VARIANT_NAMES;
    const base = results.get(first);
    expect(base, 'the first variant ran').toBeDefined();
    const split = (r: SimResult) => r.runs.flatMap((run) => run.layers.map(({ weightGradRms, weightGradLog10, ...rest }) => ({ rest, weightGradRms })));
    const a = split(base!);
    for (const v of others) {
      const b = split(results.get(v)!);
      expect(b.map((x) => x.rest), v).toEqual(a.map((x) => x.rest));
      b.forEach((x, i) => expect(Math.abs(x.weightGradRms! / a[i].weightGradRms! - 1), `${v} weightGradRms ${i}`).toBeLessThan(1e-6));
    }
  });
});

describe('each matmul variant runs the architectures as the CPU engine does', () => {
  // The backward kernel reads e = N′ᵀδ and adds g; weight_grad reads e and the stored stream h.
  const config = cfg({ activations: ['relu+tanh'], residual: 0.5, norm: 'batch', depth: 3, width: 133, batch: 67, sigmaB2: 0.05, weightGrads: true, seed: 5 });
  const ref = cpu(config);

  test.for(VARIANT_NAMES.map((name) => [name]))('variant %s', async ([variant], ctx) => {
    skipWithoutGpu(ctx, gp);
    expectSameStats(await runGpu(gp, config, { variant }), ref, { rel: 1e-4, abs: 1e-12, fraction: 1 / (133 * 67) }, variant);
  });
});
