import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connect, openPage } from './harness';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser.disconnect();
});

test('headless Chromium serves the app on localhost and gets a WebGPU adapter', async () => {
  const { page } = await openPage(browser, '/');
  const info = await page.evaluate(async () => {
    if (!navigator.gpu) return { ok: false, why: 'navigator.gpu is missing' };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { ok: false, why: 'requestAdapter() returned null' };
    const device = await adapter.requestDevice();
    const ok = !!device;
    device.destroy();
    return { ok, why: '', vendor: adapter.info.vendor, description: adapter.info.description, secure: isSecureContext };
  });
  expect(info, info.why).toMatchObject({ ok: true, secure: true });
  await page.close();
});
