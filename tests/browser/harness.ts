/** Helpers shared by the browser tests: connect to the shared browser, open pages, collect errors. */
import { mkdirSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { inject } from 'vitest';

export const ARTIFACTS = 'test-artifacts';

export async function connect(): Promise<Browser> {
  return puppeteer.connect({ browserWSEndpoint: inject('wsEndpoint'), protocolTimeout: 600_000 });
}

export interface OpenedPage {
  page: Page;
  /** Console errors and uncaught page errors seen so far. */
  errors: string[];
}

/** Opens `path` (relative to the served project root), in `page` if given, and records console errors and page errors. */
export async function openPage(browser: Browser, path: string, page?: Page): Promise<OpenedPage> {
  page ??= await browser.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.goto(new URL(path, inject('baseUrl')).href, { waitUntil: 'load' });
  return { page, errors };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return `${ARTIFACTS}/${name}`;
}

/** Under CI a missing WebGPU adapter fails the test; elsewhere the caller may skip with a warning. */
export const isCI = process.env.CI === 'true' || process.env.CI === '1';
