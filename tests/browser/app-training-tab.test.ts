/**
 * The training view mounted in the built app: a link to ?tab=training opens it with its t.* settings,
 * it trains, and the simulator's URL writer keeps the training keys (and vice versa) across tabs;
 * on WebGPU both views use one device. Then what makes training shareable: the keyboard, pinned
 * networks with their own init, a seed sweep, the exports, a link that reproduces the step reached,
 * the sticky transport on a phone, and a loss chart whose scale survives a spike.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { CpuTrainer } from '../../src/sim/train/cpu-trainer';
import { trainParams } from '../../src/app/train/train-url';
import { normalizeTrainConfig } from '../../src/sim/train/train-config';
import type { Checkpoint } from '../../src/sim/train/trainer';
import { connect, isCI } from './harness';
import { nodeCpuTrainer } from './node-cpu';
import { downloadsOf, openApp, stubClipboard } from './ui-helpers';

let browser: Browser;
beforeAll(async () => {
  browser = await connect();
});
afterAll(async () => {
  await browser?.disconnect();
});

const QUERY = '?tab=training&engine=cpu&t.engine=cpu&t.task=xor&t.act=relu&t.depth=3&t.width=8&t.steps=20&t.every=10&t.seed=5';

test('the Training tab hosts the training view; both views keep their settings in one URL', async () => {
  const { page, errors } = await openApp(browser, QUERY);
  // The view is mounted inside the app and built from the URL's t.* keys.
  await page.waitForFunction(() => {
    const s = window.__deltascope?.train.state;
    return s?.phase === 'ready' || s?.phase === 'paused';
  }, { timeout: 60_000, polling: 100 });
  expect(await page.evaluate(() => !!document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-train-view'))).toBe(true);
  // Opened on the training tab, the simulator does not run in the background.
  expect(await page.evaluate(() => window.__deltascope!.controller.state.phase)).toBe('idle');

  // Train to the end: the step-20 loss equals the CPU trainer's, run here in Node.
  await page.evaluate(() => window.__deltascope!.train.play());
  await page.waitForFunction(() => window.__deltascope?.train.state.phase === 'done', { timeout: 60_000, polling: 100 });
  const loss = await page.evaluate(() => {
    const runs = window.__deltascope!.train.state.runs;
    const cps = runs[0].checkpoints;
    return cps[cps.length - 1].train.loss;
  });
  const config = normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 3, width: 8, steps: 20, every: 10, seed: 5 });
  const trainer = await nodeCpuTrainer();
  await trainer.init(config);
  const cps = await trainer.step(20);
  trainer.dispose();
  expect(Math.abs(loss - cps[cps.length - 1].train.loss)).toBeLessThan(1e-6 * Math.abs(cps[cps.length - 1].train.loss));

  // Switching to the simulator runs it and keeps the t.* keys in the URL.
  await page.evaluate(() => {
    const tab = document.querySelector('ds-app')!.shadowRoot!.querySelector<HTMLButtonElement>('#tab-init')!;
    tab.click();
  });
  await page.waitForFunction(() => window.__deltascope?.controller.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const search = new URLSearchParams(await page.evaluate(() => window.location.search));
  expect(search.get('t.task')).toBe('xor');
  expect(search.get('t.depth')).toBe('3');
  expect(search.get('tab')).not.toBe('training');
  expect(errors).toEqual([]);
  await page.close();
});

test('the simulator and the training view share one WebGPU device', async (ctx) => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as { __devices: number };
    w.__devices = 0;
    const original = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
      w.__devices++;
      return original.apply(this, args);
    };
  });
  // WebGPU named in the URL: on a software adapter the views would otherwise start on the CPU engine.
  const query = '?act=relu&depth=6&width=8&batch=2&engine=webgpu&t.engine=webgpu&t.task=xor&t.act=relu&t.depth=2&t.width=8&t.steps=10&t.every=5&t.seed=2';
  await page.goto(new URL(query, inject('appUrl')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__deltascope?.controller.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const gpuState = await page.evaluate(() => window.__deltascope!.controller.state.gpu.state);
  if (gpuState !== 'ready') {
    await page.close();
    if (isCI) throw new Error('no WebGPU adapter under CI');
    ctx.skip('no WebGPU adapter here: the shared-device check needs one');
  }
  expect(await page.evaluate(() => window.__deltascope!.controller.state.engineUsed)).toBe('webgpu');

  await page.evaluate(() => document.querySelector('ds-app')!.shadowRoot!.querySelector<HTMLButtonElement>('#tab-training')!.click());
  await page.waitForFunction(() => ['ready', 'paused'].includes(window.__deltascope?.train.state.phase ?? ''), { timeout: 120_000, polling: 100 });
  await page.evaluate(() => window.__deltascope!.train.play());
  await page.waitForFunction(() => window.__deltascope?.train.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const trained = await page.evaluate(() => {
    const s = window.__deltascope!.train.state;
    const cps = s.runs[0].checkpoints;
    return { engine: s.engineUsed, loss: cps[cps.length - 1].train.loss, devices: (window as unknown as { __devices: number }).__devices };
  });
  expect(trained.engine).toBe('webgpu');
  expect(trained.devices).toBe(1);
  // The GPU trainer on the shared device follows the CPU trainer (float32 tolerance over 10 steps).
  const trainer = new CpuTrainer();
  await trainer.init(normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 2, width: 8, steps: 10, every: 5, seed: 2 }));
  const cps = await trainer.step(10);
  const want = cps[cps.length - 1].train.loss;
  expect(Math.abs(trained.loss - want)).toBeLessThan(1e-3 * Math.abs(want));
  expect(errors).toEqual([]);
  await page.close();
});

test('the Training tab trains a residual network: 20 ReLU layers with α = 1/√depth and LayerNorm, as the CPU trainer does', async () => {
  const config = normalizeTrainConfig({
    task: 'xor', activation: 'relu', depth: 20, width: 8, residual: 'auto', norm: 'layer', steps: 40, every: 20, seed: 7,
  });
  const { page, errors } = await openApp(browser, `?tab=training&engine=cpu&${trainParams([config], 'cpu', 50).toString()}`);
  await page.waitForFunction(() => ['ready', 'paused'].includes(window.__deltascope?.train.state.phase ?? ''), { timeout: 60_000, polling: 100 });
  await page.evaluate(() => window.__deltascope!.train.play());
  await page.waitForFunction(() => window.__deltascope?.train.state.phase === 'done', { timeout: 120_000, polling: 100 });
  const run = await page.evaluate(() => {
    const r = window.__deltascope!.train.state.runs[0];
    return { config: r.config, losses: r.checkpoints.map((c) => c.train.loss) };
  });
  expect(run.config).toEqual(config);
  expect(run.config.alpha).toBeCloseTo(1 / Math.sqrt(20), 12);
  const trainer = await nodeCpuTrainer();
  const first = await trainer.init(config);
  const cps = [first, ...(await trainer.step(40))];
  trainer.dispose();
  expect(run.losses).toHaveLength(cps.length);
  run.losses.forEach((loss, i) => expect(Math.abs(loss - cps[i].train.loss), `checkpoint ${i}`).toBeLessThan(1e-6 * Math.abs(cps[i].train.loss)));
  expect(run.losses.at(-1)!).toBeLessThan(0.8 * run.losses[0]);
  expect(errors).toEqual([]);
  await page.close();
});

/** Waits until the training is in one of these phases. */
async function trainPhase(page: Page, phases: string[], timeout = 120_000): Promise<void> {
  await page.waitForFunction((ph) => {
    const s = window.__deltascope?.train.state;
    if (s?.phase === 'error') throw new Error(`training failed: ${s.error}`);
    return !!s && (ph as string[]).includes(s.phase);
  }, { timeout, polling: 50 }, phases);
}

