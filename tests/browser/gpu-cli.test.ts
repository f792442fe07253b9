/**
 * The command line's WebGPU path end to end: `sim --engine webgpu --format json` launches its own
 * headless Chromium and dev server and prints the CPU engine's JSON schema with engine.adapter set;
 * a configuration beyond the device exits 2 with one line on stderr.
 */
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import type { SimResult } from '../../src/sim/stats';
import { cfg, cpu, expectSameStats } from './gpu-helpers';

function sim(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'src/cli/sim.ts', ...args], { encoding: 'utf8', timeout: 170_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('sim --engine webgpu prints the same statistics as the CPU engine', () => {
  const r = sim(['--engine', 'webgpu', '--activation', 'relu,tanh', '--init', 'he-normal', '--depth', '6', '--width', '24', '--batch', '5', '--format', 'json']);
  if (r.status !== 0 && /WebGPU|adapter|browser/i.test(r.stderr) && process.env.CI !== 'true') {
    console.warn(`skipped: ${r.stderr.trim()}`);
    return;
  }
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const gpu = JSON.parse(r.stdout) as SimResult;
  expect(gpu.engine.kind).toBe('webgpu');
  expect(gpu.engine.adapter).toMatchObject({ vendor: expect.any(String), isFallbackAdapter: expect.any(Boolean), isSoftware: expect.any(Boolean) });
  const config = cfg({ activations: ['relu', 'tanh'], init: 'he-normal', depth: 6, width: 24, batch: 5 });
  expectSameStats(gpu, cpu(config), { rel: 1e-4, abs: 1e-12, fraction: 1 / 120 }, 'cli');
});

test('a configuration beyond the device exits 2 with one line', () => {
  const r = sim(['--engine', 'webgpu', '--depth', '100000', '--width', '16384', '--batch', '65536', '--format', 'json']);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/needs .* (GiB|MiB)/);
});
