/**
 * The command line's WebGPU engine end to end, on both paths: in-process Dawn (the default where it
 * loads and finds an adapter) and headless Chromium (the fallback, or DELTASCOPE_WEBGPU=chromium).
 * Each command prints the CPU engine's schema with engine.via naming the path and one stderr line
 * saying which; launch failures and configurations beyond the device exit 2 with one line.
 */
import { spawnSync } from 'node:child_process';
import { expect, test, type TestContext } from 'vitest';
import { loadDawn } from '../../src/node/dawn';
import { runReference } from '../../src/sim/cpu-engine';
import { runSeeds } from '../../src/sim/seeds';
import type { SimResult } from '../../src/sim/stats';
import { cfg, cpu, expectSameStats } from './gpu-helpers';
import { isCI } from './harness';

// The commands get this environment, not the one loadDawn below adjusts for this process.
const ENV = { ...process.env };
const dawn = await loadDawn();

interface Ran { status: number | null; stdout: string; stderr: string; lines: string[] }

function cli(tool: 'sim' | 'train' | 'bench', args: string[], env: Record<string, string> = {}): Ran {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${tool}.ts`, ...args], { encoding: 'utf8', timeout: 170_000, env: { ...ENV, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stderr.trim().split('\n').filter((l) => l) };
}

/** The Dawn path needs Dawn to load and find an adapter here; under CI it must. */
function needDawn(ctx: TestContext): void {
  if ('gpu' in dawn) return;
  if (isCI) throw new Error(`in-process WebGPU (Dawn) is required under CI: ${dawn.reason}`);
  ctx.skip(`in-process WebGPU (Dawn) unavailable: ${dawn.reason}`);
}

/** Chromium without a WebGPU adapter exits 2 saying so: skipped outside CI, a failure under it. */
function needChromiumAdapter(ctx: TestContext, r: Ran): void {
  if (r.status === 2 && /WebGPU is (present but no GPU adapter|not available)/.test(r.stderr) && !isCI) ctx.skip(r.lines[0]);
}

const SIM = ['--engine', 'webgpu', '--activation', 'relu,tanh', '--init', 'he-normal', '--depth', '6', '--width', '24', '--batch', '5', '--format', 'json'];
const SIM_CONFIG = cfg({ activations: ['relu', 'tanh'], init: 'he-normal', depth: 6, width: 24, batch: 5 });

function expectSimLikeCpu(r: Ran, via: 'dawn' | 'chromium'): void {
  expect(r.status, r.stderr).toBe(0);
  const gpu = JSON.parse(r.stdout) as SimResult;
  expect(gpu.engine.kind).toBe('webgpu');
  expect(gpu.engine.via).toBe(via);
  expect(gpu.engine.adapter).toMatchObject({ vendor: expect.any(String), isFallbackAdapter: expect.any(Boolean), isSoftware: expect.any(Boolean) });
  expectSameStats(gpu, cpu(SIM_CONFIG), { rel: 1e-4, abs: 1e-12, fraction: 1 / 120 }, `cli ${via}`);
}

test('sim --engine webgpu runs in this process through Dawn and prints the CPU engine statistics', (ctx) => {
  needDawn(ctx);
  const r = cli('sim', SIM);
  expectSimLikeCpu(r, 'dawn');
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toMatch(/^sim: WebGPU in this process through Dawn · /);
});

test('sim --engine webgpu through headless Chromium (DELTASCOPE_WEBGPU=chromium) prints the same', (ctx) => {
  const r = cli('sim', SIM, { DELTASCOPE_WEBGPU: 'chromium' });
  needChromiumAdapter(ctx, r);
  expectSimLikeCpu(r, 'chromium');
  expect(r.lines).toEqual(['sim: WebGPU through headless Chromium (DELTASCOPE_WEBGPU=chromium)']);
});

test('without a Dawn adapter it falls back to Chromium, says why in one line, and runs --seeds 3 on one page', async (ctx) => {
  const r = cli('sim', ['--engine', 'webgpu', '--depth', '5', '--width', '12', '--batch', '3', '--seeds', '3', '--format', 'json'], { VK_ICD_FILENAMES: '/nonexistent/vk_icd.json' });
  needChromiumAdapter(ctx, r);
  expect(r.status, r.stderr).toBe(0);
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toMatch(/^sim: WebGPU through headless Chromium \(in-process Dawn is unavailable: .*VK_ICD_FILENAMES=\/nonexistent\/vk_icd\.json\)$/);
  const gpu = JSON.parse(r.stdout) as SimResult;
  expect(gpu.engine.via).toBe('chromium');
  expect(gpu.seeds).toEqual({ first: 1, count: 3 });
  const config = cfg({ depth: 5, width: 12, batch: 3 });
  const ref = await runSeeds(config, 3, runReference);
  gpu.runs[0].layers.forEach((l, i) => {
    const want = ref.runs[0].layers[i].deltaRms;
    expect(Math.abs(l.deltaRms - want), `seed median deltaRms, layer ${i + 1}`).toBeLessThanOrEqual(1e-4 * want);
  });
});

// #15 item 2: a training that diverges. The CPU engine writes NaN; the GPU must, on both paths.
const DIVERGES = ['--lr', '1e6', '--optimizer', 'sgd', '--steps', '20', '--every', '10', '--depth', '2', '--width', '8'];
const cells = (csv: string, match: (cell: string) => boolean): string[] =>
  csv.trim().split('\n').flatMap((row, r) => row.split(',').flatMap((cell, c) => (match(cell) ? [`${r}:${c}`] : [])));

let cpuCsv: string | undefined;
/** The CPU engine's CSV of the same training, computed once. */
function referenceCsv(): string {
  if (cpuCsv === undefined) {
    const ref = cli('train', [...DIVERGES, '--format', 'csv']);
    expect(ref.status).toBe(0);
    cpuCsv = ref.stdout;
    expect(cells(cpuCsv, (c) => c === 'NaN').length, 'the CPU diverges: the case is real').toBeGreaterThan(10);
  }
  return cpuCsv;
}

test.for([
  ['in-process Dawn', {}],
  ['headless Chromium', { DELTASCOPE_WEBGPU: 'chromium' }],
] as const)('train --engine webgpu that diverges writes NaN where the CPU engine does (%s)', ([, env], ctx) => {
  const chromium = 'DELTASCOPE_WEBGPU' in env;
  if (!chromium) needDawn(ctx);
  const csv = cli('train', ['--engine', 'webgpu', ...DIVERGES, '--format', 'csv'], env);
  needChromiumAdapter(ctx, csv);
  expect(csv.status, csv.stderr).toBe(0);
  const ref = referenceCsv();
  expect(cells(csv.stdout, (c) => c === 'NaN')).toEqual(cells(ref, (c) => c === 'NaN'));
  expect(cells(csv.stdout, (c) => c === '')).toEqual(cells(ref, (c) => c === ''));
  if (!chromium) return;
  // The exact command prints the table; through the page it crashed on a null.
  const table = cli('train', ['--engine', 'webgpu', ...DIVERGES], env);
  expect(table.status, table.stderr).toBe(0);
  expect(table.lines).toHaveLength(1);
  expect(table.stdout).toMatch(/NaN/);
});

test('bench runs in this process through Dawn and names the path', (ctx) => {
  needDawn(ctx);
  const r = cli('bench', ['--depths', '2', '--widths', '8', '--batches', '2', '--iterations', '1', '--repeats', '1', '--warmup', '0', '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toMatch(/^bench: WebGPU in this process through Dawn · /);
  const out = JSON.parse(r.stdout) as { via: string; engines: Record<string, string>; rows: { results: Record<string, { ms: number } | null> }[] };
  expect(out.via).toBe('dawn');
  expect(Object.keys(out.engines)).toEqual(['webgpu', 'webgpu-run', 'cpu', 'reference']);
  expect(out.engines['webgpu']).toMatch(/matmuls forward \S+ \((prior|cache|tuned)\), backward \S+/);
  expect(out.rows).toHaveLength(1);
  for (const engine of ['webgpu', 'webgpu-run', 'cpu', 'reference']) expect(out.rows[0].results[engine]?.ms, engine).toBeGreaterThan(0);
});

test('bench --engines: tfjs-webgpu on the same Dawn device computes the CPU kernels\' input gradient', (ctx) => {
  needDawn(ctx);
  const r = cli('bench', ['--engines', 'cpu,tfjs-webgpu,webgpu', '--depths', '3', '--widths', '12', '--batches', '5', '--iterations', '1', '--repeats', '1', '--warmup', '0', '--format', 'json']);
  expect(r.status, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as { engines: Record<string, string>; unavailable: string[]; rows: { results: Record<string, { ms: number } | null>; agreement: Record<string, number> }[] };
  expect(out.unavailable).toEqual([]);
  expect(out.engines['tfjs-webgpu']).toMatch(/tfjs 4\.22\.0 webgpu backend: on deltascope's device/);
  expect(out.rows[0].results['tfjs-webgpu']?.ms).toBeGreaterThan(0);
  // Same data, same function: float32 rounding apart, the same gradient.
  expect(out.rows[0].agreement['tfjs-webgpu']).toBeLessThan(1e-5);
});

test('a configuration beyond the device exits 2 with one line', () => {
  const r = cli('sim', ['--engine', 'webgpu', '--depth', '100000', '--width', '16384', '--batch', '65536', '--format', 'json']);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/needs .* (GiB|MiB)/);
});

test.for([
  ['/bin/true', /^sim: the browser \/bin\/true did not start: /],
  ['/tmp', /^sim: PUPPETEER_EXECUTABLE_PATH=\/tmp is not an executable file/],
] as const)('PUPPETEER_EXECUTABLE_PATH=%s: exit 2 and one line (#15)', ([path, message]) => {
  const r = cli('sim', ['--engine', 'webgpu', '--depth', '2', '--width', '4'], { DELTASCOPE_WEBGPU: 'chromium', PUPPETEER_EXECUTABLE_PATH: path });
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toMatch(message);
});

test('when neither path works, the one line says why for both', () => {
  const r = cli('sim', ['--engine', 'webgpu', '--depth', '2'], { VK_ICD_FILENAMES: '/nonexistent/vk_icd.json', PUPPETEER_EXECUTABLE_PATH: '/bin/true' });
  expect(r.status).toBe(2);
  expect(r.lines).toHaveLength(1);
  expect(r.lines[0]).toMatch(/^sim: the browser \/bin\/true did not start: .* \(in-process Dawn is unavailable: no Vulkan driver manifest exists at VK_ICD_FILENAMES=\/nonexistent\/vk_icd\.json\)$/);
});

test('DELTASCOPE_WEBGPU: dawn that is unavailable, or an unknown value, exits 2 with one line', () => {
  const forced = cli('sim', ['--engine', 'webgpu', '--depth', '2'], { DELTASCOPE_WEBGPU: 'dawn', VK_ICD_FILENAMES: '/nonexistent/vk_icd.json' });
  expect(forced.status).toBe(2);
  expect(forced.lines).toEqual(['sim: DELTASCOPE_WEBGPU=dawn, but no Vulkan driver manifest exists at VK_ICD_FILENAMES=/nonexistent/vk_icd.json']);
  const bogus = cli('sim', ['--engine', 'webgpu', '--depth', '2'], { DELTASCOPE_WEBGPU: 'gpu' });
  expect(bogus.status).toBe(2);
  expect(bogus.lines).toEqual(["sim: DELTASCOPE_WEBGPU must be one of auto, dawn, chromium (got 'gpu')"]);
});
