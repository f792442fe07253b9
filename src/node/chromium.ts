/**
 * The Chromium end of the headless protocol: serves the project on localhost, opens
 * src/headless/index.html in headless Chromium and calls the page's API through page.evaluate.
 * Errors thrown in the page come back with their class name (src/headless/protocol.ts).
 */
import type { Page } from 'puppeteer';
import type { DeltascopeHeadless } from '../headless/main';
import { HEADLESS_METHODS, encode, unwrap, type HeadlessApi, type Outcome, type Wire } from '../headless/protocol';
import type { Progress } from '../sim/stats';
import { launchBrowser } from './launch-browser';
import { serveProject, type Served } from './serve';

export const HEADLESS_PAGE = 'src/headless/index.html';

/** Waits until the page has set up window.deltascopeHeadless (the first load compiles the sources). */
export async function waitForHeadless(page: Page, pageErrors: string[] = []): Promise<void> {
  await page.waitForFunction(() => typeof window.deltascopeHeadless === 'object', { timeout: 60_000 }).catch(() => {
    throw new Error(`the headless page did not load${pageErrors.length ? `: ${pageErrors[0]}` : ''}`);
  });
}

/**
 * The headless API of a page that loads (or has loaded) src/headless/index.html. Progress
 * callbacks cannot cross page.evaluate: the options say `onProgress: true` and the page calls
 * back through one exposed function, routed to the latest call that asked for progress.
 */
export async function remoteApi(page: Page): Promise<HeadlessApi> {
  let listener: ((p: Progress) => void) | undefined;
  await page.exposeFunction('__deltascopeProgress', (p: Progress) => listener?.(p));
  const send = (arg: unknown): Wire => {
    if (!arg || typeof arg !== 'object') return encode(arg);
    const { onProgress } = arg as { onProgress?: unknown };
    if (typeof onProgress !== 'function') return encode(arg);
    listener = onProgress as (p: Progress) => void;
    return encode({ ...arg, onProgress: true });
  };
  const call = async (method: keyof HeadlessApi, args: unknown[]): Promise<unknown> => {
    const outcome = await page.evaluate(
      (m, a) => (window.deltascopeHeadless[m] as DeltascopeHeadless[keyof DeltascopeHeadless])(...a),
      method, args.map(send),
    );
    return unwrap(outcome as Outcome);
  };
  return Object.fromEntries(HEADLESS_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as HeadlessApi;
}

export interface ChromiumGpu {
  api: HeadlessApi;
  close(): Promise<void>;
}

/**
 * Starts the dev server and the browser side by side, then opens the headless page. A browser that
 * does not start is reported at once; the server, if it comes up, is closed behind it.
 */
export async function openChromiumGpu(): Promise<ChromiumGpu> {
  const serving = serveProject();
  const [browser] = await Promise.allSettled([launchBrowser()]);
  if (browser.status === 'rejected') {
    void serving.then((s) => s.close(), () => undefined);
    throw browser.reason;
  }
  const [served] = await Promise.allSettled([serving]);
  const close = async (): Promise<void> => {
    await browser.value.close().catch(() => undefined);
    if (served.status === 'fulfilled') await served.value.close().catch(() => undefined);
  };
  try {
    if (served.status === 'rejected') throw served.reason;
    const page = await browser.value.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const api = await remoteApi(page);
    await page.goto(new URL(HEADLESS_PAGE, (served.value as Served).url).href, { waitUntil: 'load' });
    await waitForHeadless(page, pageErrors);
    return { api, close };
  } catch (e) {
    await close();
    throw e;
  }
}
