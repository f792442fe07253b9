/**
 * One dev server and one headless Chromium for all browser test files; each file connects to the
 * browser over its WebSocket endpoint (see harness.ts).
 */
import type { TestProject } from 'vitest/node';
import { launchBrowser } from '../../src/node/launch-browser';
import { serveProject } from '../../src/node/serve';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    wsEndpoint: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const served = await serveProject();
  const browser = await launchBrowser();
  project.provide('baseUrl', served.url);
  project.provide('wsEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await served.close();
  };
}
