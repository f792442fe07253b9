/**
 * One dev server, one production build served by `vite preview` (`appUrl`, for the UI tests) and one
 * headless Chromium for all browser test files; each file connects to the browser over its
 * WebSocket endpoint (see harness.ts).
 */
import type { TestProject } from 'vitest/node';
import { launchBrowser } from '../../src/node/launch-browser';
import { serveProject } from '../../src/node/serve';
import { serveBuiltApp } from './serve-built';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    wsEndpoint: string;
    /** The built app (npm run build), served on localhost. */
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const served = await serveProject();
  const built = await serveBuiltApp();
  const browser = await launchBrowser();
  project.provide('baseUrl', served.url);
  project.provide('appUrl', built.url);
  project.provide('wsEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await built.close();
    await served.close();
  };
}
