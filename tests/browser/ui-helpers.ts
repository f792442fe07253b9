/**
 * Helpers for the UI tests: open the built app, drive its form through the shadow DOM, wait for a
 * run, and read the app's result and chart data back into Node with Inf/NaN intact.
 */
import type { Browser, ElementHandle, Page } from 'puppeteer';
import { expect, inject } from 'vitest';
import type { SimResult } from '../../src/sim/stats';

export interface AppPage {
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
}

export async function openApp(browser: Browser, query: string, viewport = { width: 1280, height: 900 }): Promise<AppPage> {
  const page = await browser.newPage();
  await page.setViewport({ ...viewport, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(new URL(query, inject('appUrl')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => !!window.__deltascope, { timeout: 30_000 });
  return { page, errors };
}

/** Waits until a run has finished whose result differs from the one seen when `mark` was taken. */
export async function markResult(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __mark: unknown }).__mark = window.__deltascope?.controller.state.result ?? null;
  });
}

export async function waitForNewResult(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => {
    const s = window.__deltascope?.controller.state;
    const mark = (window as unknown as { __mark?: unknown }).__mark;
    if (s?.phase === 'error') throw new Error(`run failed: ${s.error}`);
    return s?.phase === 'done' && s.result !== null && s.result !== mark;
  }, { timeout, polling: 100 });
}

/** JSON that survives Inf/NaN and typed arrays (page side). */
const ENCODE = `(value) => JSON.stringify(value, (_k, v) => {
  if (typeof v === 'number' && !Number.isFinite(v)) return { __num: String(v) };
  if (ArrayBuffer.isView(v)) return Array.from(v, (x) => (Number.isFinite(x) ? x : { __num: String(x) }));
  return v;
})`;

export function decode<T>(text: string): T {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && '__num' in v ? Number(v.__num) : v)) as T;
}

/** The app's last result, with details as plain arrays. */
export interface PlainResult extends Omit<SimResult, 'runs'> {
  runs: (Omit<SimResult['runs'][number], 'details'> & { details?: { deltaUnitRms: number[]; fprimeHist: number[] } })[];
}

export async function appResult(page: Page): Promise<PlainResult> {
  const text = await page.evaluate(`(${ENCODE})(window.__deltascope.controller.state.result)`);
  return decode<PlainResult>(text as string);
}

/** An element anywhere in the app's shadow trees (Puppeteer's deep `>>>` combinator). */
export async function deep(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const el = await page.waitForSelector(`>>> ${selector}`, { timeout: 20_000 });
  if (!el) throw new Error(`no element ${selector}`);
  return el;
}

/** What the tests read of a uPlot chart component. */
export interface PlotHost {
  plot?: { data: unknown[]; series: { label: string }[]; bands?: { series: number[] }[] } | null;
}

/** A uPlot chart component (e.g. 'ds-decay-chart') once it has drawn its plot, wherever it sits in the app. */
export async function plotted(page: Page, tag: string): Promise<ElementHandle<Element>> {
  const el = await deep(page, tag);
  await page.waitForFunction((e) => !!(e as unknown as PlotHost).plot, { timeout: 30_000 }, el);
  return el;
}

/** uPlot's data arrays of a chart component (e.g. 'ds-decay-chart'). */
export async function chartData(page: Page, tag: string): Promise<(number | null)[][]> {
  const el = await plotted(page, tag);
  const text = await el.evaluate((e, encode) => (0, eval)(encode)((e as unknown as PlotHost).plot?.data), ENCODE);
  return decode<(number | null)[][]>(text as string);
}

/** Replaces a text field's content by typing, as a user would. */
export async function fill(page: Page, selector: string, text: string): Promise<void> {
  const el = await deep(page, selector);
  await el.evaluate((e) => (e as HTMLInputElement).select());
  if (text === '') await page.keyboard.press('Backspace');
  else await el.type(text);
}

export async function textOf(page: Page, selector: string): Promise<string | null> {
  const el = await page.$(`>>> ${selector}`);
  return el ? el.evaluate((e) => e.textContent?.trim() ?? '') : null;
}

export async function valueOf(page: Page, selector: string): Promise<string> {
  return (await deep(page, selector)).evaluate((e) => (e as HTMLInputElement).value);
}

export async function clickRun(page: Page): Promise<void> {
  await (await deep(page, '#run')).click();
}

/** Checks or unchecks an activation chip by clicking its label. */
export async function setActivation(page: Page, name: string, on: boolean): Promise<void> {
  const box = await deep(page, `input[name="activation"][value="${name}"]`);
  const checked = await box.evaluate((e) => (e as HTMLInputElement).checked);
  if (checked !== on) await box.evaluate((e) => (e.parentElement as HTMLElement).click());
}

export function relClose(a: number, b: number, tol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b), 1e-30);
}

/** Lets the page download into a fresh folder under test-artifacts; `file(suffix)` waits for the file whose name ends so. */
export async function downloadsOf(page: Page): Promise<{ dir: string; file(suffix: string): Promise<{ name: string; data: Buffer }> }> {
  const { mkdtempSync, readdirSync, readFileSync } = await import('node:fs');
  const { join, resolve } = await import('node:path');
  const { artifactPath } = await import('./harness');
  const dir = resolve(mkdtempSync(join(artifactPath(''), 'downloads-')));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  return {
    dir,
    async file(suffix) {
      for (let i = 0; i < 150; i++) {
        const hit = readdirSync(dir).find((f) => f.endsWith(suffix) && !f.endsWith('.crdownload'));
        if (hit) return { name: hit, data: readFileSync(join(dir, hit)) };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no download ending in ${suffix}`);
    },
  };
}

/** Replaces the page's clipboard writer so that what Copy link copies can be read back (headless has no clipboard). */
export async function stubClipboard(page: Page): Promise<() => Promise<string | null>> {
  await page.evaluate(() => {
    const w = window as unknown as { __copied: string | null };
    w.__copied = null;
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => { w.__copied = t; } } });
  });
  return () => page.evaluate(() => (window as unknown as { __copied: string | null }).__copied);
}

/**
 * Deep comparison with a relative tolerance on numbers: the app's workers run the same engines as
 * Node (the CPU kernels give the same float32 bits), but Chromium's and Node's V8 may round
 * Math.exp/log/log10 differently in the last float64 bit.
 */
export function expectClose(got: unknown, want: unknown, tol: number, path = ''): void {
  if (typeof want === 'number') {
    expect(typeof got, path).toBe('number');
    const g = got as number;
    if (!Number.isFinite(want)) expect(g, path).toBe(want);
    else expect(Math.abs(g - want), `${path}: ${g} vs ${want}`).toBeLessThanOrEqual(tol * Math.max(Math.abs(want), 1e-30));
  } else if (want && typeof want === 'object') {
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expectClose((got as Record<string, unknown>)[k], v, tol, `${path}.${k}`);
  } else {
    expect(got, path).toBe(want);
  }
}
