/**
 * Launches headless Chromium with WebGPU enabled and the closed-network noise switched off. Every
 * way a launch can fail (no browser, a path that is not one, a browser that exits or never answers)
 * ends here as one error of one line, which the CLI reports with exit code 2.
 */
import puppeteer, { type Browser } from 'puppeteer';
import { findBrowser, noBrowserMessage } from './find-browser';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
];

export class BrowserMissingError extends Error {
  override name = 'BrowserMissingError';
  constructor() {
    super(noBrowserMessage());
  }
}

/** The browser was found but did not start; Puppeteer's several lines (and the browser's stderr) in one. */
export class BrowserLaunchError extends Error {
  override name = 'BrowserLaunchError';
  constructor(executablePath: string, cause: unknown) {
    const lines = String((cause as Error)?.message ?? cause).split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    const said = lines.filter((l) => l && l !== 'stderr:' && !l.startsWith('TROUBLESHOOTING')).join(' · ');
    super(`the browser ${executablePath} did not start: ${said.length > 300 ? `${said.slice(0, 300)}…` : said}`);
  }
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) throw new BrowserMissingError();
  try {
    return await puppeteer.launch({
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      protocolTimeout: 600_000,
    });
  } catch (e) {
    throw new BrowserLaunchError(executablePath, e);
  }
}
