/**
 * A browser without WebGPU: the app says so in a banner and the CPU engine runs instead, with the
 * same numbers as the CPU engine in Node.
 */
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { normalizeConfig } from '../../src/sim/config';
import { connect } from './harness';
import { nodeCpu } from './node-cpu';
import { appResult, textOf, waitForNewResult } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser?.disconnect();
});

test('without navigator.gpu a banner says so and the CPU engine gives the same numbers', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  // Hide WebGPU before any script of the page runs, as in a browser that lacks it.
  await page.evaluateOnNewDocument(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
  });
  await page.goto(new URL('?act=tanh,relu&depth=12&width=10&batch=3&seed=7', inject('appUrl')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => !!window.__deltascope, { timeout: 30_000 });
  await waitForNewResult(page);

  const banner = (await textOf(page, '#gpu-banner')) ?? '';
  expect(banner).toMatch(/WebGPU is not available here/);
  expect(banner).toMatch(/CPU engine/);
  const state = await page.evaluate(() => ({ engine: window.__deltascope!.controller.state.engineUsed, gpu: window.__deltascope!.controller.state.gpu.state }));
  expect(state).toEqual({ engine: 'cpu', gpu: 'unavailable' });

  const result = await appResult(page);
  const ref = await nodeCpu(normalizeConfig({ activations: 'tanh,relu', depth: 12, width: 10, batch: 3, seed: 7 }));
  result.runs.forEach((run, i) => run.layers.forEach((l, k) => {
    expect(Math.abs(l.deltaRms - ref.runs[i].layers[k].deltaRms)).toBeLessThanOrEqual(1e-9 * ref.runs[i].layers[k].deltaRms);
  }));
  expect(errors).toEqual([]);
  await page.close();
});
