/**
 * The fault test (#15 item 11): the GPU device lost in the middle of a run, destroyed from outside
 * as a crashed GPU process or a driver reset ends it. The app must say the device was lost (not
 * "cancelled"), leave no uncaught page error, and run again: on a new device, or on the CPU engine
 * with a one-line reason when none can be had. The command line prints one line and exits 1.
 */
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect, test, type TestContext } from 'vitest';
import { loadDawn } from '../../src/node/dawn';
import { connect, isCI } from './harness';
import { clickRun, fill, markResult, openApp, textOf, waitForNewResult } from './ui-helpers';

/** Long enough on SwiftShader (a few seconds, mostly per-dispatch cost) to be caught mid-run. */
const RUN = '?act=relu&depth=300&width=32&batch=4&engine=webgpu';

/** The next run, as a user starts it: a smaller depth in the form, then Run. */
async function runAgain(page: Page): Promise<void> {
  await markResult(page);
  await fill(page, '#f-depth', '12');
  await clickRun(page);
  await waitForNewResult(page);
}

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser?.disconnect();
});

type Phase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';
const state = (page: Page): Promise<{ phase: Phase; error: string | null; gpu: string; gpuMessage: string | null; engine: string | null }> =>
  page.evaluate(() => {
    const s = window.__deltascope!.controller.state;
    return { phase: s.phase, error: s.error, gpu: s.gpu.state, gpuMessage: s.gpu.message, engine: s.engineUsed };
  });

/** Opens the app on a WebGPU run and destroys its device once the run is a tenth done. */
async function loseMidRun(ctx: TestContext, before?: (page: Page) => Promise<void>): Promise<{ page: Page; errors: string[] }> {
  const app = await openApp(browser, RUN);
  const { page } = app;
  await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state !== 'probing', { timeout: 60_000 });
  const { gpu, gpuMessage } = await state(page);
  if (gpu !== 'ready') {
    if (isCI) throw new Error(`WebGPU is required under CI: ${gpuMessage}`);
    await page.close();
    ctx.skip(`no WebGPU in the page: ${gpuMessage}`);
  }
  await page.waitForFunction(() => {
    const s = window.__deltascope!.controller.state;
    return s.phase === 'running' && s.engineUsed === 'webgpu' && (s.progress?.fraction ?? 0) > 0.1;
  }, { timeout: 60_000, polling: 20 });
  await before?.(page);
  // As a crash would: from outside the app (the engine's device is the page's one device).
  await page.evaluate(() => (window.__deltascope!.controller as unknown as { gpu: { device: GPUDevice } }).gpu.device.destroy());
  await page.waitForFunction(() => window.__deltascope!.controller.state.phase !== 'running', { timeout: 60_000 });
  return app;
}

test('the app: a device lost mid-run is an error that says so, and the next run works on a new device', async (ctx) => {
  const { page, errors } = await loseMidRun(ctx);
  const lost = await state(page);
  expect(lost.phase).toBe('error');
  expect(lost.error).toMatch(/^the WebGPU device was lost \(.*\) during the run; run it again/);
  expect(await textOf(page, '#run-error')).toMatch(/The simulation failed: the WebGPU device was lost/);
  expect(await page.$('>>> #cancelled')).toBeNull();
  // A new device is requested at once.
  await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state === 'ready', { timeout: 60_000 });
  await runAgain(page);
  expect(await state(page)).toMatchObject({ phase: 'done', engine: 'webgpu' });
  expect(await page.evaluate(() => window.__deltascope!.controller.state.result!.runs[0].layers.length)).toBe(12);
  expect(errors, `page errors: ${errors.join('\n')}`).toEqual([]);
  await page.close();
});

test('the app: when no new device can be had, the next run is on the CPU engine and the banner says why', async (ctx) => {
  const { page, errors } = await loseMidRun(ctx, async (p) => {
    // The browser will give no adapter after this crash.
    await p.evaluate(() => {
      navigator.gpu.requestAdapter = async () => null;
    });
  });
  expect((await state(page)).phase).toBe('error');
  await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state === 'unavailable', { timeout: 60_000 });
  const { gpuMessage } = await state(page);
  expect(gpuMessage).toMatch(/^the WebGPU device was lost \(.*\), and no new device could be had: /);
  expect(await textOf(page, '#gpu-banner')).toMatch(/WebGPU is not available here \(the WebGPU device was lost/);
  await runAgain(page);
  expect(await state(page)).toMatchObject({ phase: 'done', engine: 'cpu' });
  expect(errors, `page errors: ${errors.join('\n')}`).toEqual([]);
  await page.close();
});

test('the command line (its real entry): a device lost mid-run is one line and exit 1, nothing on stdout', async (ctx) => {
  const dawn = await loadDawn();
  if (!('gpu' in dawn)) {
    if (isCI) throw new Error(`in-process WebGPU (Dawn) is required under CI: ${dawn.reason}`);
    ctx.skip(`no WebGPU adapter through Dawn: ${dawn.reason}`);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '--engine', 'webgpu', '--depth', '300', '--width', '32', '--batch', '4', '--format', 'json'], {
    encoding: 'utf8', timeout: 120_000, env: { ...process.env, DELTASCOPE_FAULT: 'device-lost@0.5' },
  });
  expect(r.status, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^sim: the WebGPU device was lost \([^\n]*\)\n$/);
});
