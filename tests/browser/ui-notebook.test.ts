/**
 * The app as a lab notebook, in the built app in headless Chromium (CPU engine, small networks):
 * pinned runs overlaid on every chart and carried by the link, the first screen's lesson, charts
 * that stay readable, the glossary and help, and exports that carry their context. What the page
 * shows or downloads is checked against the CPU engine and the theory run here in Node.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { normalizeConfig, type RawConfig } from '../../src/sim/config';
import { layerTheory } from '../../src/sim/layer-theory';
import { artifactPath, connect } from './harness';
import { nodeCpu } from './node-cpu';
import {
  chartData, clickRun, deep, downloadsOf, markResult, openApp, plotted, setActivation, stubClipboard, textOf, waitForNewResult, type PlotHost,
} from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser.disconnect();
});

const SMALL = { depth: 30, width: 16, batch: 4 } as const;
/** A configuration as the app runs it (it always measures the weight gradients). */
const appConfig = (raw: RawConfig) => normalizeConfig({ ...SMALL, ...raw, weightGrads: true });

/** Waits until nothing runs: the last run and every pin finished. */
async function settled(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => {
    const s = window.__deltascope?.controller.state;
    if (s?.phase === 'error') throw new Error(`run failed: ${s.error}`);
    return !!s && s.activity === null && s.phase !== 'running' && s.pins.every((p) => p.phase === 'done');
  }, { timeout, polling: 100 });
}

/** The labels of a uPlot chart's series (x first). */
async function seriesLabels(page: Page, tag: string): Promise<string[]> {
  return (await plotted(page, tag)).evaluate((el) => (el as unknown as PlotHost).plot?.series.map((s) => s.label) ?? []);
}

async function pinLastRun(page: Page, count: number): Promise<void> {
  await (await deep(page, 'ds-run-list >>> #pin-run')).click();
  await page.waitForFunction((n) => window.__deltascope?.controller.state.pins.length === n, {}, count);
}

const NETS = [
  { label: 'ReLU · He normal', raw: { activations: ['relu'], init: 'he-normal' } },
  { label: 'ReLU · LeCun normal', raw: { activations: ['relu'], init: 'lecun-normal' } },
  { label: 'tanh · Xavier normal', raw: { activations: ['tanh'], init: 'xavier-normal' } },
] as const;

/** The decay and forward charts hold the three networks, each its own engine run and prediction computed in Node. */
async function expectThreeNetworks(page: Page, names: readonly string[]): Promise<void> {
  // x, three lines, three predictions once they have arrived.
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.data.length ?? 0) === 7, { timeout: 60_000 }, await plotted(page, 'ds-decay-chart'));
  expect((await seriesLabels(page, 'ds-decay-chart')).slice(1, 4)).toEqual(names);
  const decay = await chartData(page, 'ds-decay-chart');
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.data.length ?? 0) === 7, { timeout: 60_000 }, await plotted(page, 'ds-forward-chart'));
  expect((await seriesLabels(page, 'ds-forward-chart')).slice(1, 4)).toEqual(names);
  const forward = await chartData(page, 'ds-forward-chart');
  for (const [i, { raw }] of NETS.entries()) {
    const config = appConfig(raw);
    const ref = (await nodeCpu(config)).runs[0];
    ref.layers.forEach((s, l) => {
      expect(Math.abs((decay[1 + i][l] as number) - s.deltaLog10), `${names[i]} δ, layer ${l + 1}`).toBeLessThan(1e-6);
      expect(Math.abs((forward[1 + i][l] as number) - s.preactLog10), `${names[i]} preactStd, layer ${l + 1}`).toBeLessThan(1e-6);
    });
    // Dashed: √q_l of mean-field theory for this network's own init.
    const q = layerTheory(config, config.activations[0]).q;
    q.forEach((v, l) => expect(Math.abs((forward[4 + i][l] as number) - Math.log10(v) / 2)).toBeLessThan(1e-9));
  }
}

