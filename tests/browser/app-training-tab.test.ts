/**
 * The training view mounted in the built app: a link to ?tab=training opens it with its t.* settings,
 * it trains, and the simulator's URL writer keeps the training keys (and vice versa) across tabs;
 * on WebGPU both views use one device.
 */
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { CpuTrainer } from '../../src/sim/train/cpu-trainer';
import { normalizeTrainConfig } from '../../src/sim/train/train-config';
import { connect, isCI } from './harness';
import { nodeCpuTrainer } from './node-cpu';
import { openApp } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser?.disconnect();
});

const QUERY = '?tab=training&engine=cpu&t.engine=cpu&t.task=xor&t.act=relu&t.depth=3&t.width=8&t.steps=20&t.every=10&t.seed=5';

test('the Training tab hosts the training view; both views keep their settings in one URL', async () => {
  const { page, errors } = await openApp(browser, QUERY);
  // The view is mounted inside the app and built from the URL's t.* keys.
  await page.waitForFunction(() => {
    const s = window.__deltascope?.train.state;
    return s?.phase === 'ready' || s?.phase === 'paused';
  }, { timeout: 60_000, polling: 100 });
  expect(await page.evaluate(() => !!document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-train-view'))).toBe(true);
  // Opened on the training tab, the simulator does not run in the background.
  expect(await page.evaluate(() => window.__deltascope!.controller.state.phase)).toBe('idle');

  // Train to the end: the step-20 loss equals the CPU trainer's, run here in Node.
  await page.evaluate(() => window.__deltascope!.train.play());
  await page.waitForFunction(() => window.__deltascope?.train.state.phase === 'done', { timeout: 60_000, polling: 100 });
  const loss = await page.evaluate(() => {
    const runs = window.__deltascope!.train.state.runs;
    const cps = runs[0].checkpoints;
    return cps[cps.length - 1].train.loss;
  });
  const config = normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 3, width: 8, steps: 20, every: 10, seed: 5 });
  const trainer = await nodeCpuTrainer();
  await trainer.init(config);
  const cps = await trainer.step(20);
  trainer.dispose();
  expect(Math.abs(loss - cps[cps.length - 1].train.loss)).toBeLessThan(1e-6 * Math.abs(cps[cps.length - 1].train.loss));

  // Switching to the simulator runs it and keeps the t.* keys in the URL.
  await page.evaluate(() => {
    const tab = document.querySelector('ds-app')!.shadowRoot!.querySelector<HTMLButtonElement>('#tab-init')!;
    tab.click();
  });
  await page.waitForFunction(() => window.__deltascope?.controller.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const search = new URLSearchParams(await page.evaluate(() => window.location.search));
  expect(search.get('t.task')).toBe('xor');
  expect(search.get('t.depth')).toBe('3');
  expect(search.get('tab')).not.toBe('training');
  expect(errors).toEqual([]);
  await page.close();
});

test('the simulator and the training view share one WebGPU device', async (ctx) => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __devices: number };
    w.__devices = 0;
    const original = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
      w.__devices++;
      return original.apply(this, args);
    };
  });
  // WebGPU named in the URL: on a software adapter the views would otherwise start on the CPU engine.
  const query = '?act=relu&depth=6&width=8&batch=2&engine=webgpu&t.engine=webgpu&t.task=xor&t.act=relu&t.depth=2&t.width=8&t.steps=10&t.every=5&t.seed=2';
  await page.goto(new URL(query, inject('appUrl')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__deltascope?.controller.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const gpuState = await page.evaluate(() => window.__deltascope!.controller.state.gpu.state);
  if (gpuState !== 'ready') {
    await page.close();
    if (isCI) throw new Error('no WebGPU adapter under CI');
    ctx.skip('no WebGPU adapter here: the shared-device check needs one');
  }
  expect(await page.evaluate(() => window.__deltascope!.controller.state.engineUsed)).toBe('webgpu');

  await page.evaluate(() => document.querySelector('ds-app')!.shadowRoot!.querySelector<HTMLButtonElement>('#tab-training')!.click());
  await page.waitForFunction(() => ['ready', 'paused'].includes(window.__deltascope?.train.state.phase ?? ''), { timeout: 120_000, polling: 100 });
  await page.evaluate(() => window.__deltascope!.train.play());
  await page.waitForFunction(() => window.__deltascope?.train.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const trained = await page.evaluate(() => {
    const s = window.__deltascope!.train.state;
    const cps = s.runs[0].checkpoints;
    return { engine: s.engineUsed, loss: cps[cps.length - 1].train.loss, devices: (window as unknown as { __devices: number }).__devices };
  });
  expect(trained.engine).toBe('webgpu');
  expect(trained.devices).toBe(1);
  // The GPU trainer on the shared device follows the CPU trainer (float32 tolerance over 10 steps).
  const trainer = new CpuTrainer();
  await trainer.init(normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 2, width: 8, steps: 10, every: 5, seed: 2 }));
  const cps = await trainer.step(10);
  const want = cps[cps.length - 1].train.loss;
  expect(Math.abs(trained.loss - want)).toBeLessThan(1e-3 * Math.abs(want));
  expect(errors).toEqual([]);
  await page.close();
});
