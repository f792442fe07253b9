/**
 * Node side of `npm run train -- --engine webgpu`: serves the project, opens the headless page in
 * Chromium (WebGPU flags) and runs the WebGPU trainer there; throws a clear Error on failure.
 */
import { ConfigError } from '../sim/config';
import { BrowserMissingError, launchBrowser } from './launch-browser';
import { serveProject } from './serve';
import type { TrainConfig } from '../sim/train/train-config';
import type { TrainResult } from '../sim/train/trainer';
import type { HeadlessTrainResult, TrainOutcome } from '../headless/train';

export async function trainWebGpuHeadless(
  config: TrainConfig, opts: { onProgress?: (p: { fraction: number; message: string }) => void } = {},
): Promise<TrainResult> {
  const served = await serveProject();
  let browser: Awaited<ReturnType<typeof launchBrowser>> | null = null;
  try {
    try {
      browser = await launchBrowser();
    } catch (e) {
      // A missing browser is the user's setup to fix: one line, exit code 2, like bad input.
      if (e instanceof BrowserMissingError) throw new ConfigError(e.message);
      throw e;
    }
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    if (opts.onProgress) await page.exposeFunction('__deltascopeTrainProgress', opts.onProgress);
    await page.goto(new URL('src/headless/index.html', served.url).href, { waitUntil: 'load' });
    await page.waitForFunction(() => typeof window.deltascopeTrain?.run === 'function', { timeout: 60_000 }).catch(() => {
      throw new Error(`the headless page did not load the trainer${pageErrors.length ? `: ${pageErrors[0]}` : ''}`);
    });
    const out = (await page.evaluate((c) => window.deltascopeTrain.run(c), config)) as TrainOutcome<HeadlessTrainResult>;
    if (!out.ok) {
      // Sizes beyond the device and a missing WebGPU adapter are reported like bad input (exit 2).
      if (out.error.name === 'ConfigError' || out.error.name === 'WebGpuUnavailableError') throw new ConfigError(out.error.message);
      throw new Error(out.error.message);
    }
    return out.value.result;
  } finally {
    await browser?.close();
    await served.close();
  }
}
