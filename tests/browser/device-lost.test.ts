/**
 * The fault test (#15 item 11): the GPU device lost in the middle of a run, destroyed from outside
 * as a crashed GPU process or a driver reset ends it. The app must say the device was lost (not
 * "cancelled"), leave no uncaught page error, and run again: on a new device, or on the CPU engine
 * with a one-line reason when none can be had. (The command line's side, one line and exit 1, is
 * row 11 of the hostile-input table, through the DELTASCOPE_FAULT hook.)
 */
import type { Page } from 'puppeteer';
import { expect, test } from 'vitest';
import { connect, isCI } from './harness';
import { clickRun, fill, markResult, openApp, textOf, waitForNewResult } from './ui-helpers';

/** Long enough on SwiftShader (a few seconds, mostly per-dispatch cost) to be caught mid-run. */
const LONG = '300';

type Phase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';
const state = (page: Page): Promise<{ phase: Phase; error: string | null; gpu: string; gpuMessage: string | null; engine: string | null }> =>
  page.evaluate(() => {
    const s = window.__deltascope!.controller.state;
    return { phase: s.phase, error: s.error, gpu: s.gpu.state, gpuMessage: s.gpu.message, engine: s.engineUsed };
  });

/** Starts a run as a user does: the depth in the form, then Run. */
async function runWithDepth(page: Page, depth: string): Promise<void> {
  await markResult(page);
  await fill(page, '#f-depth', depth);
  await clickRun(page);
}

/** Destroys the engine's device (the page's one device) from outside once the WebGPU run is a tenth done. */
async function loseMidRun(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const s = window.__deltascope!.controller.state;
    return s.phase === 'running' && s.engineUsed === 'webgpu' && (s.progress?.fraction ?? 0) > 0.1;
  }, { timeout: 60_000, polling: 20 });
  await page.evaluate(() => (window.__deltascope!.controller as unknown as { engine: { device: GPUDevice } }).engine.device.destroy());
  await page.waitForFunction(() => window.__deltascope!.controller.state.phase !== 'running', { timeout: 60_000 });
}

test('a device lost mid-run: an error that says so, a new device for the next run, or the CPU engine with the reason', async (ctx) => {
  const browser = await connect();
  const app = await openApp(browser, `?act=relu&depth=${LONG}&width=32&batch=4&engine=webgpu`);
  const { page, errors } = app;
  try {
    await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state !== 'probing', { timeout: 60_000 });
    const { gpu, gpuMessage } = await state(page);
    if (gpu !== 'ready') {
      if (isCI) throw new Error(`WebGPU is required under CI: ${gpuMessage}`);
      ctx.skip(`no WebGPU in the page: ${gpuMessage}`);
    }

    // Lost during the run the URL started: an error naming the loss, never "cancelled".
    await loseMidRun(page);
    const lost = await state(page);
    expect(lost.phase).toBe('error');
    expect(lost.error).toMatch(/^the WebGPU device was lost \(.*\) during the run; run it again/);
    expect(await textOf(page, '#run-error')).toMatch(/The simulation failed: the WebGPU device was lost/);
    expect(await page.$('>>> #cancelled')).toBeNull();

    // A new device is requested at once, and the next run uses it.
    await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state === 'ready', { timeout: 60_000 });
    await runWithDepth(page, '12');
    await waitForNewResult(page);
    expect(await state(page)).toMatchObject({ phase: 'done', engine: 'webgpu' });
    expect(await page.evaluate(() => window.__deltascope!.controller.state.result!.runs[0].layers.length)).toBe(12);

    // Lost again, and this time the browser gives no adapter: the CPU engine runs, the banner says why.
    await page.evaluate(() => {
      navigator.gpu.requestAdapter = async () => null;
    });
    await runWithDepth(page, LONG);
    await loseMidRun(page);
    expect((await state(page)).phase).toBe('error');
    await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state === 'unavailable', { timeout: 60_000 });
    expect((await state(page)).gpuMessage).toMatch(/^the WebGPU device was lost \(.*\), and no new device could be had: /);
    expect(await textOf(page, '#gpu-banner')).toMatch(/WebGPU is not available here \(the WebGPU device was lost/);
    await runWithDepth(page, '12');
    await waitForNewResult(page);
    expect(await state(page)).toMatchObject({ phase: 'done', engine: 'cpu' });

    expect(errors, `page errors: ${errors.join('\n')}`).toEqual([]);
  } finally {
    await page.close();
    await browser.disconnect();
  }
});
