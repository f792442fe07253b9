/**
 * The app's engine by adapter (#10 item 4): with no engine in the URL, a software or fallback
 * adapter (SwiftShader here) starts the simulator and the trainer on the CPU engine with a one-line
 * reason and a button to WebGPU; a hardware adapter starts them on WebGPU. And the "GPU vs CPU on
 * this machine" view times its grid on both engines, in the page, and names the adapter. A pinned
 * run without an engine of its own follows the same rule, and the notebook's phone layout keeps
 * the note and the view.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect, test, type TestContext } from 'vitest';
import { COMPARE_WIDTHS } from '../../src/app/engine-compare';
import type { AdapterInfo } from '../../src/sim/stats';
import { connect } from './harness';
import { deep, openApp, textOf, waitForNewResult, markResult } from './ui-helpers';

const isCI = process.env.CI === 'true';
let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser?.disconnect();
});

/** The page's adapter, or the test is skipped (failed under CI) without one. */
async function adapterOf(page: Page, ctx: TestContext): Promise<AdapterInfo> {
  await page.waitForFunction(() => window.__deltascope?.controller.state.gpu.state !== 'probing', { timeout: 60_000 });
  const gpu = await page.evaluate(() => window.__deltascope!.controller.state.gpu);
  if (gpu.state !== 'ready' || !gpu.adapter) {
    await page.close();
    if (isCI) throw new Error(`WebGPU unavailable under CI: ${gpu.message}`);
    ctx.skip(`no WebGPU adapter here: ${gpu.message}`);
  }
  return gpu.adapter!;
}

const software = (a: AdapterInfo): boolean => a.isSoftware || a.isFallbackAdapter;

test('the simulator starts on the engine the adapter calls for, and says why when it is the CPU', async (ctx) => {
  const app = await openApp(browser, '?act=relu&depth=4&width=8&batch=2');
  const { page } = app;
  const adapter = await adapterOf(page, ctx);
  await waitForNewResult(page);
  const used = await page.evaluate(() => window.__deltascope!.controller.state.engineUsed);
  if (!software(adapter)) {
    expect(used).toBe('webgpu');
    expect(await page.$('>>> #engine-note')).toBeNull();
    await page.close();
    return;
  }
  expect(used).toBe('cpu');
  const note = (await textOf(page, '#engine-note')) ?? '';
  expect(note).toMatch(/^WebGPU here is a software adapter \(.+\) that runs the shaders on the CPU/);
  expect(note).toMatch(/so the CPU engine runs\./);
  // One click away: the next run is on WebGPU, and the link says so.
  await markResult(page);
  await (await deep(page, '#use-webgpu')).click();
  await waitForNewResult(page);
  expect(await page.evaluate(() => window.__deltascope!.controller.state.engineUsed)).toBe('webgpu');
  expect(await page.evaluate(() => location.search)).toContain('engine=webgpu');
  expect(await page.$('>>> #engine-note')).toBeNull();
  expect(app.errors).toEqual([]);
  await page.close();
});

test('the trainer starts on the engine the adapter calls for, with the same one line and button', async (ctx) => {
  const app = await openApp(browser, '?tab=training&t.task=xor&t.act=relu&t.depth=2&t.width=8&t.steps=10&t.every=5');
  const { page } = app;
  const adapter = await adapterOf(page, ctx);
  await page.waitForFunction(() => ['ready', 'done'].includes(window.__deltascope?.train.state.phase ?? ''), { timeout: 120_000, polling: 100 });
  const used = await page.evaluate(() => window.__deltascope!.train.state.engineUsed);
  if (!software(adapter)) {
    expect(used).toBe('webgpu');
    await page.close();
    return;
  }
  expect(used).toBe('cpu');
  expect((await textOf(page, '#train-engine-note')) ?? '').toMatch(/software adapter .* so the CPU engine runs\./);
  await (await deep(page, '#train-use-webgpu')).click();
  await page.waitForFunction(() => {
    const s = window.__deltascope?.train.state;
    return s?.engineUsed === 'webgpu' && ['ready', 'done'].includes(s.phase);
  }, { timeout: 120_000, polling: 100 });
  expect(await page.evaluate(() => location.search)).toContain('t.engine=webgpu');
  expect(app.errors).toEqual([]);
  await page.close();
});

test('a pin that names no engine runs on the machine\'s default; on a phone the engine note and the "GPU vs CPU" panel stay on the page', async (ctx) => {
  const app = await openApp(browser, '?act=relu&depth=4&width=8&batch=2&pin=act:tanh!depth:4!width:8!batch:2', { width: 390, height: 844 });
  const { page } = app;
  const adapter = await adapterOf(page, ctx);
  await waitForNewResult(page);
  await page.waitForFunction(() => window.__deltascope?.controller.state.pins[0]?.phase === 'done', { timeout: 120_000, polling: 100 });
  const pin = await page.evaluate(() => window.__deltascope!.controller.state.pins[0].result!.engine.kind);
  expect(pin).toBe(software(adapter) ? 'cpu' : 'webgpu');
  expect(await page.evaluate(() => location.search)).not.toContain('engine');
  const shown = async (selector: string): Promise<boolean> => {
    const box = await (await deep(page, selector)).boundingBox();
    return !!box && box.width > 0 && box.x >= 0 && box.x + box.width <= 390;
  };
  if (software(adapter)) expect(await shown('#engine-note')).toBe(true);
  else expect(await page.$('>>> #engine-note')).toBeNull();
  expect(await shown('#compare-engines')).toBe(true);
  expect(app.errors).toEqual([]);
  await page.close();
});

test('"GPU vs CPU on this machine" times its grid on both engines and names the adapter', async (ctx) => {
  const app = await openApp(browser, '?act=relu&depth=4&width=8&batch=2&engine=cpu');
  const { page } = app;
  const adapter = await adapterOf(page, ctx);
  await waitForNewResult(page);
  await (await deep(page, '#compare-engines')).click();
  await page.waitForFunction(() => {
    const c = window.__deltascope?.controller.state.comparison;
    if (c?.phase === 'error') throw new Error(`comparison failed: ${c.message}`);
    return c?.phase === 'done';
  }, { timeout: 180_000, polling: 200 });
  const points = await page.evaluate(() => window.__deltascope!.controller.state.comparison.points);
  expect(points.map((p) => p.width)).toEqual([...COMPARE_WIDTHS]);
  for (const p of points) {
    expect(p.gpuMs).toBeGreaterThan(0);
    expect(p.cpuMs).toBeGreaterThan(0);
  }
  const said = (await textOf(page, '#compare-adapter')) ?? '';
  expect(said).toContain(adapter.vendor);
  expect(said).toContain(software(adapter) ? 'software' : 'hardware');
  expect((await textOf(page, '#compare-summary')) ?? '').toMatch(/^At width 256: (WebGPU|the CPU engine) is [\d.]+× faster/);
  expect(app.errors).toEqual([]);
  await page.close();
});
