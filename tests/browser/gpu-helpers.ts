/**
 * Shared by the GPU browser tests: the headless page, its adapter check (a missing adapter FAILS
 * under CI=true and skips with a warning elsewhere), and comparison of GPU statistics with the CPU
 * engine's.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect } from 'vitest';
import type { DeltascopeHeadless, HeadlessRunOptions, Outcome } from '../../src/headless/main';
import { reviveResult } from '../../src/node/webgpu-runner';
import { normalizeConfig, type RawConfig, type SimConfig } from '../../src/sim/config';
import { runCpu } from '../../src/sim/cpu-engine';
import { parityList } from '../../src/sim/stat-schema';
import { FPRIME_BINS, LAYER_STATS, unitDeltaLog10, type SimResult } from '../../src/sim/stats';
import { connect, isCI, openPage } from './harness';

export interface GpuPage {
  page: Page;
  /** Console errors seen (uncaught WebGPU errors are logged there by src/gpu/device.ts). */
  errors: string[];
  available: boolean;
  why: string;
}

export async function openGpuPage(browser: Browser): Promise<GpuPage> {
  const { page, errors } = await openPage(browser, '/src/headless/index.html');
  await page.waitForFunction(() => typeof window.deltascopeHeadless === 'object', { timeout: 60_000 });
  const adapter = await page.evaluate(() => window.deltascopeHeadless.adapter());
  const why = adapter.ok ? '' : adapter.error.message;
  if (!adapter.ok) {
    if (isCI) throw new Error(`WebGPU is required under CI: ${why}`);
    console.warn(`GPU tests skipped: ${why}`);
  }
  return { page, errors, available: adapter.ok, why };
}

/**
 * Opens the GPU page for this test file before its tests (the returned object is filled in then);
 * after them the page's console must be free of errors, and the page and connection are closed.
 */
export function useGpuPage(): GpuPage {
  const gp = {} as GpuPage;
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await connect();
    Object.assign(gp, await openGpuPage(browser));
  });
  afterAll(async () => {
    expect(gp.errors ?? [], 'console errors on the GPU page').toEqual([]);
    await gp.page?.close();
    await browser?.disconnect();
  });
  return gp;
}

export async function callPage<K extends keyof DeltascopeHeadless>(
  page: Page, method: K, ...args: Parameters<DeltascopeHeadless[K]>
): Promise<Awaited<ReturnType<DeltascopeHeadless[K]>>> {
  return (await page.evaluate(
    (m, a) => (window.deltascopeHeadless[m] as (...x: unknown[]) => Promise<unknown>)(...a), method, args as unknown[],
  )) as Awaited<ReturnType<DeltascopeHeadless[K]>>;
}

/** Runs on the GPU (the engine runs inside validation/OOM/internal error scopes and reports any error). */
export async function runGpu(page: Page, config: SimConfig, opts: HeadlessRunOptions = {}): Promise<SimResult> {
  const out = (await callPage(page, 'run', config, opts)) as Outcome<Parameters<typeof reviveResult>[0]>;
  if (!out.ok) throw new Error(`GPU run failed: ${out.error.name}: ${out.error.message}`);
  return reviveResult(out.value);
}

export function cfg(raw: RawConfig): SimConfig {
  return normalizeConfig(raw);
}

export function cpu(config: SimConfig, details = false): SimResult {
  return runCpu(config, { details });
}

/**
 * THE list of statistics compared, from the schema (src/sim/stats.ts): every engine statistic with
 * its parity class, so a new statistic is compared without touching this file. `continuous` ones
 * with a relative tolerance (plus a tiny absolute floor); `log10` ones (logarithms) with the same
 * relative tolerance in decades, rel / ln 10; `fraction` ones (fractions of counts) with an
 * absolute one, since float32 rounding may flip an entry sitting at a kink (e.g. s ≈ 0 for relu);
 * `exact` ones equal.
 */
export const PARITY = parityList(LAYER_STATS);

