/**
 * The built app in headless Chromium: controls → run → charts, checked against the CPU reference
 * engine recomputed here in Node for the same configuration (not against the app's own output).
 */
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { colorOfLog10, log10Range } from '../../src/app/colormap';
import { configJson, normalizeConfig, type SimConfig } from '../../src/sim/config';
import { runReference } from '../../src/sim/cpu-engine';
import { resultJson } from '../../src/sim/format';
import { runSeeds } from '../../src/sim/seeds';
import { FPRIME_BINS, fprimeBinEdges, unitDeltaLog10, type SimResult } from '../../src/sim/stats';
import { layerTheory } from '../../src/sim/layer-theory';
import { addTheory } from '../../src/sim/theory-cli';
import { artifactPath, connect, isCI } from './harness';
import { nodeCpu } from './node-cpu';
import {
  appResult, chartData, clickRun, deep, downloadsOf, fill, markResult, openApp, plotted, relClose, setActivation, textOf, valueOf,
  waitForNewResult, type AppPage, type PlotHost,
} from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser.disconnect();
});

/** Deep equality with a relative tolerance on numbers (Chromium's and Node's V8 may round exp/log apart in the last bit). */
function expectClose(got: unknown, want: unknown, tol: number, path = ''): void {
  if (typeof want === 'number') {
    expect(relClose(got as number, want, tol), `${path}: ${got} vs ${want}`).toBe(true);
  } else if (want && typeof want === 'object') {
    expect(Object.keys(got as object).sort(), path).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expectClose((got as Record<string, unknown>)[k], v, tol, `${path}.${k}`);
  } else {
    expect(got, path).toBe(want);
  }
}

/** Every console error of every page, checked at the end of each test. */
function expectNoErrors(app: AppPage): void {
  expect(app.errors, `console errors: ${app.errors.join('\n')}`).toEqual([]);
}

function expectLayersMatch(app: SimResult['runs'], ref: SimResult['runs'], tol = 1e-6): void {
  expect(app.map((r) => r.activation)).toEqual(ref.map((r) => r.activation));
  app.forEach((run, i) => {
    run.layers.forEach((s, l) => {
      const r = ref[i].layers[l];
      for (const key of ['deltaRms', 'zeroFraction', 'deadFraction', 'meanAbsFprime', 'preactStd'] as const) {
        expect(relClose(s[key], r[key], tol), `${run.activation} layer ${l + 1} ${key}: app ${s[key]} vs node ${r[key]}`).toBe(true);
      }
    });
  });
}