test('pinned ReLU/He, ReLU/LeCun and tanh/Xavier share the decay and forward charts, and a copied link shows the same three', async () => {
  const app = await openApp(browser, '?act=relu&init=he-normal&depth=30&width=16&batch=4&engine=cpu', { width: 1366, height: 900 });
  const { page } = app;
  await waitForNewResult(page);
  await pinLastRun(page, 1);
  await (await deep(page, '#f-init')).select('lecun-normal');
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  await pinLastRun(page, 2);
  await setActivation(page, 'tanh', true);
  await setActivation(page, 'relu', false);
  await (await deep(page, '#f-init')).select('xavier-normal');
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  await pinLastRun(page, 3);
  await settled(page);
  const names = NETS.map((n) => n.label);
  await expectThreeNetworks(page, names);
  // Three networks in three colours (the two ReLUs apart), named alike in the key numbers.
  const rows = await page.$$eval('>>> ds-summary >>> tbody tr', (trs) => trs.map((tr) => ({
    text: tr.querySelector('td')?.textContent?.trim(), color: (tr.querySelector('.dot') as HTMLElement).style.getPropertyValue('--dot'),
  })));
  expect(rows.map((r) => r.text)).toEqual(names);
  expect(new Set(rows.map((r) => r.color)).size).toBe(3);

  const copied = await stubClipboard(page);
  await (await deep(page, '#copy-link')).click();
  const link = await copied();
  expect(link).not.toBeNull();
  // A short link: the three pins are their differences from the defaults.
  expect(new URL(link!).searchParams.getAll('pin')).toHaveLength(3);
  expect(link!.length).toBeLessThan(360);
  expect(app.errors).toEqual([]);
  await page.close();

  // A fresh page on the copied link runs the three again and shows the same charts.
  const again = await openApp(browser, new URL(link!).search, { width: 1366, height: 900 });
  await settled(again.page);
  await expectThreeNetworks(again.page, names);
  const p = again.page;

  // The comparison downloads whole: every network under its label, a file name that tells them apart.
  const downloads = await downloadsOf(p);
  await (await deep(p, '#export-json')).click();
  const json = await downloads.file('.json');
  expect(json.name).toBe('deltascope-relu-he-normal_vs_relu-lecun-normal_vs_tanh-xavier-normal-d30-w16-b4-s1.json');
  const doc = JSON.parse(json.data.toString('utf8'));
  expect(doc.comparison.map((c: { label: string }) => c.label)).toEqual(names);
  const refs = await Promise.all(NETS.map((n) => nodeCpu(appConfig(n.raw))));
  doc.comparison.forEach((c: { config: { init: string; seeds: number }; runs: { layers: { deltaRms: number }[] }[] }, i: number) => {
    const ref = refs[i].runs[0];
    expect(c.config.init).toBe(NETS[i].raw.init);
    expect(c.config.seeds).toBe(1);
    c.runs[0].layers.forEach((s, l) => expect(Math.abs(s.deltaRms - ref.layers[l].deltaRms)).toBeLessThanOrEqual(1e-9 * ref.layers[l].deltaRms));
  });
  await (await deep(p, '#export-csv')).click();
  const csv = (await downloads.file('.csv')).data.toString('utf8').trim().split('\n');
  expect(csv.filter((l) => l.startsWith('# run ') && l.includes(' config {'))).toHaveLength(3);
  const table = csv.filter((l) => !l.startsWith('#'));
  expect(table[0].startsWith('run,activation,backward,layer,')).toBe(true);
  expect(table.filter((l) => l.startsWith('"ReLU · LeCun normal",relu,'))).toHaveLength(30);

  // Rename a pin: the charts and the link follow. Remove one: it leaves every chart. Run one again.
  const label = await deep(p, 'ds-run-list >>> li[data-run] input');
  await label.click();
  await label.type('He, the lesson');
  await label.press('Enter');
  await p.waitForFunction(() => new URLSearchParams(location.search).getAll('pin').some((v) => v.endsWith('l:He, the lesson')));
  expect((await seriesLabels(p, 'ds-decay-chart'))[1]).toBe('He, the lesson');
  const second = await p.evaluate(() => window.__deltascope!.controller.state.pins[1].id);
  await (await deep(p, `ds-run-list >>> li[data-run="${second}"] button[data-action="remove"]`)).click();
  await p.waitForFunction((el) => ((el as unknown as PlotHost).plot?.data.length ?? 0) === 5, { timeout: 20_000 }, await plotted(p, 'ds-decay-chart'));
  expect((await seriesLabels(p, 'ds-decay-chart')).slice(1, 3)).toEqual(['He, the lesson', 'tanh · Xavier normal']);
  expect(new URLSearchParams(await p.evaluate(() => location.search)).getAll('pin')).toHaveLength(2);
  await p.evaluate(() => { (window as unknown as { __old: unknown }).__old = window.__deltascope!.controller.state.pins[0].result; });
  await (await deep(p, 'ds-run-list >>> li[data-run] button[data-action="rerun"]')).click();
  await p.waitForFunction(() => {
    const pin = window.__deltascope!.controller.state.pins[0];
    return pin.phase === 'done' && pin.result !== (window as unknown as { __old: unknown }).__old;
  }, { timeout: 60_000 });
  expect(again.errors).toEqual([]);
  await p.close();
});