export interface Tolerance {
  /** Relative tolerance for continuous statistics. */
  rel: number;
  /** Absolute floor (for values near 0). */
  abs?: number;
  /** Allowed difference in fraction statistics. */
  fraction?: number;
}

export function expectSameStats(gpu: SimResult, ref: SimResult, tol: Tolerance, label: string): void {
  expect(gpu.engine.kind).toBe('webgpu');
  expect(gpu.runs.length).toBe(ref.runs.length);
  ref.runs.forEach((r, ri) => {
    const g = gpu.runs[ri];
    expect(g.activation).toBe(r.activation);
    expect(g.layers.length).toBe(r.layers.length);
    r.layers.forEach((c, li) => {
      const x = g.layers[li] as unknown as Record<string, number | boolean | string | undefined>;
      const ref = c as unknown as Record<string, number | boolean | string | undefined>;
      const where = `${label} ${r.activation} layer ${c.layer}`;
      for (const { name: k, parity } of PARITY) {
        const a = ref[k];
        const b = x[k];
        // An optional statistic (weightGradRms without weightGrads) is absent from both.
        if (a === undefined) { expect(b, `${where} ${k}`).toBeUndefined(); continue; }
        if (parity === 'exact') { expect(b, `${where} ${k}`).toBe(a); continue; }
        expect(b, `${where} ${k}`).toBeTypeOf('number');
        const [ga, gb] = [a as number, b as number];
        if (parity === 'fraction') {
          expect(Math.abs(gb - ga), `${where} ${k}: gpu ${gb} cpu ${ga}`).toBeLessThanOrEqual(tol.fraction ?? 0);
          continue;
        }
        if (!Number.isFinite(ga)) { expect(String(gb), `${where} ${k}`).toBe(String(ga)); continue; }
        const bound = parity === 'log10' ? tol.rel / Math.LN10 : tol.rel * Math.abs(ga) + (tol.abs ?? 1e-30);
        expect(Math.abs(gb - ga), `${where} ${k}: gpu ${gb} cpu ${ga}`).toBeLessThanOrEqual(bound);
      }
    });
  });
}

/**
 * RunDetails: per-unit δ RMS (with its exponent) within `rel`, compared in decades; every layer's
 * |f′| histogram sums to batch·width, bins nearly equal.
 */
export function expectSameDetails(gpu: SimResult, ref: SimResult, rel: number, label: string): void {
  const { depth, width, batch } = ref.config;
  ref.runs.forEach((r, ri) => {
    const g = gpu.runs[ri].details!;
    const c = r.details!;
    expect(g, `${label} details`).toBeDefined();
    expect(g.deltaUnitScaled.length).toBe(depth * width);
    for (let l = 1; l <= depth; l++) {
      for (let j = 0; j < width; j++) {
        const a = unitDeltaLog10(c, width, l, j);
        const b = unitDeltaLog10(g, width, l, j);
        const where = `${label} ${r.activation} layer ${l} unit ${j}: gpu ${b} cpu ${a}`;
        if (!Number.isFinite(a)) expect(String(b), where).toBe(String(a));
        else expect(Math.abs(b - a), where).toBeLessThanOrEqual(rel / Math.LN10);
      }
    }
    for (let l = 0; l < depth; l++) {
      let sum = 0;
      let diff = 0;
      for (let k = 0; k < FPRIME_BINS; k++) {
        sum += g.fprimeHist[l * FPRIME_BINS + k];
        diff += Math.abs(g.fprimeHist[l * FPRIME_BINS + k] - c.fprimeHist[l * FPRIME_BINS + k]);
      }
      expect(sum, `${label} ${r.activation} layer ${l + 1} histogram total`).toBe(batch * width);
      // A value within float32 rounding of a bin edge may land in the neighbouring bin.
      expect(diff, `${label} ${r.activation} layer ${l + 1} histogram bins`).toBeLessThanOrEqual(Math.max(2, 0.02 * batch * width));
    }
  });
}