test('changing the controls and running draws charts whose data are the CPU engine\'s numbers', async () => {
  const app = await openApp(browser, '?act=relu&depth=12&width=8&batch=2&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);

  // Change the controls as a user would: add two activations, set the sizes, run.
  await setActivation(page, 'sigmoid', true);
  await setActivation(page, 'tanh', true);
  await fill(page, '#f-depth', '40');
  await fill(page, '#f-width', '24');
  await fill(page, '#f-batch', '6');
  await fill(page, '#f-seed', '3');
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);

  // The app always measures the weight gradients (their chart).
  const config: SimConfig = normalizeConfig({
    activations: ['relu', 'sigmoid', 'tanh'], init: 'he-normal', depth: 40, width: 24, batch: 6, seed: 3, weightGrads: true,
  });
  const ref = await nodeCpu(config, { details: true });
  const result = await appResult(page);
  expect(result.config).toEqual(config);
  expect(result.engine.kind).toBe('cpu');
  expectLayersMatch(result.runs as SimResult['runs'], ref.runs);

  // Decay chart: x = layers 1..depth, one series per activation = deltaLog10 (null only where it is not finite).
  const decay = await chartData(page, 'ds-decay-chart');
  expect(decay[0]).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  ref.runs.forEach((run, i) => {
    run.layers.forEach((s, l) => {
      const v = decay[i + 1][l];
      if (Number.isFinite(s.deltaLog10)) expect(Math.abs((v as number) - s.deltaLog10), `${run.activation} layer ${l + 1}`).toBeLessThan(1e-6);
      else expect(v).toBeNull();
    });
  });

  // Sparsity chart: per activation, zeroFraction then deadFraction.
  const sparsity = await chartData(page, 'ds-sparsity-chart');
  ref.runs.forEach((run, i) => {
    expect(sparsity[1 + 2 * i]).toEqual(run.layers.map((s) => s.zeroFraction));
    expect(sparsity[2 + 2 * i]).toEqual(run.layers.map((s) => s.deadFraction));
  });
  // ReLU zeroes about half its activations: the chart must show that, not a flat line.
  const reluZero = sparsity[1] as number[];
  expect(reluZero.reduce((a, b) => a + b, 0) / reluZero.length).toBeGreaterThan(0.3);

  // Weight gradients: one line per network, weightGradLog10 per layer.
  const weights = await chartData(page, 'ds-weight-grad-chart');
  ref.runs.forEach((run, i) => run.layers.forEach((s, l) => {
    expect(Math.abs((weights[1 + i][l] as number) - (s.weightGradLog10 as number)), `${run.activation} ∂L/∂W layer ${l + 1}`).toBeLessThan(1e-6);
  }));

  // f′ chart, first network (relu): its f′ is 0 or 1, so the chart shows per layer the share of
  // exact zeros and the mean |f′| (not a barcode of quantiles), the engine's numbers.
  const steps = await chartData(page, 'ds-fprime-chart');
  expect(steps).toHaveLength(3);
  ref.runs[0].layers.forEach((s, l) => {
    expect(steps[1][l]).toBe(s.fprimeZeroFraction);
    expect(relClose(steps[2][l] as number, s.meanAbsFprime, 1e-6)).toBe(true);
  });
  expect(await textOf(page, 'ds-fprime-chart >>> #fprime-caption')).toContain('share that is exactly 0');

  // tanh (picked in the detail section): the median lies inside the histogram bin where Node's
  // cumulative |f′| count crosses one half, and the mean line is the engine's mean |f′|.
  await (await deep(page, 'ds-activation-picker >>> input[value="live/tanh"]')).evaluate((e) => (e.parentElement as HTMLElement).click());
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.data.length ?? 0) === 7, { timeout: 20_000 }, await plotted(page, 'ds-fprime-chart'));
  const fprime = await chartData(page, 'ds-fprime-chart');
  const hist = ref.runs[2].details?.fprimeHist as Uint32Array;
  for (let l = 0; l < 40; l++) {
    const row = Array.from(hist.subarray(l * FPRIME_BINS, (l + 1) * FPRIME_BINS));
    const total = row.reduce((a, b) => a + b, 0);
    let cum = 0;
    let k = 0;
    while (cum + row[k] < total / 2) cum += row[k++];
    const median = fprime[5][l] as number;
    if (k === 0) expect(median).toBeLessThanOrEqual(1e-6 * 1.0001);
    else {
      const [lo, hi] = fprimeBinEdges(k);
      expect(median).toBeGreaterThanOrEqual(lo * 0.9999);
      expect(median).toBeLessThanOrEqual(hi * 1.0001);
    }
    expect(relClose(fprime[6][l] as number, Math.max(1e-6, ref.runs[2].layers[l].meanAbsFprime), 1e-6)).toBe(true);
  }

  // Heatmap (tanh, the network picked): the pixel at the centre of known cells has the colour of Node's |δ| (with its exponent) on the log scale.
  const details = ref.runs[2].details!;
  const unitLog10 = (layer: number, unit: number): number => unitDeltaLog10(details, 24, layer, unit);
  const range = log10Range(Array.from({ length: 40 * 24 }, (_, i) => unitLog10(Math.floor(i / 24) + 1, i % 24)));
  const heatmap = await deep(page, 'ds-heatmap');
  const layout = await heatmap.evaluate((hm) => {
    return (hm as unknown as { layout: { plotX: number; plotY: number; plotW: number; plotH: number; depth: number; width: number } }).layout;
  });
  expect(layout).toMatchObject({ depth: 40, width: 24 });
  for (const [layer, unit] of [[1, 0], [40, 23], [20, 11], [7, 5], [33, 17]]) {
    const x = Math.floor(layout.plotX + ((layer - 0.5) / 40) * layout.plotW);
    const y = Math.floor(layout.plotY + ((unit + 0.5) / 24) * layout.plotH);
    const pixel = await heatmap.evaluate((hm, px, py) => {
      const canvas = hm.shadowRoot?.querySelector('canvas') as HTMLCanvasElement;
      return Array.from((canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(px, py, 1, 1).data);
    }, x, y);
    const want = colorOfLog10(unitLog10(layer, unit), range);
    for (let c = 0; c < 3; c++) expect(Math.abs(pixel[c] - want[c]), `cell (${layer}, ${unit}) channel ${c}`).toBeLessThanOrEqual(3);
  }

  // Theory: the dashed series are the mean-field prediction, computed here from src/sim/theory.
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.data.length ?? 0) === 7, { timeout: 60_000 }, await plotted(page, 'ds-decay-chart'));
  const withTheory = await chartData(page, 'ds-decay-chart');
  config.activations.forEach((run, i) => {
    const t = layerTheory(config, run).deltaLog10;
    t.forEach((v, l) => expect(Math.abs((withTheory[4 + i][l] as number) - v)).toBeLessThan(1e-9));
  });

  // The summary table has a row per activation with δ at layer 1 and the badge of its total gain, whose rule is stated.
  expect(await textOf(page, 'ds-summary >>> tr[data-activation="relu"]')).toContain('ReLU');
  const sigmoidDecades = ref.runs[1].layers[0].deltaLog10 - ref.runs[1].layers[39].deltaLog10;
  expect(sigmoidDecades).toBeLessThan(-1);
  expect(await textOf(page, 'ds-summary >>> tr[data-activation="sigmoid"] .pill')).toBe('vanishes');
  expect(await textOf(page, 'ds-summary >>> #badge-help')).toContain('vanishes for T < 10^-1');
  await page.screenshot({ path: artifactPath('ui-desktop.png'), fullPage: true });
  expectNoErrors(app);
  await page.close();
});

