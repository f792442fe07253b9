/**
 * Multi-seed mode in the built app: the seeds control and URL parameter, the CPU worker running the
 * seeds, and the charts' median lines and quantile bands, checked against runSeeds over Node's `cpu` engine.
 */
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { activationLabel } from '../../src/app/palette';
import { bornDeadProbability } from '../../src/sim/born-dead';
import { normalizeConfig } from '../../src/sim/config';
import { nodeCpu, nodeCpuSeeds } from './node-cpu';
import { artifactPath, connect } from './harness';
import {
  appResult, chartData, clickRun, deep, fill, markResult, openApp, plotted, relClose, textOf, valueOf, waitForNewResult,
  type PlotHost,
} from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser.disconnect();
});

test('seeds: median lines and 10–90 % / 25–75 % bands match runSeeds; the URL keeps the seed count', async () => {
  const app = await openApp(browser, '?act=relu,tanh&depth=18&width=12&batch=1&seed=2&seeds=3&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  expect(await valueOf(page, '#f-seeds')).toBe('3');

  const config = normalizeConfig({ activations: ['relu', 'tanh'], init: 'he-normal', depth: 18, width: 12, batch: 1, seed: 2, weightGrads: true });
  const ref = await nodeCpuSeeds(config, 3);
  const perSeed = await Promise.all([2, 3, 4].map((seed) => nodeCpu({ ...config, seed })));
  const result = await appResult(page);
  expect(result.config).toEqual(config);
  expect(result.seeds).toEqual({ first: 2, count: 3 });

  // The decay chart's series, found by label: the median line, then the four quantile series.
  const decayChart = await plotted(page, 'ds-decay-chart');
  // x, 2 medians, 2 theory, 2 × 4 quantiles
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.series.length ?? 0) === 1 + 2 + 2 + 8, { timeout: 60_000 }, decayChart);
  const labels = await decayChart.evaluate((el) => (el as unknown as PlotHost).plot?.series.map((s) => s.label) ?? []);
  const data = await chartData(page, 'ds-decay-chart');
  ref.runs.forEach((run, i) => {
    const name = activationLabel(run.activation);
    const col = (label: string): (number | null)[] => {
      const k = labels.indexOf(label);
      expect(k, `series ${label}`).toBeGreaterThan(0);
      return data[k];
    };
    const median = col(`${name} median`);
    const q = { p10: col(`${name} p10`), p25: col(`${name} p25`), p75: col(`${name} p75`), p90: col(`${name} p90`) };
    for (let l = 0; l < 18; l++) {
      // Three seeds: the median is the middle one of the three engine runs, the quartiles sit halfway
      // (in log space) between it and its neighbours, and the bands hold the median.
      // The chart plots log₁₀ δ: read each series back as the δ it stands for.
      const own = perSeed.map((r) => r.runs[i].layers[l].deltaRms).sort((a, b) => a - b);
      if (!(own[0] > 0)) continue;
      const at = (series: (number | null)[]): number => 10 ** (series[l] as number);
      expect(relClose(at(median), own[1], 1e-6), `${name} median, layer ${l + 1}`).toBe(true);
      expect(relClose(at(q.p25), Math.sqrt(own[0] * own[1]), 1e-6), `${name} p25, layer ${l + 1}`).toBe(true);
      expect(relClose(at(q.p75), Math.sqrt(own[1] * own[2]), 1e-6), `${name} p75, layer ${l + 1}`).toBe(true);
      const b = ref.runs[i].seedBands?.[l].deltaRms;
      expect(relClose(at(q.p10), b?.p10 as number, 1e-6)).toBe(true);
      expect(relClose(at(q.p90), b?.p90 as number, 1e-6)).toBe(true);
      expect(q.p10[l] as number).toBeLessThanOrEqual(q.p25[l] as number);
      expect(q.p90[l] as number).toBeGreaterThanOrEqual(median[l] as number);
    }
  });
  const bands = await decayChart.evaluate((el) => ((el as unknown as PlotHost).plot?.bands ?? []).map((b) => b.series));
  expect(bands).toHaveLength(4);
  expect(await textOf(page, 'ds-decay-chart >>> #seeds-note')).toContain('Median of 3 seeds (2…4)');

  // Sparsity: medians over the seeds.
  const sparsity = await chartData(page, 'ds-sparsity-chart');
  ref.runs.forEach((run, i) => {
    expect(sparsity[1 + 2 * i]).toEqual(run.layers.map((s) => s.zeroFraction));
    expect(sparsity[2 + 2 * i]).toEqual(run.layers.map((s) => s.deadFraction));
  });
  expect(await textOf(page, 'ds-summary >>> #summary-seeds')).toContain('median of 3 seeds');

  // Born dead (relu, batch 1, zero bias): seeds whose input is all zeros at layer 18, against the formula.
  const dead = perSeed.filter((r) => r.runs[0].layers[17].zeroFraction === 1).length;
  const note = await textOf(page, 'ds-sparsity-chart >>> #born-dead');
  expect(note).toContain(`in ${dead} of 3 seeds`);
  expect(note).toContain(`${Number((bornDeadProbability(12, 18) * 100).toPrecision(3))} %`);

  // The URL holds seeds=3; a bad count is refused beside the field and does not reach the engine.
  expect(await page.evaluate(() => location.search)).toContain('seeds=3');
  await fill(page, '#f-seeds', '40');
  expect(await textOf(page, '#err-seeds')).toBe("seeds must be an integer between 1 and 32 (got '40')");
  expect(await (await deep(page, '#run')).evaluate((b) => (b as HTMLButtonElement).disabled)).toBe(false);
  await markResult(page);
  await clickRun(page);
  await new Promise((r) => setTimeout(r, 300));
  expect(await page.evaluate(() => window.__deltascope?.controller.state.phase)).toBe('done');
  expect(await page.evaluate(() => window.__deltascope?.controller.state.result === (window as unknown as { __mark: unknown }).__mark)).toBe(true);
  // The URL keeps the last valid state (typing "40" passed through "4").
  expect(await page.evaluate(() => location.search)).not.toContain('seeds=40');
  // 1 turns the mode off: no seeds parameter, no bands.
  await fill(page, '#f-seeds', '1');
  expect(await page.evaluate(() => location.search)).not.toContain('seeds');
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  expect((await appResult(page)).seeds).toBeUndefined();
  expect(await page.$('>>> #born-dead')).toBeNull();

  // A wider comparison for the screenshot (and the reload check below): eight seeds, three activations.
  await page.goto(new URL('?act=sigmoid,tanh,relu&depth=60&width=16&batch=2&seed=1&seeds=8&engine=cpu', page.url()).href);
  await page.waitForFunction(() => !!window.__deltascope);
  await waitForNewResult(page);
  expect(await valueOf(page, '#f-seeds')).toBe('8');
  expect((await appResult(page)).seeds).toEqual({ first: 1, count: 8 });
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.series.length ?? 0) === 1 + 3 + 3 + 12, { timeout: 60_000 },
    await plotted(page, 'ds-decay-chart'));
  const card = await deep(page, 'ds-chart-card[chart="decay"]');
  await card.scrollIntoView();
  await card.screenshot({ path: artifactPath('ui-seeds-decay.png') });
  expect(app.errors, app.errors.join('\n')).toEqual([]);
  await page.close();
});
