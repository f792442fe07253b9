/**
 * Configurations beyond the device are refused before anything is allocated, with one clear line
 * (what it needs, what the device allows), and the device stays usable afterwards.
 */
import { expect, test } from 'vitest';
import { callPage, cfg, cpu, expectSameStats, runGpu, useGpuPage } from './gpu-helpers';

const gp = useGpuPage();

test('check() refuses a configuration that cannot fit, saying what it needs and what the device allows', async (ctx) => {
  if (!gp.available) return ctx.skip();
  const huge = cfg({ depth: 100000, width: 16384, batch: 65536 });
  const out = await callPage(gp.page, 'check', huge);
  expect(out.ok).toBe(false);
  if (out.ok) return;
  expect(out.error.name).toBe('ConfigError');
  expect(out.error.message).toMatch(/needs [\d.]+ (GiB|MiB)/);
  expect(out.error.message).toMatch(/device allows/);
  expect(out.error.message).not.toMatch(/\n/);
  // run() refuses it the same way, before starting.
  const run = await callPage(gp.page, 'run', huge);
  expect(run.ok ? '' : run.error.name).toBe('ConfigError');
});

test('orthogonal weights must be stored: over the budget they are refused, Gaussian ones are regenerated', async (ctx) => {
  if (!gp.available) return ctx.skip();
  const ortho = cfg({ init: 'orthogonal', depth: 200, width: 128, batch: 2 });
  const out = await callPage(gp.page, 'check', ortho, { memoryBudgetBytes: 2 * 1024 * 1024 });
  expect(out.ok ? '' : out.error.message).toMatch(/orthogonal/);
  const forced = await callPage(gp.page, 'check', cfg({ depth: 200, width: 128, batch: 2 }), { weights: 'store', memoryBudgetBytes: 2 * 1024 * 1024 });
  expect(forced.ok ? '' : forced.error.name).toBe('ConfigError');
  const auto = await callPage(gp.page, 'check', cfg({ depth: 200, width: 128, batch: 2 }), { memoryBudgetBytes: 2 * 1024 * 1024 });
  expect(auto.ok).toBe(true);
});

test('the device still works after refusals', async (ctx) => {
  if (!gp.available) return ctx.skip();
  const config = cfg({ activations: ['relu'], depth: 2, width: 9, batch: 2 });
  expectSameStats(await runGpu(gp.page, config), cpu(config), { rel: 1e-4, abs: 1e-12 }, 'after');
});
