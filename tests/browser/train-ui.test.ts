/**
 * The training view (<ds-train-view>, on its development page) driven in headless Chromium: a tiny
 * relu and sigmoid network on XOR with the CPU engine. The trajectories are checked against the
 * CPU trainer run here in Node (same seed, same numbers), the charts against those checkpoints and
 * the colour maps, the URL against the configuration, and bad input against the form's messages.
 */
import type { Browser, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viridis } from '../../src/app/colormap';
import { validateTrainForm } from '../../src/app/train/train-form';
import { decodeTrainUrl } from '../../src/app/train/train-url';
import { generateTask } from '../../src/sim/train/tasks';
import { normalizeTrainConfig, type TrainConfig } from '../../src/sim/train/train-config';
import type { Checkpoint } from '../../src/sim/train/trainer';
import { artifactPath, connect, isCI, openPage } from './harness';
import { nodeCpuTrainer } from './node-cpu';
import { expectClose } from './ui-helpers';

const DEV = 'src/ui/train/dev.html';
const XOR_QUERY = '?t.engine=cpu&t.task=xor&t.act=relu,sigmoid&t.depth=4&t.width=16&t.steps=100&t.every=10&t.seed=3&t.lr=0.02';

/** JSON that survives Inf/NaN and typed arrays (page side). */
const ENCODE = `(value) => JSON.stringify(value, (_k, v) => {
  if (typeof v === 'number' && !Number.isFinite(v)) return { __num: String(v) };
  if (ArrayBuffer.isView(v)) return Array.from(v);
  return v;
})`;

function decode<T>(text: string): T {
  return JSON.parse(text, (_k, v) => (v && typeof v === 'object' && '__num' in v ? Number(v.__num) : v)) as T;
}

async function pageValue<T>(page: Page, expression: string): Promise<T> {
  return decode<T>((await page.evaluate(`(${ENCODE})(${expression})`)) as string);
}

interface PlainRun {
  activation: string;
  config: TrainConfig;
  checkpoints: Checkpoint[];
  grid: { resolution: number; outputs: number; bounds: [number, number, number, number]; values: number[] } | null;
}

const VIEW = 'window.__deltascopeTrain.view';
const STATE = 'window.__deltascopeTrain.controller.state';

async function waitPhase(page: Page, phases: string[], timeout = 120_000): Promise<void> {
  await page.waitForFunction((ph) => {
    const s = window.__deltascopeTrain?.controller.state;
    if (s?.phase === 'error') throw new Error(`training failed: ${s.error}`);
    return !!s && (ph as string[]).includes(s.phase);
  }, { timeout, polling: 100 }, phases);
}

async function click(page: Page, selector: string): Promise<void> {
  const el = await page.waitForSelector(`>>> ${selector}`, { timeout: 20_000 });
  await el!.click();
}

/** RGBA of one device pixel of a canvas inside the view's shadow trees. */
async function pixel(page: Page, canvasExpr: string, x: number, y: number): Promise<number[]> {
  return page.evaluate((expr, px, py) => {
    const canvas = (0, eval)(expr as string) as HTMLCanvasElement;
    return Array.from(canvas.getContext('2d')!.getImageData(px as number, py as number, 1, 1).data);
  }, canvasExpr, Math.floor(x), Math.floor(y));
}

/** Node's `cpu` trainer's checkpoints for a config: what the app's workers must reproduce. */
async function referenceRun(config: TrainConfig): Promise<Checkpoint[]> {
  const t = await nodeCpuTrainer();
  const cps = [t.initSync(config)];
  while (t.stepsDone < config.steps) cps.push(...t.stepSync(7));
  t.dispose();
  return cps;
}

let browser: Browser;

beforeAll(async () => {
  browser = await connect();
});

afterAll(async () => {
  await browser?.disconnect();
});