test('exact zeros name their cause, the float32 band is drawn, overflow is explained: never a silent gap', async () => {
  // Zero weights: δ is exactly 0 below the output, because of the weights, not of float32.
  const app = await openApp(browser, '?act=tanh&init=zeros&depth=10&width=8&batch=2&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  const notes = await textOf(page, 'ds-decay-chart >>> .notes');
  expect(notes).toContain('tanh: δ is exactly 0 in layers 1–9: the weights are all 0');
  expect(notes).not.toMatch(/underflow|float32/);
  expect(await textOf(page, 'ds-summary >>> tr[data-activation="tanh"] .pill')).toBe('0: zero weights');
  const decay = await chartData(page, 'ds-decay-chart');
  expect(decay[1].slice(0, 9).every((v) => v === null)).toBe(true);
  expect(decay[1][9]).toBeTypeOf('number');

  // Sigmoid at depth 150: δ falls below float32's range about 60 layers under the output; the line
  // goes on (every layer plotted) and the band where a plain float32 network would hold 0 is named.
  await markResult(page);
  await page.goto(new URL('?act=sigmoid&init=lecun-normal&depth=150&width=8&batch=2&engine=cpu', page.url()).href);
  await page.waitForFunction(() => !!window.__deltascope);
  await waitForNewResult(page);
  const deep = (await nodeCpu(normalizeConfig({ activations: ['sigmoid'], init: 'lecun-normal', depth: 150, width: 8, batch: 2 }))).runs[0].layers;
  const band = deep.filter((s) => s.belowFloat32).map((s) => s.layer);
  expect(band[0]).toBe(1);
  expect(band.length).toBeGreaterThan(60);
  const deepDecay = await chartData(page, 'ds-decay-chart');
  deep.forEach((s, l) => expect(Math.abs((deepDecay[1][l] as number) - s.deltaLog10)).toBeLessThan(1e-6));
  expect(await textOf(page, 'ds-decay-chart >>> .notes')).toContain(`sigmoid: a plain float32 network would hold δ = 0 in layers 1–${band.length}`);
  expect(await textOf(page, 'ds-decay-chart >>> #float32-note')).toContain('a plain float32 network would hold exactly 0 there');

  // ELU at σ_w² = 1e6 (not homogeneous, so its forward pass is plain float32): it overflows, and the NaN reaches δ.
  await markResult(page);
  await page.goto(new URL('?act=elu&init=custom&sw2=1000000&depth=20&width=8&batch=2&engine=cpu', page.url()).href);
  await page.waitForFunction(() => !!window.__deltascope);
  await waitForNewResult(page);
  const ref = await nodeCpu(normalizeConfig({ activations: ['elu'], sigmaW2: 1e6, depth: 20, width: 8, batch: 2 }));
  const nanLayers = ref.runs[0].layers.filter((s) => Number.isNaN(s.deltaLog10)).map((s) => s.layer);
  const forward = ref.runs[0].layers.filter((s) => s.forwardNonFinite).map((s) => s.layer);
  expect(nanLayers.length).toBeGreaterThan(0);
  const notes2 = await textOf(page, 'ds-decay-chart >>> .notes');
  expect(notes2).toContain(`ELU: δ is NaN in layers ${nanLayers[0]}–${nanLayers[nanLayers.length - 1]}, first at layer ${nanLayers[nanLayers.length - 1]} going down`);
  expect(notes2).toContain(`ELU: the forward pass holds Inf or NaN in layers ${forward[0]}–20, first at layer ${forward[0]} going up`);
  expectNoErrors(app);
  await page.close();
});

test('the URL holds the whole configuration: reload reproduces the controls and the run', async () => {
  const app = await openApp(browser, '?act=relu&depth=6&width=4&batch=2&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  await setActivation(page, 'relu', false);
  await setActivation(page, 'leaky-relu', true);
  await fill(page, '#f-param-leaky-relu', '0.2');
  await setActivation(page, 'elu', true);
  await (await deep(page, '#f-init')).select('custom');
  await fill(page, '#f-sigmaW2', '1.5');
  await fill(page, '#f-sigmaB2', '0.1');
  await fill(page, '#f-depth', '14');
  await fill(page, '#f-width', '12');
  await fill(page, '#f-batch', '3');
  await fill(page, '#f-seed', '7');
  await (await deep(page, 'input[name="top"][value="mse"]')).evaluate((e) => (e.parentElement as HTMLElement).click());
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  const first = await appResult(page);
  const url = await page.evaluate(() => location.href);
  expect(url).toContain('act=leaky-relu:0.2,elu');
  expect(url).toContain('sw2=1.5');
  expect(url).toContain('top=mse');

  const again = await openApp(browser, new URL(url).search);
  await waitForNewResult(again.page);
  for (const [sel, want] of [['#f-sigmaW2', '1.5'], ['#f-sigmaB2', '0.1'], ['#f-depth', '14'], ['#f-width', '12'], ['#f-batch', '3'], ['#f-seed', '7'], ['#f-param-leaky-relu', '0.2']]) {
    expect(await valueOf(again.page, sel), sel).toBe(want);
  }
  expect(await valueOf(again.page, '#f-init')).toBe('custom');
  const second = await appResult(again.page);
  expect(second.config).toEqual(first.config);
  expectLayersMatch(second.runs as SimResult['runs'], first.runs as SimResult['runs'], 0);
  expect(second.config).toEqual(normalizeConfig({
    activations: ['leaky-relu:0.2', 'elu'], sigmaW2: 1.5, sigmaB2: 0.1, depth: 14, width: 12, batch: 3, seed: 7, top: 'mse', weightGrads: true,
  }));
  expectNoErrors(app);
  expectNoErrors(again);
  await page.close();
  await again.page.close();
});

test('CSV, JSON and PNG exports are valid files with the run\'s numbers', async () => {
  const app = await openApp(browser, '?act=sigmoid,relu&depth=9&width=6&batch=2&seed=5&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  const downloads = await downloadsOf(page);
  const waitFile = async (suffix: string): Promise<Buffer> => (await downloads.file(suffix)).data;
  const result = await appResult(page);
  // The exports carry the mean-field prediction once it has arrived (x, 2 runs, 2 theory lines on the decay chart).
  await page.waitForFunction((el) => ((el as unknown as PlotHost).plot?.data.length ?? 0) === 5, { timeout: 60_000 }, await plotted(page, 'ds-decay-chart'));

  await (await deep(page, '#export-csv')).click();
  const csvFile = (await waitFile('.csv')).toString('utf8').trim().split('\n');
  // Comment lines first: what was run, the engine, the normalized configuration as JSON (seeds included).
  const comments = csvFile.filter((l) => l.startsWith('#'));
  expect(comments[0]).toContain('depth 9 · width 6 · batch 2 · init he-normal');
  expect(JSON.parse(comments.find((l) => l.startsWith('# config '))!.slice('# config '.length))).toEqual({ ...configJson(result.config), seeds: 1 });
  const csv = csvFile.filter((l) => !l.startsWith('#'));
  const header = csv[0].split(',');
  expect(header.slice(0, 3)).toEqual(['activation', 'backward', 'layer']);
  expect(csv.length - 1).toBe(2 * 9);
  const col = header.indexOf('deltaRms');
  for (const [i, run] of result.runs.entries()) {
    const rows = csv.slice(1).map((l) => l.split(',')).filter((c) => c[0] === run.activation);
    expect(rows.length).toBe(9);
    rows.forEach((c, l) => {
      expect(Number(c[2])).toBe(l + 1);
      expect(relClose(Number(c[col]), result.runs[i].layers[l].deltaRms, 1e-6)).toBe(true);
    });
  }

  await (await deep(page, '#export-json')).click();
  const json = JSON.parse((await waitFile('.json')).toString('utf8'));
  expect(json.config).toEqual({ ...configJson(result.config), seeds: 1 });
  // The same file as `npm run sim -- --theory --format json` writes for this result, theoryQ included.
  expectClose(json, JSON.parse(resultJson(addTheory(result as unknown as SimResult))), 1e-12);
  json.runs.forEach((run: { layers: { theoryQ: number }[] }, i: number) => {
    const q = layerTheory(result.config, result.config.activations[i]).q;
    run.layers.forEach((s, l) => expect(relClose(s.theoryQ, q[l], 1e-12)).toBe(true));
  });
  // ReLU with He init keeps q = σ_w² = 2 at every layer (q_l = σ_w² q_{l−1} / 2).
  for (const s of json.runs[1].layers) expect(s.theoryQ).toBeCloseTo(2, 12);
  expect(json.runs.map((r: { activation: string }) => r.activation)).toEqual(['sigmoid', 'relu']);
  json.runs.forEach((run: { layers: { deltaRms: number | null; deadFraction: number }[] }, i: number) => {
    run.layers.forEach((s, l) => {
      const want = result.runs[i].layers[l];
      if (Number.isFinite(want.deltaRms)) expect(relClose(s.deltaRms as number, want.deltaRms, 1e-12)).toBe(true);
      else expect(s.deltaRms).toBeNull();
      expect(s.deadFraction).toBe(want.deadFraction);
    });
  });

  await page.waitForFunction((el) => !!(el as unknown as { data: unknown }).data, { timeout: 60_000 }, await deep(page, 'ds-phase-diagram'));
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  // The file names say what is inside, init and seed included.
  expect((await downloads.file('.json')).name).toBe('deltascope-sigmoid-relu-he-normal-d9-w6-b2-s5.json');
  // Every chart card downloads a PNG, the key-numbers table and the phase diagram included.
  for (const chart of ['decay', 'summary', 'forward', 'weightgrad', 'sparsity', 'phase', 'heatmap', 'fprime']) {
    await (await deep(page, `ds-chart-card[chart="${chart}"]`)).evaluate((card) => {
      (card.shadowRoot?.querySelector('button[data-export="png"]') as HTMLButtonElement).click();
    });
    const png = await waitFile(`-${chart}.png`);
    expect(Array.from(png.subarray(0, 8))).toEqual(signature);
    expect(png.length).toBeGreaterThan(2000);
  }
  expectNoErrors(app);
  await page.close();
});

test('invalid input is refused beside its field and no run starts', async () => {
  const app = await openApp(browser, '?act=relu&depth=5&width=4&batch=2&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  await page.evaluate(() => {
    const w = window as unknown as { __runs: number; __deltascope: { controller: { run: (...a: unknown[]) => unknown } } };
    w.__runs = 0;
    const c = w.__deltascope.controller;
    const original = c.run.bind(c);
    c.run = (...a: unknown[]) => { w.__runs++; return original(...a); };
  });
  await fill(page, '#f-depth', '0');
  expect(await textOf(page, '#err-depth')).toMatch(/depth must be between 1 and \d+ \(got 0\)/);
  expect(await (await deep(page, '#f-depth')).evaluate((e) => e.getAttribute('aria-invalid'))).toBe('true');
  await fill(page, '#f-width', 'abc');
  expect(await textOf(page, '#err-width')).toContain("width must be an integer between 1 and 16384 (got 'abc')");
  await (await deep(page, '#f-init')).select('custom');
  await fill(page, '#f-sigmaW2', '-1');
  expect(await textOf(page, '#err-sigmaW2')).toContain('σ_w² must be a number between 0 and');
  await clickRun(page);
  // Submitting also with the keyboard: Enter in a field.
  await (await deep(page, '#f-seed')).press('Enter');
  await new Promise((r) => setTimeout(r, 300));
  expect(await page.evaluate(() => (window as unknown as { __runs: number }).__runs)).toBe(0);
  expect(await page.evaluate(() => window.__deltascope?.controller.state.phase)).toBe('done');
  // The first invalid field gets the focus.
  expect(await page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.id;
  })).toBe('f-sigmaW2');

  // Fixing the fields lets the run start.
  await fill(page, '#f-depth', '3');
  await fill(page, '#f-width', '4');
  await fill(page, '#f-sigmaW2', '1');
  expect(await textOf(page, '#err-depth')).toBeNull();
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  expect(await page.evaluate(() => (window as unknown as { __runs: number }).__runs)).toBe(1);
  expectNoErrors(app);
  await page.close();

  // Invalid URL parameters: a clear message, the defaults for those, and no crash.
  const bad = await openApp(browser, '?act=relu,nope&depth=abc&width=8&batch=2&engine=cpu&sb2=-3');
  await bad.page.waitForFunction(() => window.__deltascope?.controller.state.phase === 'running' || window.__deltascope?.controller.state.phase === 'done');
  const banner = await textOf(bad.page, '#url-banner');
  expect(banner).toContain("act=relu,nope ignored: unknown activation 'nope'");
  expect(banner).toContain('depth=abc ignored');
  expect(banner).toContain('sb2=-3 ignored');
  expect(await valueOf(bad.page, '#f-width')).toBe('8');
  await bad.page.evaluate(() => window.__deltascope?.controller.cancel());
  expectNoErrors(bad);
  await bad.page.close();
});