test('the first screen teaches: the classic lesson, running then finished in view, the scenarios in view; on a phone the results come first', async () => {
  const app = await openApp(browser, '?engine=cpu', { width: 1366, height: 900 });
  const { page } = app;
  const inView = async (selector: string, height: number): Promise<boolean> => {
    const box = await (await deep(page, selector)).boundingBox();
    return !!box && box.y >= 0 && box.y + Math.min(box.height, 60) <= height;
  };
  // While the first runs go, the top of the results says so, with progress and Cancel.
  const status = await deep(page, 'ds-run-status >>> #run-status');
  expect(['running', 'preparing']).toContain(await status.evaluate((e) => e.getAttribute('data-state')));
  expect(await inView('ds-run-status', 900)).toBe(true);
  expect(await inView('ds-scenarios', 900)).toBe(true);
  expect(await textOf(page, '#scenario-card')).toContain('The classic lesson');
  expect(await inView('#scenario-card', 900)).toBe(true);
  await settled(page);
  // Sigmoid with Xavier and tanh with LeCun vanish, ReLU with He holds, on one chart in view.
  expect(await inView('ds-chart-card[chart="decay"]', 900)).toBe(true);
  expect((await seriesLabels(page, 'ds-decay-chart')).slice(1, 4)).toEqual(['sigmoid · Xavier normal', 'tanh · LeCun normal', 'ReLU · He normal']);
  const badges = await page.$$eval('>>> ds-summary >>> tbody tr', (trs) => trs.map((tr) => tr.querySelector('.pill')?.textContent?.trim()));
  expect(badges).toEqual(['vanishes', 'vanishes', 'holds']);
  expect(await (await deep(page, 'ds-run-status >>> #run-status')).evaluate((e) => e.getAttribute('data-state'))).toBe('idle');
  await page.screenshot({ path: artifactPath('first-screen-1366.png') });
  expect(app.errors).toEqual([]);
  await page.close();

  const phone = await openApp(browser, '?engine=cpu', { width: 390, height: 844 });
  await settled(phone.page);
  expect(await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const fold = await deep(phone.page, '#settings-fold');
  expect(await fold.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  // The results start within the second screen (they started about 3000 px down before the form folded).
  const decay = await (await deep(phone.page, 'ds-chart-card[chart="decay"]')).boundingBox();
  expect(decay!.y).toBeLessThan(2 * 844);
  expect((await fold.boundingBox())!.y).toBeLessThan(844);
  await phone.page.screenshot({ path: artifactPath('first-screen-390.png') });
  expect(phone.errors).toEqual([]);
  await phone.page.close();
});

test('readable charts: decade labels at depth 2000, the key numbers fit or show that they scroll, NecroReLU by name', async () => {
  const app = await openApp(browser, '?act=sigmoid,necrorelu&init=lecun-normal&depth=2000&width=8&batch=2&engine=cpu', { width: 1366, height: 900 });
  const { page } = app;
  await waitForNewResult(page);
  // Every y tick of the decay chart is labelled and its label fits the axis (1e-1200 included).
  const axis = await (await plotted(page, 'ds-decay-chart')).evaluate((el) => {
    const u = (el as unknown as { plot: { axes: { _values: string[]; _size: number; font: [string] }[]; ctx: CanvasRenderingContext2D } }).plot;
    const y = u.axes[1];
    const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    ctx.font = y.font[0];
    return { labels: y._values, size: y._size, widest: Math.max(...y._values.map((v) => ctx.measureText(v).width)) };
  });
  expect(axis.labels.length).toBeGreaterThanOrEqual(3);
  expect(axis.labels.some((l) => /^1e-1\d{3}$/.test(l))).toBe(true);
  expect(axis.size).toBeGreaterThanOrEqual(axis.widest + 20);
  // The key numbers fit the card at 1366 px.
  const fits = (p: Page) => p.$eval('>>> ds-summary >>> .scroll', (e) => e.scrollWidth <= e.clientWidth + 1);
  expect(await fits(page)).toBe(true);
  expect(await (await deep(page, 'input[name="activation"][value="necrorelu"]')).evaluate((e) => e.parentElement?.textContent?.trim())).toBe('NecroReLU');
  expect(await textOf(page, 'ds-summary >>> tr[data-activation="necrorelu"] td')).toContain('NecroReLU');

  // On a phone the table scrolls sideways, and says so.
  await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
  await page.waitForFunction(() => window.matchMedia('(max-width: 640px)').matches);
  const cue = await page.waitForSelector('>>> ds-summary >>> #summary-cue', { timeout: 10_000 }).catch(() => null);
  expect((await fits(page)) || !!cue).toBe(true);
  if (cue) expect(await page.$eval('>>> ds-summary >>> .scroll', (e) => e.getAttribute('tabindex'))).toBe('0');
  expect(app.errors).toEqual([]);
  await page.close();
});

test('every chart opens the glossary at its words; the header opens the help page; a PNG carries its configuration, or a card says why there is none', async () => {
  const app = await openApp(browser, '?act=relu&init=lecun-normal&depth=12&width=8&batch=2&seed=3&engine=cpu', { width: 1366, height: 900 });
  const { page } = app;
  await waitForNewResult(page);
  for (const [chart, first] of [['decay', 'δ, the back-propagated error'], ['forward', 'preactStd'], ['phase', 'Ordered phase, chaotic phase, edge of chaos']]) {
    await (await deep(page, `ds-chart-card[chart="${chart}"] >>> button.info`)).click();
    const dialog = await deep(page, 'ds-glossary >>> dialog');
    await page.waitForFunction((d) => (d as HTMLDialogElement).open, {}, dialog);
    expect(await dialog.evaluate((d) => d.querySelector('dt')?.textContent)).toBe(first);
    await page.keyboard.press('Escape');
    await page.waitForFunction((d) => !(d as HTMLDialogElement).open, {}, dialog);
  }
  await (await deep(page, '#help-link')).click();
  const help = await deep(page, 'ds-help');
  expect(await help.evaluate((e) => (e.closest('[role="region"]') as HTMLElement | null)?.hidden ?? true)).toBe(false);
  const text = await help.evaluate((e) => e.shadowRoot?.textContent ?? '');
  for (const words of ['χ₁', 'q*', 'Depth scale ξ', 'Mean-field theory', 'Dead units (against zero fraction)', 'the mean is kept, not the typical value', 'Hanin 2018', 'Sources']) {
    expect(text).toContain(words);
  }
  expect(await page.evaluate(() => location.search)).toContain('tab=help');
  await (await deep(page, '#help-back')).click();
  expect(await page.evaluate(() => new URLSearchParams(location.search).get('tab'))).toBeNull();

  // The decay chart's PNG has the configuration written under the legend: the rows it adds to the
  // image the chart makes without a caption hold text.
  const downloads = await downloadsOf(page);
  await (await deep(page, 'ds-chart-card[chart="decay"]')).evaluate((card) => (card.shadowRoot?.querySelector('button[data-export="png"]') as HTMLButtonElement).click());
  const png = await downloads.file('-decay.png');
  expect(png.name).toBe('deltascope-relu-lecun-normal-d12-w8-b2-s3-decay.png');
  const { added, ink } = await (await deep(page, 'ds-decay-chart')).evaluate(async (chart, b64) => {
    const bare = await (chart as unknown as { pngBlob(caption: string[]): Promise<Blob> }).pngBlob([]);
    const plain = await createImageBitmap(bare);
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(img, 0, 0);
    const top = plain.height - 12;
    const rows = ctx.getImageData(0, top, img.width, img.height - top).data;
    const bg = ctx.getImageData(1, 1, 1, 1).data;
    let n = 0;
    for (let i = 0; i < rows.length; i += 4) if (Math.abs(rows[i] - bg[0]) + Math.abs(rows[i + 1] - bg[1]) + Math.abs(rows[i + 2] - bg[2]) > 120) n++;
    return { added: img.height - plain.height, ink: n };
  }, png.data.toString('base64'));
  expect(added).toBeGreaterThanOrEqual(15);
  expect(ink).toBeGreaterThan(100);

  // A card with nothing to draw answers its PNG button with why.
  const reason = await page.evaluate(async () => {
    const card = document.createElement('ds-chart-card') as HTMLElement & { unavailable: string; updateComplete: Promise<unknown> };
    card.unavailable = 'nothing to draw yet: run a simulation first';
    document.body.append(card);
    await card.updateComplete;
    (card.shadowRoot?.querySelector('button[data-export="png"]') as HTMLButtonElement).click();
    await card.updateComplete;
    const said = card.shadowRoot?.querySelector('.png-status')?.textContent;
    card.remove();
    return said;
  });
  expect(reason).toBe('nothing to draw yet: run a simulation first');
  expect(app.errors).toEqual([]);
  await page.close();
});
