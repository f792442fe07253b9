/**
 * Configurations beyond the device are refused before anything is allocated, with one clear line
 * (what it needs, what the device allows), and the device stays usable afterwards.
 */
import { expect, test } from 'vitest';
import { cfg, cpu, expectSameStats, rejection, runGpu, skipWithoutGpu, useGpuPage } from './gpu-helpers';

const gp = useGpuPage();

test('check() refuses a configuration that cannot fit, saying what it needs and what the device allows', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const huge = cfg({ depth: 100000, width: 16384, batch: 65536 });
  const err = await rejection(gp.api.check(huge));
  expect(err.name).toBe('ConfigError');
  expect(err.message).toMatch(/needs [\d.]+ (GiB|MiB)/);
  expect(err.message).toMatch(/device allows/);
  expect(err.message).not.toMatch(/\n/);
  // run() refuses it the same way, before starting.
  expect((await rejection(gp.api.run(huge))).name).toBe('ConfigError');
});

test('orthogonal weights must be stored: over the budget they are refused, Gaussian ones are regenerated', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const ortho = cfg({ init: 'orthogonal', depth: 200, width: 128, batch: 2 });
  expect((await rejection(gp.api.check(ortho, { memoryBudgetBytes: 2 * 1024 * 1024 }))).message).toMatch(/orthogonal/);
  const forced = gp.api.check(cfg({ depth: 200, width: 128, batch: 2 }), { weights: 'store', memoryBudgetBytes: 2 * 1024 * 1024 });
  expect((await rejection(forced)).name).toBe('ConfigError');
  await gp.api.check(cfg({ depth: 200, width: 128, batch: 2 }), { memoryBudgetBytes: 2 * 1024 * 1024 });
});

test('the device still works after refusals', async (ctx) => {
  skipWithoutGpu(ctx, gp);
  const config = cfg({ activations: ['relu'], depth: 2, width: 9, batch: 2 });
  expectSameStats(await runGpu(gp, config), cpu(config), { rel: 1e-4, abs: 1e-12 }, 'after');
});
