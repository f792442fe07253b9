/**
 * Shared by the GPU tests: the headless API on either path (the headless page in the shared
 * Chromium, or Dawn in this process), the skip policy, and comparison of GPU statistics with the
 * CPU engine's. Without an adapter a GPU test is skipped (the report says so) outside CI and fails
 * under CI=true. DELTASCOPE_TEST_HIDE_WEBGPU=1 hides the adapter from both paths, to see that policy work.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect, type TestContext } from 'vitest';
import type { HeadlessGpu } from '../../src/headless/api';
import type { HeadlessApi, HeadlessRunOptions } from '../../src/headless/protocol';
import { HEADLESS_PAGE, remoteApi, waitForHeadless } from '../../src/node/chromium';
import { loadDawn } from '../../src/node/dawn';
import { normalizeConfig, type RawConfig, type SimConfig } from '../../src/sim/config';
import { runReference } from '../../src/sim/cpu-engine';
import { FPRIME_BINS, unitDeltaLog10, type SimResult } from '../../src/sim/stats';
import { expectSameStats as expectSameRefStats, type Tolerance } from '../reference/parity';
import { connect, isCI, openPage } from './harness';

const hidden = process.env.DELTASCOPE_TEST_HIDE_WEBGPU === '1';

export interface GpuUnderTest {
  api: HeadlessApi;
  /** The headless page (Chromium path only). */
  page?: Page;
  /** Console errors seen on the page (uncaught WebGPU errors are logged there by src/gpu/device.ts). */
  errors: string[];
  available: boolean;
  /** Why there is no adapter. */
  why: string;
  /** How many devices have been requested on this path so far (GPUAdapter.requestDevice calls). */
  deviceRequests(): Promise<number>;
}

/** Wraps GPUAdapter.prototype.requestDevice of this realm to count its calls in `counter.n`. */
function countDeviceRequests(counter: { n: number }): void {
  const original = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
    counter.n++;
    return original.apply(this, args);
  };
}

/** Under CI a missing adapter fails the file; elsewhere its tests are skipped (see skipWithoutGpu). */
function settle(gp: GpuUnderTest, available: boolean, why: string, where: string): void {
  Object.assign(gp, { available, why });
  if (!available && isCI) throw new Error(`WebGPU is required under CI (${where}): ${why}`);
}

/** Call first in every GPU test: skips it, with the reason, when there is no adapter. */
export function skipWithoutGpu(ctx: TestContext, gp: GpuUnderTest): void {
  if (!gp.available) ctx.skip(`no WebGPU adapter: ${gp.why}`);
}

export async function openGpuPage(browser: Browser): Promise<GpuUnderTest> {
  const page = await browser.newPage();
  if (hidden) await page.evaluateOnNewDocument(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true }));
  await page.evaluateOnNewDocument(`(${countDeviceRequests.toString()})(window.__deviceRequests = { n: 0 })`);
  const { errors } = await openPage(browser, HEADLESS_PAGE, page);
  await waitForHeadless(page, errors);
  const api = await remoteApi(page);
  const deviceRequests = (): Promise<number> => page.evaluate(() => (window as unknown as { __deviceRequests: { n: number } }).__deviceRequests.n);
  const gp: GpuUnderTest = { api, page, errors, available: false, why: '', deviceRequests };
  const why = await api.adapter().then(() => '', (e: Error) => e.message);
  settle(gp, !why, why, 'headless Chromium');
  return gp;
}

/**
 * The GPU page for this test file, opened before its tests (the returned object is filled in then);
 * after them the page's console must be free of errors, and the page and connection are closed.
 */
export function useGpuPage(): GpuUnderTest {
  const gp = { errors: [] } as unknown as GpuUnderTest;
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await connect();
    Object.assign(gp, await openGpuPage(browser));
  });
  afterAll(async () => {
    expect(gp.errors, 'console errors on the GPU page').toEqual([]);
    await gp.page?.close();
    await browser?.disconnect();
  });
  return gp;
}

/** The same API in this process through Dawn (one device for the file, released after it). */
export function useDawn(): GpuUnderTest {
  const counter = { n: 0 };
  const gp = { errors: [], deviceRequests: async () => counter.n } as unknown as GpuUnderTest;
  let api: HeadlessGpu | undefined;
  beforeAll(async () => {
    const dawn = hidden ? { reason: 'hidden by DELTASCOPE_TEST_HIDE_WEBGPU=1' } : await loadDawn();
    let why = 'reason' in dawn ? dawn.reason : '';
    if ('gpu' in dawn) {
      countDeviceRequests(counter);
      // The engine's modules read WebGPU's globals (GPUBufferUsage, …) as they load: after Dawn set them.
      api = (await import('../../src/headless/api')).createHeadlessApi(dawn.gpu);
      why = await api.adapter().then(() => '', (e: Error) => e.message);
    }
    gp.api = api as HeadlessApi;
    settle(gp, !why, why, 'Dawn in Node');
  });
  afterAll(async () => {
    await api?.dispose();
  });
  return gp;
}

/** Runs on the GPU (the engine runs inside validation/OOM/internal error scopes and reports any error). */
export function runGpu(gp: GpuUnderTest, config: SimConfig, opts: HeadlessRunOptions = {}): Promise<SimResult> {
  return gp.api.run(config, opts);
}

/** The error `promise` rejects with (a test expects one). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('expected a rejection'); }, (e: Error) => e);
}

export function cfg(raw: RawConfig): SimConfig {
  return normalizeConfig(raw);
}

export function cpu(config: SimConfig, details = false): SimResult {
  return runReference(config, { details });
}

/** The GPU result holds the reference's statistics (tests/reference/parity.ts). */
export function expectSameStats(gpu: SimResult, ref: SimResult, tol: Tolerance, label: string): void {
  expect(gpu.engine.kind).toBe('webgpu');
  expectSameRefStats(gpu, ref, tol, label);
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