/** Takes the focus off whatever control has it, so that keys go to the page. */
const blur = (page: Page): Promise<void> => page.evaluate(() => {
  let el: Element | null = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  (el as HTMLElement | null)?.blur();
});

const announced = (page: Page): Promise<string> => page.$eval('>>> #train-announce', (e) => e.textContent?.trim() ?? '');

/** The app's CPU trainer (the WebAssembly kernels) run here in Node: every checkpoint up to `steps`. */
async function reference(raw: Parameters<typeof normalizeTrainConfig>[0], steps: number): Promise<Checkpoint[]> {
  const t = await nodeCpuTrainer();
  try {
    const cps = [t.initSync(normalizeTrainConfig(raw))];
    while (t.stepsDone < steps) cps.push(...t.stepSync(Math.min(7, steps - t.stepsDone)));
    return cps;
  } finally {
    t.dispose();
  }
}

const XOR = { task: 'xor', activation: 'relu', depth: 3, width: 8, steps: 60, every: 10, seed: 5 } as const;

test('training: keyboard control, networks with their own init, a seed sweep, CSV and JSON of every checkpoint, a link that reproduces it', async () => {
  const { page, errors } = await openApp(browser, '?tab=training&t.engine=cpu&t.task=xor&t.act=relu&t.depth=3&t.width=8&t.steps=60&t.every=10&t.seed=5&t.speed=1');
  await trainPhase(page, ['ready']);
  const state = <T>(f: string): Promise<T> => page.evaluate(`(() => { const s = window.__deltascope.train.state; return ${f}; })()`) as Promise<T>;

  // Space plays and pauses, → steps to the next checkpoint, R resets; each is announced.
  await page.keyboard.press('Space');
  await trainPhase(page, ['playing']);
  expect(await announced(page)).toBe('Playing from step 0');
  await page.waitForFunction(() => (window.__deltascope?.train.state.stepsDone ?? 0) >= 3, { polling: 20 });
  await page.keyboard.press('Space');
  await trainPhase(page, ['paused']);
  await page.waitForFunction(() => document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-train-view')?.shadowRoot?.querySelector('#train-announce')?.textContent?.includes('Paused'));
  const paused = await state<number>('s.stepsDone');
  expect(await announced(page)).toBe(`Paused at step ${paused}`);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((n) => window.__deltascope?.train.state.stepsDone === n, {}, (Math.floor(paused / 10) + 1) * 10);
  await page.waitForFunction(() => document.querySelector('ds-app')?.shadowRoot?.querySelector('ds-train-view')?.shadowRoot?.querySelector('#train-announce')?.textContent?.includes('Stepped'));
  expect(await announced(page)).toBe(`Stepped to step ${(Math.floor(paused / 10) + 1) * 10}`);
  await page.keyboard.press('r');
  await trainPhase(page, ['ready']);
  expect(await state<number>('s.stepsDone')).toBe(0);
  expect(await announced(page)).toBe('Reset to step 0');

  // Pin the ReLU/He network, switch the form to LeCun: both train side by side, each with its own init.
  await (await page.waitForSelector('>>> ds-train-view >>> #pin-run'))!.click();
  await (await page.waitForSelector('>>> #t-init'))!.select('lecun-normal');
  await page.waitForFunction(() => window.__deltascope?.train.state.runs.length === 2 && window.__deltascope.train.state.phase === 'ready', { polling: 50 });
  expect(await state<string[]>('s.runs.map((r) => r.config.init.spec)')).toEqual(['he-normal', 'lecun-normal']);
  // A seed sweep: two seeds per network.
  const seeds = await page.waitForSelector('>>> #t-seeds');
  await seeds!.evaluate((e) => (e as HTMLInputElement).select());
  await seeds!.type('2');
  await page.waitForFunction(() => window.__deltascope?.train.state.seeds === 2 && window.__deltascope.train.state.phase === 'ready', { polling: 50 });
  // Keys typed into a field stay there: the transport answers once the focus is off the form.
  await blur(page);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.__deltascope?.train.state.stepsDone === 10);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.__deltascope?.train.state.stepsDone === 20 && window.__deltascope.train.state.phase === 'paused');

  const nets = [{ ...XOR, init: 'he-normal' }, { ...XOR, init: 'lecun-normal' }];
  const refs = await Promise.all(nets.map((n) => Promise.all([0, 1].map((k) => reference({ ...n, seed: n.seed + k }, 20)))));
  // The loss chart names the networks and draws the median of the two seeds with its band.
  const chart = await page.waitForSelector('>>> ds-loss-chart');
  const plot = await chart!.evaluate((el) => {
    const u = (el as unknown as { plot: { data: (number | null)[][]; series: { label: string }[]; bands: unknown[] } }).plot;
    return { data: u.data, labels: u.series.map((s) => s.label), bands: u.bands.length };
  });
  expect(plot.labels.slice(1, 5)).toEqual(['ReLU · He normal train (median of 2 seeds)', 'ReLU · He normal test', 'ReLU · LeCun normal train (median of 2 seeds)', 'ReLU · LeCun normal test']);
  expect(plot.bands).toBe(2);
  expect(plot.data[0]).toEqual([0, 10, 20]);
  refs.forEach((seedRuns, i) => [0, 1, 2].forEach((c) => {
    const median = (seedRuns[0][c].train.loss + seedRuns[1][c].train.loss) / 2;
    expect(Math.abs((plot.data[1 + 2 * i][c] as number) - median)).toBeLessThanOrEqual(1e-6 * median);
  }));

  // JSON and CSV: every checkpoint of every network and seed, as the command line writes them.
  const downloads = await downloadsOf(page);
  await (await page.waitForSelector('>>> #train-export-json'))!.click();
  const json = await downloads.file('.json');
  expect(json.name).toBe('deltascope-train-xor-relu-he-normal_vs_relu-lecun-normal-d3-w8-s5-x2-step20.json');
  const doc = JSON.parse(json.data.toString('utf8'));
  expect(doc.networks.map((n: { label: string; config: { seed: number; init: string } }) => `${n.label}/${n.config.init}/${n.config.seed}`))
    .toEqual(['ReLU · He normal/he-normal/5', 'ReLU · He normal/he-normal/6', 'ReLU · LeCun normal/lecun-normal/5', 'ReLU · LeCun normal/lecun-normal/6']);
  doc.networks.forEach((n: { checkpoints: Checkpoint[]; model: { parameters: number } }, k: number) => {
    const ref = refs[Math.floor(k / 2)][k % 2];
    expect(n.checkpoints.map((c) => c.step)).toEqual([0, 10, 20]);
    n.checkpoints.forEach((c, i) => expect(Math.abs(c.train.loss - ref[i].train.loss)).toBeLessThanOrEqual(1e-6 * ref[i].train.loss));
    // 2 → 8, 8 → 8 three times, 8 → 2: weights and biases.
    expect(n.model.parameters).toBe(2 * 8 + 8 + 3 * (8 * 8 + 8) + 8 * 2 + 2);
  });
  await (await page.waitForSelector('>>> #train-export-csv'))!.click();
  const csv = (await downloads.file('.csv')).data.toString('utf8').trim().split('\n');
  expect(csv.filter((l) => l.startsWith('# network "') && l.includes(' config {'))).toHaveLength(4);
  const table = csv.filter((l) => !l.startsWith('#'));
  expect(table[0].startsWith('network,seed,step,trainLoss,')).toBe(true);
  // 4 runs × 3 checkpoints × 5 layers (input, 3 hidden, head).
  expect(table.length - 1).toBe(60);

  // Copy link: a fresh page opens the same networks and seeds, trained to the same step.
  const copied = await stubClipboard(page);
  await (await page.waitForSelector('>>> #train-copy-link'))!.click();
  const link = new URL((await copied())!);
  expect(link.searchParams.get('t.at')).toBe('20');
  expect(link.searchParams.get('t.seeds')).toBe('2');
  expect(link.searchParams.getAll('t.pin')).toHaveLength(1);
  const before = await state<{ config: unknown; last: Checkpoint }[]>('s.runs.map((r) => ({ config: r.config, last: r.checkpoints[r.checkpoints.length - 1] }))');
  expect(errors).toEqual([]);
  await page.close();

  const again = await openApp(browser, link.search, { width: 390, height: 844 });
  await again.page.waitForFunction(() => window.__deltascope?.train.state.stepsDone === 20 && window.__deltascope.train.state.phase === 'paused', { timeout: 120_000, polling: 100 });
  const after = await again.page.evaluate(() => window.__deltascope!.train.state.runs.map((r) => ({ config: r.config, last: r.checkpoints[r.checkpoints.length - 1] })));
  expect(after).toEqual(before);
  // On a phone the transport stays on screen as the page scrolls.
  await again.page.evaluate(() => window.scrollTo(0, 2500));
  await again.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const bar = await (await again.page.waitForSelector('>>> ds-train-view >>> .transport'))!.boundingBox();
  expect(bar!.y).toBeGreaterThanOrEqual(-1);
  expect(bar!.y).toBeLessThan(10);
  expect(await again.page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  expect(again.errors).toEqual([]);
  await again.page.close();
});