describe('training view', () => {
  let page: Page;
  let errors: string[];
  let runs: PlainRun[];
  let reference: Checkpoint[][];

  beforeAll(async () => {
    ({ page, errors } = await openPage(browser, `${DEV}${XOR_QUERY}`));
    await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
    await page.waitForFunction(() => !!window.__deltascopeTrain, { timeout: 30_000 });
    await waitPhase(page, ['ready']);
    await click(page, '#play');
    await waitPhase(page, ['done'], 150_000);
    // Let the last frame's charts render.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    runs = await pageValue<PlainRun[]>(page, `${STATE}.runs`);
    reference = await Promise.all(runs.map((r) => referenceRun(r.config)));
  });

  afterAll(async () => {
    await page?.close();
  });

  it('trains both networks with the URL configuration, reproducing the CPU trainer step for step', () => {
    expect(runs.map((r) => r.activation)).toEqual(['relu', 'sigmoid']);
    const expected = normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 4, width: 16, steps: 100, every: 10, seed: 3, lr: 0.02 });
    expect(runs[0].config).toEqual(expected);
    for (let i = 0; i < runs.length; i++) {
      expect(runs[i].checkpoints.map((c) => c.step)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
      // The worker runs the same deterministic CPU trainer: the same numbers up to last-bit rounding.
      expectClose(runs[i].checkpoints, reference[i], 1e-6, runs[i].activation);
    }
  });

  it('draws the loss chart from exactly those checkpoints, and the loss falls', async () => {
    const data = await pageValue<(number | null)[][]>(page, `${VIEW}.shadowRoot.querySelector('ds-loss-chart').plot.data`);
    expect(data).toHaveLength(1 + 2 * runs.length);
    expect(data[0]).toEqual(runs[0].checkpoints.map((c) => c.step));
    runs.forEach((run, i) => {
      expect(data[1 + 2 * i]).toEqual(run.checkpoints.map((c) => c.train.loss));
      expect(data[2 + 2 * i]).toEqual(run.checkpoints.map((c) => c.test.loss));
    });
    const relu = runs[0].checkpoints;
    expect(relu[relu.length - 1].train.loss).toBeLessThan(0.5 * relu[0].train.loss);
    expect(relu[relu.length - 1].train.accuracy).toBeGreaterThan(0.9);
  });

  it('colours the layer × step heatmaps by the checkpoint values and the colour map', async () => {
    // δ RMS: log10 scale over both networks' values; dead fraction: viridis on 0…1.
    const all = runs.flatMap((r) => r.checkpoints.flatMap((c) => c.layers.map((s) => s.deltaRms))).filter((v) => v > 0 && Number.isFinite(v));
    const lo = Math.log10(Math.min(...all));
    const hi = Math.log10(Math.max(...all));
    const cells: [string, number, number, number][] = [
      // [selector, run, checkpoint index, layer]
      ['ds-layer-step-heatmap[data-chart="grad"]', 0, 5, 3],
      ['ds-layer-step-heatmap[data-chart="grad"]', 0, 0, 1],
      ['ds-layer-step-heatmap[data-chart="grad"][data-activation="sigmoid"]', 1, 10, 6],
      ['ds-layer-step-heatmap[data-chart="dead"]', 0, 10, 4],
    ];
    for (const [selector, run, col, layer] of cells) {
      const el = `${VIEW}.shadowRoot.querySelector('${selector}')`;
      const layout = await pageValue<{ plotX: number; plotY: number; plotW: number; plotH: number; columns: number; layers: number; stride: number }>(page, `${el}.layout`);
      expect(layout.columns).toBe(11);
      expect(layout.layers).toBe(6);
      const x = layout.plotX + ((col + 0.5) / layout.columns) * layout.plotW;
      const y = layout.plotY + ((layout.layers - layer + 0.5) / layout.layers) * layout.plotH;
      const got = await pixel(page, `${el}.shadowRoot.querySelector('canvas')`, x, y);
      const stats = runs[run].checkpoints[col].layers[layer - 1];
      const want = selector.includes('dead') ? viridis(stats.deadFraction) : viridis((Math.log10(stats.deltaRms) - lo) / (hi - lo));
      for (let k = 0; k < 3; k++) expect(Math.abs(got[k] - want[k]), `${selector} col ${col} layer ${layer}: ${got} vs ${want}`).toBeLessThanOrEqual(2);
    }
  });

  it('draws the decision boundary in the colour of the predicted class', async () => {
    const el = `${VIEW}.shadowRoot.querySelector('ds-decision-boundary')`;
    const layout = await pageValue<{ plotX: number; plotY: number; plotW: number; plotH: number; resolution: number }>(page, `${el}.layout`);
    const grid = runs[0].grid!;
    expect(layout.resolution).toBe(grid.resolution);
    // Grid cells the network is sure about, away from any data point (drawn on top).
    const task = generateTask(runs[0].config);
    const pts: [number, number][] = [];
    for (const s of [task.train, task.test]) for (let i = 0; i < s.n; i++) pts.push([s.x[2 * i], s.x[2 * i + 1]]);
    const [x0, x1, y0, y1] = grid.bounds;
    const res = grid.resolution;
    const checked: string[] = [];
    for (let r = 1; r < res - 1 && checked.length < 24; r += 3) {
      for (let c = 1; c < res - 1 && checked.length < 24; c += 3) {
        const p1 = grid.values[(r * res + c) * 2 + 1];
        if (p1 > 0.05 && p1 < 0.95) continue;
        const gx = x0 + ((c + 0.5) / res) * (x1 - x0);
        const gy = y1 - ((r + 0.5) / res) * (y1 - y0);
        if (pts.some(([px, py]) => Math.hypot(px - gx, py - gy) < 0.09)) continue;
        const got = await pixel(page, `${el}.shadowRoot.querySelector('canvas')`,
          layout.plotX + ((c + 0.5) / res) * layout.plotW, layout.plotY + ((r + 0.5) / res) * layout.plotH);
        // Class 0 is orange (red > blue), class 1 blue (blue > red).
        const blue = got[2] > got[0];
        checked.push(`${r},${c}`);
        expect(blue, `cell ${r},${c}: p1 ${p1}, pixel ${got}`).toBe(p1 >= 0.95);
      }
    }
    expect(checked.length).toBeGreaterThan(8);
  });

  it('reads heatmap cells from the keyboard', async () => {
    const canvas = await page.waitForSelector('>>> ds-layer-step-heatmap[data-chart="grad"] >>> canvas');
    await canvas!.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    const readout = await page.waitForSelector('>>> ds-layer-step-heatmap[data-chart="grad"] >>> .readout');
    // Starts at the last checkpoint's head; one down and one left: step 90, layer 5.
    const text = await readout!.evaluate((e) => e.textContent?.replace(/\s+/g, ' ').trim());
    const want = runs[0].checkpoints[9].layers[4].deltaRms;
    expect(text).toMatch(/^step 90 · layer 5 · RMS of δ = /);
    expect(Number(text?.split('= ')[1])).toBeCloseTo(want, 3 - Math.floor(Math.log10(want)));
  });

  it('keeps the configuration in the URL, and a reload reproduces it', async () => {
    const search = await page.evaluate(() => window.location.search);
    const decoded = decodeTrainUrl(search);
    expect(decoded.problems).toEqual([]);
    expect(decoded.values.engine).toBe('cpu');
    expect(validateTrainForm(decoded.values).configs).toEqual(runs.map((r) => r.config));
    const reloaded = await openPage(browser, `${DEV}${search}`);
    try {
      await reloaded.page.waitForFunction(() => !!window.__deltascopeTrain, { timeout: 30_000 });
      await waitPhase(reloaded.page, ['ready']);
      const configs = await pageValue<TrainConfig[]>(reloaded.page, `${STATE}.runs.map((r) => r.config)`);
      expect(configs).toEqual(runs.map((r) => r.config));
      const step0 = await pageValue<Checkpoint[]>(reloaded.page, `${STATE}.runs.map((r) => r.checkpoints[0])`);
      expect(step0).toEqual(runs.map((r) => r.checkpoints[0]));
      expect(reloaded.errors).toEqual([]);
    } finally {
      await reloaded.page.close();
    }
  });

  it('refuses invalid input in the form with a message; it never reaches a trainer', async () => {
    const before = await page.evaluate(() => window.location.search);
    const depth = await page.waitForSelector('>>> #t-depth');
    await depth!.evaluate((e) => (e as HTMLInputElement).select());
    await depth!.type('abc');
    const message = await page.waitForSelector('>>> #terr-depth', { timeout: 10_000 });
    expect(await message!.evaluate((e) => e.textContent)).toMatch(/depth must be an integer between 0 and 2000/);
    expect(await depth!.evaluate((e) => e.getAttribute('aria-invalid'))).toBe('true');
    // Past the rebuild delay: the networks, the URL and the trainers are untouched, Play is off.
    await new Promise((r) => setTimeout(r, 600));
    const configs = await pageValue<TrainConfig[]>(page, `${STATE}.runs.map((r) => r.config)`);
    expect(configs.map((c) => c.depth)).toEqual([4, 4]);
    expect(await page.evaluate(() => window.location.search)).toBe(before);
    const transport = await page.waitForSelector('>>> ds-train-transport');
    expect(await transport!.evaluate((e) => (e as unknown as { valid: boolean }).valid)).toBe(false);
    expect(await transport!.evaluate((e) => e.shadowRoot?.textContent ?? '')).toMatch(/fix the highlighted settings/);

    const batch = await page.waitForSelector('>>> #t-batchSize');
    await batch!.evaluate((e) => (e as HTMLInputElement).select());
    await batch!.type('999');
    const batchMsg = await page.waitForSelector('>>> #terr-batchSize', { timeout: 10_000 });
    expect(await batchMsg!.evaluate((e) => e.textContent)).toMatch(/batch size 999 exceeds training examples 256/);
  });

  it('logs no console errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('training view on WebGPU', () => {
  it('trains on the GPU when it is there, or says it fell back to the CPU', async () => {
    const { page, errors } = await openPage(browser, `${DEV}?t.engine=webgpu&t.task=xor&t.act=relu&t.depth=2&t.width=8&t.steps=20&t.every=10&t.seed=2`);
    try {
      await page.waitForFunction(() => !!window.__deltascopeTrain, { timeout: 30_000 });
      await waitPhase(page, ['ready'], 150_000);
      const gpu = await pageValue<{ state: string; message: string | null }>(page, `${STATE}.gpu`);
      if (gpu.state !== 'ready') {
        if (isCI) throw new Error(`no WebGPU adapter under CI: ${gpu.message}`);
        console.warn(`WebGPU unavailable (${gpu.message}); checking the CPU fallback note instead`);
        const note = await page.waitForSelector('>>> #train-gpu-note', { timeout: 10_000 });
        expect(await note!.evaluate((e) => e.textContent)).toMatch(/CPU engine/);
        return;
      }
      expect(await page.evaluate(() => window.__deltascopeTrain!.controller.state.engineUsed)).toBe('webgpu');
      await click(page, '#play');
      await waitPhase(page, ['done'], 150_000);
      const runs = await pageValue<PlainRun[]>(page, `${STATE}.runs`);
      expect(runs[0].checkpoints.map((c) => c.step)).toEqual([0, 10, 20]);
      // The GPU follows the CPU trainer within float32 tolerance over a short run.
      const ref = await referenceRun(runs[0].config);
      runs[0].checkpoints.forEach((c, i) => {
        expect(Math.abs(c.train.loss - ref[i].train.loss)).toBeLessThan(1e-3 * Math.max(1, ref[i].train.loss));
      });
      const data = await pageValue<(number | null)[][]>(page, `${VIEW}.shadowRoot.querySelector('ds-loss-chart').plot.data`);
      expect(data[1]).toEqual(runs[0].checkpoints.map((c) => c.train.loss));
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('training view screenshot', () => {
  it('shows a 20-layer relu against a 20-layer sigmoid network on the spirals', async () => {
    const { page, errors } = await openPage(browser,
      `${DEV}?autoplay=1&t.engine=cpu&t.task=spirals&t.act=relu,sigmoid&t.depth=20&t.width=16&t.steps=2000&t.every=20&t.speed=20`);
    try {
      await page.setViewport({ width: 1366, height: 900, deviceScaleFactor: 1 });
      await page.waitForFunction(() => !!window.__deltascopeTrain, { timeout: 30_000 });
      await page.waitForFunction(() => {
        const s = window.__deltascopeTrain?.controller.state;
        if (s?.phase === 'error') throw new Error(`training failed: ${s.error}`);
        return (s?.stepsDone ?? 0) >= 400;
      }, { timeout: 160_000, polling: 250 });
      await page.evaluate(() => window.__deltascopeTrain!.controller.pause());
      await waitPhase(page, ['paused', 'done']);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
      await page.screenshot({ path: artifactPath('train.png'), fullPage: true });
      await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
      await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
      await page.screenshot({ path: artifactPath('train-phone.png'), fullPage: true });
      const runs = await pageValue<PlainRun[]>(page, `${STATE}.runs`);
      expect(runs.map((r) => r.config.depth)).toEqual([20, 20]);
      expect(runs[0].checkpoints.length).toBeGreaterThanOrEqual(21);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
