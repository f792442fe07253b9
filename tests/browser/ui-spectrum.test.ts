/**
 * The app's Jacobian spectrum: the checkbox puts it in the URL, the CPU worker's spectrum is Node's
 * `cpu` engine's, the two charts draw what src/app/spectrum-data.ts makes of Node's result, and the
 * two spectrum scenarios show ReLU spreading while orthogonal tanh stays near 1.
 */
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spectrumDensity, spectrumRanges } from '../../src/app/spectrum-data';
import { normalizeConfig } from '../../src/sim/config';
import type { RunSpectrum } from '../../src/sim/spectrum';
import { artifactPath, connect } from './harness';
import { nodeCpu } from './node-cpu';
import { appResult, chartData, clickRun, deep, markResult, openApp, relClose, waitForNewResult } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser.disconnect();
});

const close = (got: readonly (number | null)[], want: readonly (number | null)[], tol: number, what: string): void => {
  expect(got.length, what).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i];
    if (w === null || g === null) expect(g, `${what}[${i}]`).toBe(w);
    else expect(relClose(g, w, tol) || Math.abs(g - w) < 1e-9, `${what}[${i}]: ${g} vs ${w}`).toBe(true);
  });
};

test('the checkbox runs the spectrum on the CPU worker: Node\'s numbers in the result and in both charts', async () => {
  const app = await openApp(browser, '?act=relu,tanh&depth=6&width=16&batch=2&engine=cpu&specAt=2,6');
  const { page } = app;
  await waitForNewResult(page);
  expect((await appResult(page)).runs[0].spectrum).toBeUndefined();
  await (await deep(page, '#f-spectrum')).click();
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  expect(await page.evaluate(() => location.search)).toContain('spec=true');

  const got = await appResult(page);
  const config = normalizeConfig({ activations: 'relu,tanh', depth: 6, width: 16, batch: 2, spectrum: true });
  const want = await nodeCpu(config);
  want.runs.forEach((run, i) => {
    const a = got.runs[i].spectrum as RunSpectrum, b = run.spectrum!;
    expect(a.depths).toEqual([6]);
    close(a.singularValues[0], b.singularValues[0], 1e-9, `${run.activation} σ`);
  });

  const density = spectrumDensity(want)!;
  const [x, ...curves] = await chartData(page, 'ds-spectrum-density');
  close(x, density.x, 1e-9, 'density bins');
  curves.forEach((c, i) => close(c, density.curves[i].density, 1e-9, `density ${i}`));
  const ranges = spectrumRanges(want, null);
  const [depths, ...lines] = await chartData(page, 'ds-spectrum-range');
  expect(depths).toEqual([6]);
  // Per run: σ_max, smallest σ > 0, rms (and the mean-field rms once the theory is in).
  expect(lines[0][0]).toBeCloseTo(ranges[0].log10Max[0], 9);
  expect(lines[1][0]).toBeCloseTo(ranges[0].log10MinNonzero[0]!, 9);
  expect(lines[2][0]).toBeCloseTo(ranges[0].log10Rms[0], 9);
  expect(app.errors).toEqual([]);
  await page.close();
});

test('the spectrum scenarios: ReLU spreads with depth, orthogonal tanh at the edge of chaos stays near 1', async () => {
  const app = await openApp(browser, '?act=relu&depth=2&width=4&batch=1&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  const spreads: Record<string, number[]> = {};
  for (const id of ['spectrum-relu', 'spectrum-tanh-isometry']) {
    await markResult(page);
    const link = await deep(page, `ds-scenarios >>> a[data-scenario="${id}"]`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
    await page.waitForFunction(() => !!window.__deltascope);
    await waitForNewResult(page, 240_000);
    const [depths, ...lines] = await chartData(page, 'ds-spectrum-range');
    expect(depths).toEqual([1, 4, 16, 32]);
    // The first run's σ_max and smallest nonzero σ: their distance in decades at each depth.
    spreads[id] = depths.map((_, k) => (lines[0][k] as number) - (lines[1][k] as number));
    const card = await deep(page, 'ds-chart-card[chart="spectrum-density"]');
    await card.scrollIntoView();
    await page.screenshot({ path: artifactPath(`spectrum-${id}.png`) });
  }
  const relu = spreads['spectrum-relu'], tanh = spreads['spectrum-tanh-isometry'];
  expect(relu[3]).toBeGreaterThan(2);
  expect(relu[3]).toBeGreaterThan(relu[1]);
  // Tanh: within a factor of 2 either side of 1 up to depth 16 (log₁₀ 4 = 0.6 between the extremes).
  for (const k of [0, 1, 2]) expect(tanh[k]).toBeLessThan(0.61);
  expect(tanh[3]).toBeLessThan(relu[3] - 1);
  expect(app.errors).toEqual([]);
  await page.close();
});