test('a long run shows progress and can be cancelled; the page stays responsive', async () => {
  const app = await openApp(browser, '?act=relu&depth=4&width=4&batch=1&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  const before = await appResult(page);
  await fill(page, '#f-depth', '1500');
  await fill(page, '#f-width', '160');
  await fill(page, '#f-batch', '8');
  await setActivation(page, 'tanh', true);
  await clickRun(page);
  await deep(page, 'progress');
  // The main thread answers while the worker computes.
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  expect(Date.now() - t0).toBeLessThan(5000);
  await (await deep(page, '#cancel')).click();
  await page.waitForFunction(() => window.__deltascope?.controller.state.phase === 'cancelled');
  expect(await textOf(page, '#cancelled')).toContain('cancelled');
  const after = await appResult(page);
  expect(after.config).toEqual(before.config);
  // A new run after the cancel works (a fresh worker).
  await fill(page, '#f-depth', '5');
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page);
  expect((await appResult(page)).config.depth).toBe(5);
  expectNoErrors(app);
  await page.close();
});

test('phone layout: the results first, the form folded; keyboard use', async () => {
  const app = await openApp(browser, '?act=sigmoid,tanh,relu&depth=50&width=32&batch=4&engine=cpu', { width: 390, height: 844 });
  const { page } = app;
  await waitForNewResult(page);
  await chartData(page, 'ds-decay-chart');
  // Nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // The decay chart starts on the first screen; the form is folded under one line.
  const decay = await (await deep(page, 'ds-chart-card[chart="decay"]')).boundingBox();
  expect(decay!.y).toBeLessThan(844);
  expect(await (await deep(page, '#settings-fold')).evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  await page.screenshot({ path: artifactPath('ui-phone.png'), fullPage: true });

  // Keyboard: Tab reaches the folded settings, Enter opens them, Tab reaches the activation chips, Space toggles one.
  const focusedId = (): Promise<string> => page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName}:${(el as HTMLInputElement).name ?? ''}:${(el as HTMLInputElement).value ?? ''}` : '';
  });
  let focused = '';
  for (let i = 0; i < 40 && !focused.startsWith('SUMMARY'); i++) {
    await page.keyboard.press('Tab');
    focused = await focusedId();
  }
  expect(focused.startsWith('SUMMARY')).toBe(true);
  await page.keyboard.press('Enter');
  for (let i = 0; i < 6 && !focused.startsWith('INPUT:activation:'); i++) {
    await page.keyboard.press('Tab');
    focused = await focusedId();
  }
  expect(focused).toBe('INPUT:activation:linear');
  await page.keyboard.press('Space');
  expect(await page.evaluate(() => location.search)).toContain('act=sigmoid,tanh,relu,linear');
  expectNoErrors(app);
  await page.close();
});

test('the WebGPU engine runs in the app and agrees with the CPU engine', async () => {
  const app = await openApp(browser, '?act=relu,tanh&depth=16&width=12&batch=3&seed=2&engine=webgpu');
  const { page } = app;
  await page.waitForFunction(() => window.__deltascope?.controller.state.gpu.state !== 'probing', { timeout: 120_000 });
  const gpu = await page.evaluate(() => window.__deltascope?.controller.state.gpu);
  if (gpu?.state !== 'ready') {
    if (isCI) throw new Error(`WebGPU unavailable under CI: ${gpu?.message}`);
    console.warn(`skipping the WebGPU UI check: ${gpu?.message}`);
    // The banner must say so and the CPU engine must have run instead.
    await waitForNewResult(page);
    expect(await textOf(page, '#gpu-banner')).toContain('WebGPU is not available');
    expect((await appResult(page)).engine.kind).toBe('cpu');
    await page.close();
    return;
  }
  await waitForNewResult(page, 180_000);
  const result = await appResult(page);
  expect(result.engine.kind).toBe('webgpu');
  expect(result.engine.adapter?.vendor).toBeTypeOf('string');
  const ref = runReference(result.config, { details: true });
  expectLayersMatch(result.runs as SimResult['runs'], ref.runs, 1e-3);
  const status = await textOf(page, 'ds-engine-status >>> dl');
  expect(status).toContain('WebGPU');
  if (result.engine.adapter?.isFallbackAdapter || result.engine.adapter?.isSoftware) expect(status).toContain('software/fallback adapter');

  // Multi-seed on the device (the kernels are compiled now): seeds 2 and 3 run one after the other
  // on the GPU, and the medians match runSeeds over the CPU engine.
  await fill(page, '#f-seeds', '2');
  await markResult(page);
  await clickRun(page);
  await waitForNewResult(page, 180_000);
  const multi = await appResult(page);
  expect(multi.engine.kind).toBe('webgpu');
  expect(multi.seeds).toEqual({ first: 2, count: 2 });
  const refSeeds = await runSeeds(multi.config, 2, runReference);
  expectLayersMatch(multi.runs as SimResult['runs'], refSeeds.runs, 1e-3);
  expectNoErrors(app);
  await page.close();
});

test('a scenario opens in place with its text and runs; a click on the phase diagram runs that point', async () => {
  const app = await openApp(browser, '?act=relu&depth=4&width=4&batch=1&engine=cpu');
  const { page } = app;
  await waitForNewResult(page);
  await page.evaluate(() => { (window as unknown as { __samePage: boolean }).__samePage = true; });

  // The diagram says which network it describes, and clicking its middle runs that network at
  // σ_w² ≈ 2, σ_b² ≈ 0.25 (axes 0–4 and 0–0.5) as a custom init.
  const card = await deep(page, 'ds-chart-card[chart="phase"]');
  expect(await card.evaluate((c) => c.getAttribute('heading'))).toBe('Order and chaos: ReLU');
  await page.waitForFunction((el) => !!(el as unknown as { data: unknown }).data, { timeout: 60_000 }, await deep(page, 'ds-phase-diagram'));
  const canvas = await deep(page, 'ds-phase-diagram >>> canvas');
  await canvas.scrollIntoView();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the phase diagram has no box');
  const plot = { x: box.x + 56, y: box.y + 8, w: box.width - 66, h: box.height - 42 };
  await markResult(page);
  await page.mouse.click(plot.x + plot.w / 2, plot.y + plot.h / 2);
  await waitForNewResult(page);
  const picked = (await appResult(page)).config;
  expect(picked.init.name).toBe('custom');
  expect(Math.abs(picked.sigmaW2 - 2)).toBeLessThan(0.1);
  expect(Math.abs(picked.sigmaB2 - 0.25)).toBeLessThan(0.02);
  expect(picked.activations.map((a) => a.spec)).toEqual(['relu']);
  expect(await valueOf(page, '#f-init')).toBe('custom');
  expect(await page.evaluate(() => location.search)).toContain('init=custom');

  // A scenario link opens in place: the same page, its text, its configuration, and it runs.
  await markResult(page);
  await (await deep(page, 'ds-scenarios >>> a[data-scenario="tanh-edge-of-chaos"]')).click();
  expect(await textOf(page, '#scenario-card')).toContain('tanh');
  expect(await valueOf(page, '#f-sigmaW2')).toBe('1.76');
  expect(await valueOf(page, '#f-sigmaB2')).toBe('0.05');
  expect(await valueOf(page, '#f-depth')).toBe('300');
  // It runs (waited for to its result: a small run may end before a poll would see it running).
  await waitForNewResult(page);
  expect((await appResult(page)).config).toMatchObject({ depth: 300, sigmaW2: 1.76, sigmaB2: 0.05 });
  expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
  expect(await page.evaluate(() => location.search)).toContain('scenario=tanh-edge-of-chaos');
  // Its link still opens it on a fresh page.
  const href = await (await deep(page, 'ds-scenarios >>> a[data-scenario="tanh-edge-of-chaos"]')).evaluate((a) => (a as HTMLAnchorElement).href);
  expect(new URL(href).searchParams.get('sw2')).toBe('1.76');
  await page.evaluate(() => window.__deltascope?.controller.cancel());
  expectNoErrors(app);
  await page.close();
});
