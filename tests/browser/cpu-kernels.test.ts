/**
 * The CPU kernels in Chromium: on a cross-origin-isolated page (the dev and preview servers send
 * COOP/COEP) and in a worker of it they run on several threads, with relaxed SIMD, within the
 * float64 reference's bound, and with plain SIMD bit for bit as in Node, and fill the generator's
 * values bit for bit; without isolation they run
 * on one thread and say why; the Vite-built page loads them too.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { backwardRatio, forwardRatio, weightGradRatio } from '../../src/cpu/kernel-reference';
import { cpuKernelsCheck, SCALE, type CheckResult, type CheckSpec } from '../../src/cpu/kernels-check';
import { connect, openPage } from './harness';
import { serveBuiltApp } from './serve-built';

const PAGE = 'tests/browser/pages/cpu-kernels.html';
const shape = { batch: 33, nIn: 100, nOut: 17 };

function expectWithinBound({ inputs, outputs }: CheckResult): void {
  const [h, w, bias, d, s, g, gw] = [inputs.h, inputs.w, inputs.bias, inputs.d, outputs.s, outputs.g, outputs.gw].map((x) => Float32Array.from(x));
  expect(forwardRatio(s!, h!, w!, bias!, shape)).toBeLessThanOrEqual(1);
  expect(backwardRatio(g!, d!, w!, shape)).toBeLessThanOrEqual(1);
  expect(weightGradRatio(gw!, d!, h!, SCALE, shape)).toBeLessThanOrEqual(1);
}

function expectWorkersTookTiles(r: CheckResult): void {
  expect(r.info.tilesPerThread.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}

type Where = 'onPage' | 'inWorker';

async function check(page: Page, where: Where, spec: CheckSpec): Promise<CheckResult> {
  await page.waitForFunction(() => 'cpuKernels' in window);
  return page.evaluate((w, s) => window.cpuKernels[w](s), where, spec);
}

let browser: Browser;
/** Node's result with plain SIMD: the bits every plain-SIMD run must reproduce. */
let node: CheckResult;
beforeAll(async () => {
  browser = await connect();
  node = await cpuKernelsCheck({ shape, threads: 2, relaxedSimd: false });
});
afterAll(async () => {
  await browser.disconnect();
});

describe('CPU kernels on a cross-origin-isolated page', () => {
  for (const where of ['onPage', 'inWorker'] as const) {
    it(`${where === 'onPage' ? 'on the page' : 'in a worker'}: 3 threads share the memory; relaxed SIMD within bound, plain SIMD as in Node`, async () => {
      const { page, errors } = await openPage(browser, PAGE);
      const relaxed = await check(page, where, { shape, threads: 3 });
      const plain = await check(page, where, { shape, threads: 3, relaxedSimd: false });
      expect(relaxed.info).toMatchObject({ crossOriginIsolated: true, sharedMemory: true, threads: 3, simd: 'relaxed' });
      expectWorkersTookTiles(relaxed);
      expectWithinBound(relaxed);
      expect(plain.info.simd).toBe('plain');
      expect(plain.outputs).toEqual(node.outputs);
      expect(relaxed.fillMismatches + plain.fillMismatches).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('by default uses every core the browser reports', async () => {
    const { page } = await openPage(browser, PAGE);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const result = await check(page, 'onPage', { shape });
    expect(result.info).toMatchObject({ threads: cores, cores, reason: `all ${cores} cores` });
    await page.close();
  });
});

describe('CPU kernels on a page that is not cross-origin isolated', () => {
  it('run on one thread, say why, and compute the same bits', async () => {
    const page = await browser.newPage();
    // Serve the page's document without COOP/COEP: the page is then not cross-origin isolated.
    await page.setCacheEnabled(false);
    const cdp = await page.createCDPSession();
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*cpu-kernels.html*', requestStage: 'Response' }] });
    cdp.on('Fetch.requestPaused', async ({ requestId, responseHeaders }) => {
      const { body } = await cdp.send('Fetch.getResponseBody', { requestId });
      const headers = (responseHeaders ?? []).filter((h) => !/^cross-origin-(opener|embedder)-policy$/i.test(h.name));
      await cdp.send('Fetch.fulfillRequest', { requestId, responseCode: 200, responseHeaders: headers, body });
    });
    await page.goto(new URL(PAGE, inject('baseUrl')).href, { waitUntil: 'load' });
    const result = await check(page, 'onPage', { shape, threads: 3, relaxedSimd: false });
    expect(result.info.crossOriginIsolated).toBe(false);
    expect(result.info.threads).toBe(1);
    expect(result.info.reason).toMatch(/^single-threaded: the page is not cross-origin isolated \(serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp\)/);
    expect(result.outputs).toEqual(node.outputs);
    await page.close();
  });
});

describe('CPU kernels in the Vite-built page', () => {
  let built: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    built = await serveBuiltApp([PAGE]);
  });
  afterAll(async () => {
    await built.close();
  });

  it('load from the built assets and compute within bound on several threads', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(new URL(PAGE, built.url).href, { waitUntil: 'load' });
    for (const where of ['onPage', 'inWorker'] as const) {
      const result = await check(page, where, { shape, threads: 2 });
      expect(result.info).toMatchObject({ crossOriginIsolated: true, threads: 2 });
      expectWithinBound(result);
      expect(result.fillMismatches).toBe(0);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