test('training charts: one huge loss keeps the others on their scale, marked at the top; the x axis ends at the steps done', async () => {
  // Squared error with SGD at lr 2 diverges: 0.43 at step 0, about 4e16 at step 4 (float32), then NaN.
  const { page, errors } = await openApp(browser, '?tab=training&t.engine=cpu&t.task=teacher&t.opt=sgd&t.lr=2&t.act=relu&t.depth=3&t.width=8&t.steps=2000&t.every=4&t.seed=5');
  await trainPhase(page, ['ready']);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => window.__deltascope?.train.state.stepsDone === 4 && window.__deltascope.train.state.phase === 'paused');
  const ref = await reference({ task: 'teacher', optimizer: 'sgd', lr: 2, activation: 'relu', depth: 3, width: 8, steps: 2000, every: 4, seed: 5 }, 4);
  expect(ref[1].train.loss).toBeGreaterThan(1e15);
  const chart = await page.waitForSelector('>>> ds-loss-chart');
  await page.waitForFunction((el) => ((el as unknown as { plot: { data: unknown[][] } | null }).plot?.data[0].length ?? 0) === 2, {}, chart);
  const plot = await chart!.evaluate((el) => {
    const u = (el as unknown as { plot: { data: (number | null)[][]; scales: { x: { max: number }; y: { max: number } } } }).plot;
    return { data: u.data, xMax: u.scales.x.max, yMax: u.scales.y.max };
  });
  // The data keep the true value; the axis stops three decades above the step-0 losses.
  expect(plot.data[1][1]).toBe(ref[1].train.loss);
  expect(plot.yMax).toBeLessThanOrEqual(1e3);
  expect(plot.yMax).toBeGreaterThanOrEqual(ref[0].train.loss);
  expect(await chart!.evaluate((el) => el.shadowRoot?.querySelector('#loss-clipped')?.textContent ?? '')).toMatch(/▲ \d points? above the chart/);
  // 4 of 2000 steps done: the x axis ends at 4.
  expect(plot.xMax).toBe(4);
  expect(errors).toEqual([]);
  await page.close();
});
