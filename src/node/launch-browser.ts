/** Launches headless Chromium with WebGPU enabled and the closed-network noise switched off. */
import puppeteer, { type Browser } from 'puppeteer';
import { NO_BROWSER_MESSAGE, findBrowser } from './find-browser';

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
  constructor() {
    super(NO_BROWSER_MESSAGE);
  }
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = findBrowser();
  if (!executablePath) throw new BrowserMissingError();
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    protocolTimeout: 600_000,
  });
}
