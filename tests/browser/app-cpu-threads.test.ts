/**
 * The app's CPU engine in the built app (served by `vite preview`, which sends COOP/COEP): its Web
 * Worker runs the WebAssembly kernels with their own workers, one per core, and computes the numbers
 * of Node's `cpu` engine (the kernels' float32 bits are the same; the statistics within 1e-14, as
 * Chromium's Math.log10 may round differently from Node's); served without the isolation headers it
 * runs on the worker's thread alone, says why, and computes the same numbers. The engine status names what ran.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { normalizeConfig } from '../../src/sim/config';
import { connect } from './harness';
import { nodeCpu } from './node-cpu';
import { appResult, expectClose, textOf, waitForNewResult } from './ui-helpers';

const QUERY = '?act=relu,tanh&depth=30&width=48&batch=24&seed=4&sb2=0.05&engine=cpu';
/** As the app runs it: it always measures the weight gradients, which it charts. */
const CONFIG = normalizeConfig({ activations: 'relu,tanh', depth: 30, width: 48, batch: 24, seed: 4, sigmaB2: 0.05, weightGrads: true });

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser.disconnect();
});

/** Opens the app; `isolated: false` serves its document without COOP/COEP, so it is not cross-origin isolated. */
async function openApp(isolated: boolean): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
  if (!isolated) {
    await page.setCacheEnabled(false);
    const cdp = await page.createCDPSession();
    await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', resourceType: 'Document', requestStage: 'Response' }] });
    cdp.on('Fetch.requestPaused', async ({ requestId, responseHeaders, responseStatusCode }) => {
      const { body } = await cdp.send('Fetch.getResponseBody', { requestId });
      const headers = (responseHeaders ?? []).filter((h) => !/^cross-origin-(opener|embedder)-policy$/i.test(h.name));
      await cdp.send('Fetch.fulfillRequest', { requestId, responseCode: responseStatusCode ?? 200, responseHeaders: headers, body });
    });
  }
  await page.goto(new URL(QUERY, inject('appUrl')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => !!window.__deltascope, { timeout: 30_000 });
  await waitForNewResult(page);
  return { page, errors };
}

test('cross-origin isolated: the CPU worker computes on every core, the numbers of Node\'s cpu engine', async () => {
  const { page, errors } = await openApp(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const result = await appResult(page);
  expect(result.config).toEqual(CONFIG);
  expect(result.engine).toMatchObject({ kind: 'cpu', threads: cores, threadsReason: `all ${cores} cores`, simd: 'plain' });
  const node = await nodeCpu(CONFIG, { details: true });
  expectClose(result.runs, node.runs, 1e-14, 'runs');
  expect(await textOf(page, 'ds-engine-status >>> dl')).toContain(`CPU: WebAssembly plain SIMD, ${cores} thread${cores === 1 ? '' : 's'} (all ${cores} cores), in a Web Worker`);
  expect(errors).toEqual([]);
  await page.close();
});

test('not cross-origin isolated: one thread, the reason, and the same numbers', async () => {
  const { page, errors } = await openApp(false);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  const result = await appResult(page);
  expect(result.engine).toMatchObject({ kind: 'cpu', threads: 1, simd: 'plain' });
  expect(result.engine.threadsReason).toMatch(/^single-threaded: the page is not cross-origin isolated \(serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp\)/);
  expectClose(result.runs, (await nodeCpu(CONFIG, { details: true })).runs, 1e-14, 'runs');
  expect(await textOf(page, 'ds-engine-status >>> dl')).toContain('1 thread (single-threaded: the page is not cross-origin isolated');
  expect(errors).toEqual([]);
  await page.close();
});
