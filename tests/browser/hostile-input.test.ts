/**
 * The hostile-input table (#15): every case of the issue and every bad input the README promises to
 * refuse, one row each. A command-line row is an argument list for sim, train or bench and what
 * must happen: the exit code and a fragment of the one line on stderr, or a run that completes with
 * a stated property. An app row is a URL and what the page must do: drop a parameter with a line
 * in its banner, refuse a form field beside it, or finish the run with a stated property. The
 * command lines run in one process (cli-rows.ts); the app rows share one page of the built app.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, test, type TestContext } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/sim/activations';
import { normalizeConfig, type RawConfig } from '../../src/sim/config';
import { runReference } from '../../src/sim/cpu-engine';
import { loadDawn } from '../../src/node/dawn';
import type { SimResult } from '../../src/sim/stats';
import type { TrainResult } from '../../src/sim/train/trainer';
import { expectOneLine, runRows, stderrLines, type RowRequest, type RowResult } from './cli-batch';
import { connect, isCI } from './harness';
import { appResult, deep, markResult, openApp, textOf, waitForNewResult, type AppPage } from './ui-helpers';

const TMP = mkdtempSync(join(tmpdir(), 'ds-hostile-'));
const dawn = await loadDawn();

/** A small tmpfs to fill (root only): a full disk for real. Null where it cannot be mounted. */
function mountTinyDisk(): string | null {
  const at = join(TMP, 'tiny');
  try {
    execFileSync('mkdir', ['-p', at]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', at], { stdio: 'ignore' });
    return at;
  } catch {
    return null;
  }
}
const tinyDisk = mountTinyDisk();
if (tinyDisk) writeFileSync(join(tinyDisk, 'keep.csv'), 'the previous result\n');

type Needs = 'dawn' | 'chromium' | 'tiny disk';

interface CliRow extends RowRequest {
  /** The item or the README's promise. */
  name: string;
  needs?: Needs;
  /** Runs in a process of its own: its environment must reach a first load (Dawn loads once per process). */
  own?: true;
  exit: 0 | 1 | 2;
  /** A fragment of the one stderr line (exit 1 and 2). */
  says?: RegExp;
  /** What a completed run must show, or what must hold after it. */
  check?: (r: RowResult) => void;
}

const ALL_13 = ACTIVATION_NAMES.join(',');
const json = <T>(r: RowResult): T => JSON.parse(r.stdout) as T;
const csvRows = (text: string): string[][] => text.trim().split('\n').map((l) => l.split(','));

/** The CPU engine's run of a config, the reference a webgpu row is compared with. */
const reference = (raw: RawConfig): SimResult => runReference(normalizeConfig(raw));

function expectEnginesAgree(r: RowResult, raw: RawConfig): void {
  const gpu = json<SimResult>(r);
  const cpu = reference(raw);
  gpu.runs.forEach((run, i) => run.layers.forEach((l, k) => {
    const c = cpu.runs[i].layers[k];
    const where = `${run.activation} layer ${l.layer}`;
    expect(l.nonFinite, where).toBe(c.nonFinite);
    expect(l.forwardNonFinite, where).toBe(c.forwardNonFinite);
    // JSON writes a non-finite deltaRms as null.
    expect(l.deltaRms === null, `${where}: deltaRms ${l.deltaRms} against ${c.deltaRms}`).toBe(!Number.isFinite(c.deltaRms));
    expect(Math.abs(l.zeroFraction - c.zeroFraction), where).toBeLessThanOrEqual(1 / 16);
    expect(Math.abs(l.deadFraction - c.deadFraction), where).toBeLessThanOrEqual(1 / 8);
  }));
}

const OVERFLOW: RawConfig = { activations: ['linear', 'relu'], sigmaW2: 1e6, sigmaB2: 1, depth: 18, width: 8, batch: 2, seed: 3 };
const OVERFLOW_ARGS = ['-a', 'linear,relu', '--sigma-w2', '1e6', '--sigma-b2', '1', '--depth', '18', '--width', '8', '--batch', '2', '--seed', '3'];
const TRAIN_NAN = ['--lr', '1e6', '--optimizer', 'sgd', '--steps', '20', '--every', '10', '--depth', '2', '--width', '8'];

/** NaN weights are not dead (#15 item 12): after the divergence no hidden layer reads as dead. */
function expectNanNotDead(r: RowResult): void {
  const result = json<TrainResult>(r);
  const late = result.checkpoints.filter((c) => c.step > 0);
  expect(late.length).toBeGreaterThan(0);
  for (const c of late) {
    expect(c.train.loss, `step ${c.step}: the loss is NaN (null in JSON)`).toBeNull();
    for (const l of c.layers.filter((x) => x.kind !== 'head')) {
      expect(l.nonFinite, `step ${c.step} layer ${l.layer}`).toBe(true);
      expect(l.deadFraction, `step ${c.step} layer ${l.layer}: NaN is not dead`).toBe(0);
    }
  }
}

const ROWS: CliRow[] = [
  // #15 item 1: seeds × depth budgeted up front.
  {
    name: '1 · 10000 seeds × depth 5000 refused up front with what they need', tool: 'sim',
    args: ['--seeds', '10000', '--depth', '5000', '--width', '1', '--batch', '1', '--format', 'csv'], exit: 2,
    says: /10000 seeds × depth 5000 need \d+\.\d\d GiB to keep every seed's per-layer statistics .*; the limit is 1\.00 GiB \(reduce --seeds to at most \d+ at this depth, or --depth\)$/,
  },
  {
    name: '1 · 64 seeds × depth 300 aggregate as they finish and complete', tool: 'sim',
    args: ['--seeds', '64', '--depth', '300', '--width', '1', '--batch', '1', '--format', 'csv'], exit: 0,
    check: (r) => expect(csvRows(r.stdout)).toHaveLength(301),
  },
  // #15 item 2 (on main): NaN crosses the headless boundary; the CSV writes NaN.
  {
    name: '2 · train --engine webgpu at lr 1e6 gives NaN like the CPU, and its CSV writes NaN, not empty cells (and no dead units: #12)', tool: 'train', needs: 'dawn',
    args: ['--engine', 'webgpu', ...TRAIN_NAN, '--format', 'csv'], exit: 0,
    check: (r) => {
      const [head, ...rows] = csvRows(r.stdout);
      const [loss, kind, dead] = ['trainLoss', 'kind', 'deadFraction'].map((c) => head.indexOf(c));
      const late = rows.filter((c) => c[0] !== '0');
      expect(late.length).toBeGreaterThan(0);
      expect(late.every((c) => c[loss] === 'NaN')).toBe(true);
      expect(late.filter((c) => c[kind] !== 'head').every((c) => c[dead] === '0')).toBe(true);
    },
  },
  // #15 item 3: a full disk never truncates an existing file nor leaves a new one.
  {
    name: '3 · a full disk leaves the existing file whole', tool: 'sim', needs: 'tiny disk',
    args: ['--out', join(tinyDisk ?? TMP, 'keep.csv'), '--depth', '2000', '--width', '2', '--batch', '1', '--format', 'csv'], exit: 1,
    says: /could not write .*keep\.csv: no space left on device \(ENOSPC\); the existing file is unchanged$/,
    check: () => expect(readFileSync(join(tinyDisk!, 'keep.csv'), 'utf8')).toBe('the previous result\n'),
  },
  {
    name: '3 · a full disk leaves no new file', tool: 'sim', needs: 'tiny disk',
    args: ['--out', join(tinyDisk ?? TMP, 'new.csv'), '--depth', '2000', '--width', '2', '--batch', '1', '--format', 'csv'], exit: 1,
    says: /no space left on device \(ENOSPC\); no file was left behind$/,
    check: () => expect(execFileSync('ls', ['-A', tinyDisk!], { encoding: 'utf8' }).trim()).toBe('keep.csv'),
  },
  { name: '3 · /dev/full is a full disk', tool: 'sim', args: ['--out', '/dev/full', '-d', '3', '-w', '4', '-b', '2'], exit: 1, says: /could not write \/dev\/full: no space left on device/ },
  // #15 item 4: the path is checked before computing (the config itself would be refused later, for memory).
  {
    name: '4 · --out in a missing folder, checked before the run', tool: 'sim',
    args: ['--out', '/nonexistent/x.csv', '--depth', '1000', '--width', '4096', '--batch', '1'], exit: 2,
    says: /^sim: --out \/nonexistent\/x\.csv: the folder \/nonexistent does not exist$/,
  },
  { name: '4 · --out a directory', tool: 'sim', args: ['--out', TMP, '-d', '2'], exit: 2, says: /is a directory; give a file name$/ },
  { name: '4 · --out through a file', tool: 'sim', args: ['--out', '/etc/hostname/x.csv', '-d', '2'], exit: 2, says: /a part of the path is a file, not a folder$/ },
  { name: '4 · --out that cannot be written', tool: 'sim', args: ['--out', '/proc/x.csv', '-d', '2'], exit: 2, says: /--out \/proc\/x\.csv: cannot be written/ },
  { name: '4 · train --out is checked first too', tool: 'train', args: ['--out', '/nonexistent/t.json', '--steps', '1'], exit: 2, says: /the folder \/nonexistent does not exist/ },
  { name: '4 · bench --out is checked before WebGPU starts', tool: 'bench', args: ['--out', '/nonexistent/b.json'], exit: 2, says: /^bench: --out \/nonexistent\/b\.json: the folder/ },
  // #15 item 5 (on main): a launch failure is one line and exit 2.
  {
    name: '5 · PUPPETEER_EXECUTABLE_PATH=/bin/true', tool: 'sim', args: ['--engine', 'webgpu', '-d', '2'],
    env: { DELTASCOPE_WEBGPU: 'chromium', PUPPETEER_EXECUTABLE_PATH: '/bin/true' }, exit: 2, says: /the browser \/bin\/true did not start/,
  },
  {
    name: '5 · PUPPETEER_EXECUTABLE_PATH a directory', tool: 'sim', args: ['--engine', 'webgpu', '-d', '2'],
    env: { DELTASCOPE_WEBGPU: 'chromium', PUPPETEER_EXECUTABLE_PATH: '/tmp' }, exit: 2, says: /^sim: .*\/tmp/,
  },
  // #15 item 6: one memory plan, refused before allocating, with the margin.
  {
    name: '6 · 3.91 GiB of pre-activations against 7/8 of 4 GiB', tool: 'sim', needs: 'dawn',
    args: ['--engine', 'webgpu', '--depth', '4000', '--width', '4096', '--batch', '64'], exit: 2,
    says: /^sim: needs 3\.91 GiB of GPU memory, mostly 3\.91 GiB of stored pre-activations \(depth 4000 × batch 64 × width 4096\); this engine plans for at most 3\.50 GiB per run, 7\/8 of its 4\.00 GiB budget \(reduce depth, batch or width\)$/,
  },
  // #15 item 7: streamed output (depth 100000, 540 MB, takes about a minute; this row writes the same shape at depth 300,
  // and src/cli/output.test.ts and src/sim/json-stream.test.ts check the streaming itself).
  {
    name: '7 · 13 activations × theory × weight grads as JSON, streamed', tool: 'sim',
    args: ['--depth', '300', '--width', '1', '--batch', '1', '-a', ALL_13, '--theory', '--weight-grads', '--format', 'json', '--out', join(TMP, 'big.json')], exit: 0,
    check: (r) => {
      expect(stderrLines(r)).toEqual([`wrote ${join(TMP, 'big.json')}`]);
      const doc = JSON.parse(readFileSync(join(TMP, 'big.json'), 'utf8')) as SimResult;
      expect(doc.runs).toHaveLength(13);
      expect(doc.runs.every((run) => run.layers.length === 300 && run.layers[0].weightGradRms !== undefined && run.layers[0].theoryQ !== undefined)).toBe(true);
    },
  },
  // #15 item 8 (on main): resolved specs compared.
  { name: '8 · leaky-relu:0.01,leaky-relu is the same network twice', tool: 'sim', args: ['-a', 'leaky-relu:0.01,leaky-relu'], exit: 2, says: /activation listed twice in 'leaky-relu:0\.01,leaky-relu'/ },
  // #15 item 9 (on main): empty values and repeated flags.
  { name: "9 · --sigma-w2 ''", tool: 'sim', args: ['--sigma-w2', ''], exit: 2, says: /^sim: option --sigma-w2 needs a value \(got an empty one\)$/ },
  { name: "9 · --sigma-b2 ''", tool: 'sim', args: ['--sigma-b2', ''], exit: 2, says: /option --sigma-b2 needs a value/ },
  { name: "9 · --out ''", tool: 'sim', args: ['--out', ''], exit: 2, says: /option --out needs a value/ },
  { name: '9 · --activation given twice', tool: 'sim', args: ['--activation', 'relu', '--activation', 'tanh'], exit: 2, says: /option --activation is given twice; give it once \(a list goes in one value, comma separated\)/ },
  { name: '9 · train --lr given twice', tool: 'train', args: ['--lr', '0.1', '--lr', '0.2'], exit: 2, says: /option --lr is given twice/ },
  // #15 item 10 (on main): one device for every seed.
  {
    name: '10 · --engine webgpu --seeds 3 on one device', tool: 'sim', needs: 'dawn',
    args: ['--engine', 'webgpu', '--seeds', '3', '-d', '5', '-w', '12', '-b', '3', '--format', 'json'], exit: 0,
    check: (r) => {
      expect(json<SimResult>(r).seeds).toEqual({ first: 1, count: 3 });
      expect(stderrLines(r)).toEqual([expect.stringMatching(/^sim: WebGPU in this process through Dawn · /)]);
    },
  },
  // #15 item 11: the device lost mid-run (the fault hook destroys it a third of the way through).
  {
    name: '11 · a device lost mid-run is one line, exit 1', tool: 'sim', needs: 'dawn', env: { DELTASCOPE_FAULT: 'device-lost@0.3' },
    args: ['--engine', 'webgpu', '--depth', '200', '--width', '64', '--batch', '8', '--out', join(TMP, 'lost.json')], exit: 1,
    says: /^sim: the WebGPU device was lost \(/,
    check: () => expect(execFileSync('ls', ['-A', TMP], { encoding: 'utf8' })).not.toMatch(/lost\.json/),
  },
  // #15 item 12: messages that say the cause.
  {
    name: '12 · just over 4 GiB against 4 GiB: the bytes show which is larger', tool: 'sim', args: ['--depth', '64', '--width', '4096', '--batch', '1'], exit: 2,
    says: /^sim: needs 4\.00 GiB \(4 29\d \d{3} \d{3} bytes\) on the CPU engine, .*; the limit is 4\.00 GiB \(4 294 967 296 bytes\) \(reduce depth or width\)$/,
  },
  {
    name: '12 · the batch is named when it is the cause', tool: 'sim', args: ['--depth', '1', '--width', '16384', '--batch', '65536'], exit: 2,
    says: /needs 25\.00 GiB on the CPU engine, mostly 20\.00 GiB of activation and δ buffers \(5 × batch 65536 × width 16384\) and 4\.00 GiB of pre-activations .*\(reduce batch or width\)$/,
  },
  {
    name: '12 · the table says where the forward pass and δ meet Inf/NaN first', tool: 'sim',
    args: ['-a', 'softplus', '--sigma-w2', '1e6', '--sigma-b2', '0.1', '--depth', '20', '--width', '8', '--batch', '2'], exit: 0,
    check: (r) => {
      const layers = reference({ activations: ['softplus'], sigmaW2: 1e6, sigmaB2: 0.1, depth: 20, width: 8, batch: 2 }).runs[0].layers;
      const up = layers.find((l) => l.forwardNonFinite)!.layer;
      const down = [...layers].reverse().find((l) => Number.isNaN(l.deltaLog10))!.layer;
      expect(up).toBeGreaterThan(1);
      expect(r.stdout).toContain(`first at layer ${up} going up`);
      expect(r.stdout).toContain(`δ is NaN in layers 1–${down}, first at layer ${down} going down`);
    },
  },
  { name: '12 · NaN weights are not dead (CPU; the WebGPU trainer in row 2)', tool: 'train', args: [...TRAIN_NAN, '--format', 'json'], exit: 0, check: expectNanNotDead },
  {
    name: '12 · past float32 both engines agree (with biases the forward pass is plain float32; bias-free it is rescaled, tests/browser/gpu-parity)', tool: 'sim', needs: 'dawn',
    args: ['--engine', 'webgpu', ...OVERFLOW_ARGS, '--format', 'json'], exit: 0, check: (r) => expectEnginesAgree(r, OVERFLOW),
  },
  // The README's promises: bad input is one line and exit 2.
  { name: 'README · unknown activation', tool: 'sim', args: ['-a', 'relux'], exit: 2, says: /unknown activation 'relux' \(valid: linear, /},
  { name: 'README · unknown init', tool: 'sim', args: ['--init', 'kaiming'], exit: 2, says: /unknown init 'kaiming'/ },
  { name: 'README · malformed parameter', tool: 'sim', args: ['-a', 'leaky-relu:abc'], exit: 2, says: /malformed activation parameter/ },
  { name: 'README · a parameter where there is none', tool: 'sim', args: ['-a', 'relu:0.3'], exit: 2, says: /takes no parameter/ },
  { name: 'README · non-integer size', tool: 'sim', args: ['--depth', '1.5'], exit: 2, says: /depth must be an integer between 1 and 100000 \(got '1\.5'\)/ },
  { name: 'README · depth out of range', tool: 'sim', args: ['--depth', '100001'], exit: 2, says: /depth must be/ },
  { name: 'README · width 0', tool: 'sim', args: ['--width', '0'], exit: 2, says: /width must be between 1 and 16384/ },
  { name: 'README · batch out of range', tool: 'sim', args: ['--batch', '65537'], exit: 2, says: /batch must be/ },
  { name: 'README · seed out of range', tool: 'sim', args: ['--seed', '4294967296'], exit: 2, says: /seed must be between 0 and 4294967295/ },
  { name: 'README · seeds past the largest seed', tool: 'sim', args: ['--seed', '4294967295', '--seeds', '2'], exit: 2, says: /pass the largest seed/ },
  { name: 'README · the same network twice', tool: 'sim', args: ['-a', 'relu,relu'], exit: 2, says: /activation listed twice/ },
  { name: 'README · σ_w² beside a named init', tool: 'sim', args: ['--sigma-w2', '2', '--init', 'he-normal'], exit: 2, says: /cannot be combined with init 'he-normal'/ },
  { name: 'README · unknown flag', tool: 'sim', args: ['--bogus'], exit: 2, says: /^sim: unknown option --bogus \(see --help\)$/ },
  { name: 'README · a stray argument', tool: 'sim', args: ['extra'], exit: 2, says: /unexpected argument 'extra'/ },
  { name: 'README · a flag without its value', tool: 'sim', args: ['--depth'], exit: 2, says: /option --depth needs a value/ },
  { name: 'README · a value that starts with -', tool: 'sim', args: ['--seed', '-1'], exit: 2, says: /write --seed=VALUE/ },
  { name: 'README · --theory-only with --seeds', tool: 'sim', args: ['--theory-only', '--seeds', '2'], exit: 2, says: /cannot be combined with --seeds/ },
  { name: 'README · unknown engine', tool: 'sim', args: ['--engine', 'cuda'], exit: 2, says: /--engine must be one of reference, cpu, webgpu/ },
  { name: 'README · unknown format', tool: 'sim', args: ['--format', 'xml'], exit: 2, says: /--format must be one of table, json, csv/ },
  { name: 'README · a network too large for the CPU', tool: 'sim', args: ['--depth', '1000', '--width', '4096', '--batch', '1'], exit: 2, says: /needs 62\.52 GiB on the CPU engine, mostly 62\.50 GiB of weights/ },
  { name: 'README · DELTASCOPE_WEBGPU of no path', tool: 'sim', args: ['--engine', 'webgpu'], env: { DELTASCOPE_WEBGPU: 'vulkan' }, exit: 2, says: /DELTASCOPE_WEBGPU must be one of auto, dawn, chromium/ },
  {
    name: 'README · no adapter on the forced Dawn path', tool: 'sim', args: ['--engine', 'webgpu', '-d', '2'],
    env: { DELTASCOPE_WEBGPU: 'dawn', VK_ICD_FILENAMES: '/nonexistent/vk_icd.json' }, own: true, exit: 2, says: /DELTASCOPE_WEBGPU=dawn, but no Vulkan driver manifest exists/,
  },
  { name: 'README · train: unknown task', tool: 'train', args: ['--task', 'mnist'], exit: 2, says: /task must be one of xor, spirals/ },
  { name: 'README · train: batch size beyond the training set', tool: 'train', args: ['--batch-size', '500', '--train-size', '100'], exit: 2, says: /batch-size/ },
  { name: 'README · train: learning rate 0', tool: 'train', args: ['--lr', '0'], exit: 2, says: /lr must be/ },
  { name: 'README · train: a model too large', tool: 'train', args: ['--depth', '2000', '--width', '4096'], exit: 2, says: /needs .* GiB/ },
  { name: 'README · bench: no csv', tool: 'bench', args: ['--format', 'csv'], exit: 2, says: /--format must be one of table, json/ },
  { name: 'README · bench: depth 0', tool: 'bench', args: ['--depths', '0'], exit: 2, says: /depths/ },
  { name: 'README · --help', tool: 'sim', args: ['--help'], exit: 0, check: (r) => expect(r.stdout).toMatch(/^Usage: npm run sim/) },
  { name: 'README · a device is written in place', tool: 'sim', args: ['--out', '/dev/null', '-d', '3', '-w', '4', '-b', '2', '--format', 'csv'], exit: 0, check: (r) => expect(stderrLines(r)).toEqual(['wrote /dev/null']) },
];

const dawnWhy = 'gpu' in dawn ? '' : dawn.reason;

function needsMet(ctx: TestContext, needs: Needs | undefined): void {
  if (needs === 'dawn' && dawnWhy) {
    if (isCI) throw new Error(`in-process WebGPU (Dawn) is required under CI: ${dawnWhy}`);
    ctx.skip(`no WebGPU adapter through Dawn: ${dawnWhy}`);
  }
  if (needs === 'tiny disk' && !tinyDisk) ctx.skip('no tmpfs can be mounted here (needs root); src/cli/output.test.ts fills a disk by injection instead');
}

/** The command lines, started at once: they run beside the app rows, which drive the browser meanwhile. */
const commandLines: Promise<Map<string, RowResult>> = (async () => {
  const runnable = ROWS.filter((r) => (r.needs !== 'dawn' || !dawnWhy) && (r.needs !== 'tiny disk' || tinyDisk));
  const request = ({ tool, args, env }: CliRow): RowRequest => ({ tool, args, env });
  const shared = runnable.filter((r) => !r.own);
  const own = runnable.filter((r) => r.own);
  const [out, ...alone] = await Promise.all([runRows(shared.map(request)), ...own.map((r) => runRows([request(r)]))]);
  return new Map([...shared.map((r, i): [string, RowResult] => [r.name, out[i]]), ...own.map((r, i): [string, RowResult] => [r.name, alone[i][0]])]);
})();
// Read when the table's tests run; a failure of the runner fails those tests, not the file's start.
commandLines.catch(() => undefined);

interface UrlRow {
  name: string;
  /** The query (the app page's URL after `?`). */
  query: string;
  needs?: 'webgpu';
  /** A line the page's URL banner must hold (the parameter was dropped, its default used). */
  dropped?: RegExp;
  /** A form field refused beside it, with this message. */
  field?: [string, RegExp];
  /** The run finishes; what its result and the page must show. */
  runs?: (app: AppPage, result: SimResult) => Promise<void>;
}

const SMALL = 'depth=3&width=8&batch=2&engine=cpu';

const URL_ROWS: UrlRow[] = [
  { name: '8 · the same network twice', query: `act=leaky-relu:0.01,leaky-relu&${SMALL}`, dropped: /URL parameter act=leaky-relu:0\.01,leaky-relu ignored: activation listed twice/ },
  { name: 'README · a non-integer depth', query: 'depth=abc&width=8&batch=2&engine=cpu', dropped: /URL parameter depth=abc ignored: depth must be an integer/ },
  { name: 'README · more seeds than the app runs', query: `seeds=33&${SMALL}`, dropped: /URL parameter seeds=33 ignored: seeds must be an integer between 1 and 32/ },
  { name: '9 · an empty σ_w²', query: `init=custom&sw2=&${SMALL}`, dropped: /URL parameter sw2= ignored/ },
  { name: 'README · an unknown engine', query: 'depth=3&width=8&batch=2&engine=gpu', dropped: /URL parameter engine=gpu ignored: engine must be webgpu or cpu/ },
  {
    name: 'README · markup in a parameter is text, never run', query: `act=<img src=x onerror="window.__pwned=1">&${SMALL}`, dropped: /URL parameter act=<img src=x/,
    runs: async ({ page }) => {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.$('>>> img[src="x"]')).toBeNull();
    },
  },
  {
    name: '6 · the GPU plan refuses beside the depth field, with the CLI’s figure for its largest part', query: 'act=relu&depth=4000&width=4096&batch=64&engine=webgpu', needs: 'webgpu',
    field: ['depth', /needs 4\.03 GiB of GPU memory, mostly 3\.91 GiB of stored pre-activations \(depth 4000 × batch 64 × width 4096\); this engine plans for at most 3\.50 GiB per run/],
  },
  {
    name: '12 · the CPU plan names its largest part beside the field', query: 'act=relu&depth=600&width=2048&batch=8&engine=cpu',
    field: ['depth', /needs 9\.\d\d GiB on the CPU engine, mostly 9\.38 GiB of weights \(depth 600 × width 2048²\); the limit is 1\.00 GiB \(reduce depth or width\)/],
  },
  {
    name: '12 · an overflowing run says where the forward pass meets NaN', query: 'act=softplus&init=custom&sw2=1000000&sb2=0.1&depth=20&width=8&batch=2&engine=cpu',
    runs: async (app, result) => {
      const up = result.runs[0].layers.find((l) => l.forwardNonFinite)!.layer;
      expect(up).toBeGreaterThan(1);
      expect(await textOf(app.page, 'ds-decay-chart >>> .notes')).toContain(`softplus: the forward pass holds Inf or NaN in layers ${up}–20, first at layer ${up} going up`);
    },
  },
];

describe('the hostile-input table: app URLs', () => {
  let browser: Browser;
  let app: AppPage;
  let webgpu = '';
  beforeAll(async () => {
    browser = await connect();
    app = await openApp(browser, `?${SMALL}`);
    webgpu = await app.page.evaluate(async () => (navigator.gpu && (await navigator.gpu.requestAdapter()) ? '' : 'no WebGPU adapter in the page'));
  });
  afterAll(async () => {
    await app?.page.close();
    await browser?.disconnect();
  });

  for (const row of URL_ROWS) {
    test(row.name, async (ctx) => {
      if (row.needs === 'webgpu' && webgpu) {
        if (isCI) throw new Error(`WebGPU is required under CI: ${webgpu}`);
        ctx.skip(webgpu);
      }
      const { page } = app;
      app.errors.length = 0;
      await markResult(page);
      await page.goto(new URL(`?${row.query}`, page.url()).href, { waitUntil: 'load' });
      await page.waitForFunction(() => !!window.__deltascope, { timeout: 30_000 });
      if (row.dropped) expect(await textOf(page, '#url-banner')).toMatch(row.dropped);
      if (row.field) {
        const [id, message] = row.field;
        // The message follows the engine: the CPU's until the GPU probe is done, then the GPU's.
        await page.waitForFunction(() => window.__deltascope!.controller.state.gpu.state !== 'probing', { timeout: 30_000 });
        const text = (): Promise<string | null> => deep(page, `#err-${id}`).then((e) => e.evaluate((x) => x.textContent));
        await expect.poll(text, { timeout: 10_000 }).toMatch(message);
        expect(await page.evaluate(() => window.__deltascope!.controller.state.phase)).toBe('idle');
      }
      if (row.runs) {
        if (!row.field) await waitForNewResult(page);
        await row.runs(app, (await appResult(page)) as unknown as SimResult);
      }
      expect(app.errors, `page errors: ${app.errors.join('\n')}`).toEqual([]);
    });
  }
});

describe('the hostile-input table: command lines', () => {
  let results: Map<string, RowResult>;
  beforeAll(async () => {
    results = await commandLines;
  }, 240_000);
  afterAll(() => {
    if (tinyDisk) execFileSync('umount', [tinyDisk]);
  });

  test('README · a reader that stops reading (| head) ends the output quietly, exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', '-d', '20000', '-w', '2', '-b', '1', '--format', 'csv'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  for (const row of ROWS) {
    test(`${row.tool} ${row.name}`, (ctx) => {
      needsMet(ctx, row.needs);
      const r = results.get(row.name)!;
      expect(r.status, `${row.args.join(' ')}\n${r.stderr}`).toBe(row.exit);
      if (row.exit !== 0) expect(expectOneLine(r, row.tool, row.name)).toMatch(row.says!);
      row.check?.(r);
    });
  }
});
