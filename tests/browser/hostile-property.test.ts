/**
 * The property-style half of #15: random argument lists and random URL query strings, seeded and
 * bounded in number, checked only against the contract. A command line exits 0 with valid output
 * (JSON that parses, a CSV of even rows, a table, or the file it wrote), or exits 2 with exactly
 * one line on stderr and nothing on stdout. A URL decodes without throwing to a configuration that
 * round-trips, and the page renders it with no uncaught error. Sizes are drawn small (or absurd) so
 * every run is quick; where a size is not drawn, a small one is added.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeUrl, encodeUrl } from '../../src/app/url-state';
import { loadDawn } from '../../src/node/dawn';
import { expectOneLine, runRows, stderrLines, type RowRequest, type RowResult } from './cli-batch';
import { connect } from './harness';
import { openApp } from './ui-helpers';
import { seededRandom } from '../reference/random';

const TMP = mkdtempSync(join(tmpdir(), 'ds-prop-'));
const dawn = await loadDawn();
const WEBGPU = 'gpu' in dawn ? 'webgpu' : 'cpu';
const JUNK = ['', ' ', '-', '--', '=', 'NaN', 'Infinity', '-0', '1e309', '0x10', '١٢', '<b>x</b>', "'; rm -rf /", 'a'.repeat(300), '\u0000', '%E0%A4%A'];

type Vocabulary = Record<string, readonly string[] | null>;
/** A flag (the short one too, where there is one) and the values drawn for it; null: a switch. */
const SIM: Vocabulary = {
  '--activation': ['relu', 'tanh,relu', 'relux', 'leaky-relu:0.2', 'leaky-relu:abc', 'relu,relu', 'sigmoid,,tanh', 'ReLU', 'selu:1', 'necrorelu:2'],
  '-a': ['gelu', 'swish,silu', 'prelu:-0.5'],
  '--backward': ['none', 'leaky-relu:0.1', 'tanh', 'x'],
  '--init': ['he-normal', 'orthogonal:2', 'kaiming', 'custom', 'orthogonal:abc', 'zeros'],
  '--sigma-w2': ['2', '-1', '1e7', '0', '1e6'],
  '--sigma-b2': ['0', '0.1', '-0.1', 'x'],
  '--depth': ['1', '3', '7', '0', '-5', '1.5', '100001', '1e3'],
  '-w': ['1', '4', '9', '0', '16385'],
  '--batch': ['1', '2', '5', '0', '65537'],
  '--seed': ['0', '7', '4294967295', '4294967296'],
  '--seeds': ['1', '2', '3', '0', '10001'],
  '--top': ['random', 'mse', 'max'],
  '--weight-grads': null,
  '--theory': null,
  '--theory-only': null,
  '--engine': ['cpu', 'cpu', WEBGPU, 'gpu'],
  '--format': ['table', 'json', 'csv', 'xml'],
  '--out': [join(TMP, 'sim.out'), '/nonexistent/x', TMP],
  '--bogus': null,
};
const TRAIN: Vocabulary = {
  '--task': ['xor', 'spirals', 'gaussians', 'teacher', 'mnist'],
  '--classes': ['2', '3', '1', '17'],
  '-a': ['relu', 'prelu', 'tanh,relu', 'relux'],
  '--depth': ['0', '1', '2', '2001'],
  '--width': ['1', '4', '4097'],
  '--steps': ['0', '3', '-1', '10000001'],
  '--every': ['1', '2', '0'],
  '--lr': ['0.1', '0', '1e6', '1e7'],
  '--optimizer': ['sgd', 'adam', 'momentum', 'rmsprop'],
  '--batch-size': ['4', '0', '300'],
  '--engine': ['cpu', WEBGPU],
  '--format': ['table', 'json', 'csv'],
  '--out': [join(TMP, 'train.out'), '/nonexistent/t'],
};
const BENCH: Vocabulary = {
  '--depths': ['1', '2', '0', '1,2'],
  '--widths': ['4', '0', 'x'],
  '--batches': ['2', '1,3'],
  '--format': ['table', 'json', 'csv'],
  '--iterations': ['1', '0'],
};
/** Added where the draw left them out, so each run is small. */
const SMALL: Record<RowRequest['tool'], string[][]> = {
  sim: [['--depth', '4'], ['-w', '8'], ['--batch', '2']],
  train: [['--steps', '3'], ['--every', '1'], ['--train-size', '32'], ['--test-size', '16'], ['--depth', '2'], ['--width', '4']],
  bench: [['--depths', '2'], ['--widths', '4'], ['--batches', '2'], ['--repeats', '1'], ['--warmup', '0'], ['--iterations', '1'], ['--no-cpu']],
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)];
}

function argList(rand: () => number, tool: RowRequest['tool']): string[] {
  const vocab = tool === 'sim' ? SIM : tool === 'train' ? TRAIN : BENCH;
  const flags = Object.keys(vocab);
  const args: string[] = [];
  for (let k = Math.floor(rand() * 5); k > 0; k--) {
    const flag = pick(rand, flags);
    const values = vocab[flag];
    const roll = rand();
    if (roll < 0.04) args.push(pick(rand, JUNK));
    else if (!values) args.push(flag);
    else {
      const value = roll < 0.15 ? pick(rand, JUNK) : pick(rand, values);
      if (roll > 0.8 && flag.startsWith('--')) args.push(`${flag}=${value}`);
      else args.push(flag, value);
    }
  }
  const named = (f: string): boolean => args.some((a) => a === f || a.startsWith(`${f}=`));
  for (const extra of SMALL[tool]) if (!named(extra[0]) && !(extra[0] === '-w' && named('--width'))) args.push(...extra);
  return args;
}

/** The value the parser will see for `flag` (given once: twice is refused), or null. */
function valueOf(args: readonly string[], ...flags: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    for (const f of flags) {
      if (args[i] === f) return args[i + 1] ?? null;
      if (args[i].startsWith(`${f}=`)) return args[i].slice(f.length + 1);
    }
  }
  return null;
}

/** Exit 0 with valid output, or exit 2 with one line: nothing else. */
function expectContract(row: RowRequest, r: RowResult, label: string): void {
  expect([0, 2], `${label}\n${r.stderr}`).toContain(r.status);
  if (r.status === 2) {
    expectOneLine(r, row.tool, label);
    return;
  }
  const lines = stderrLines(r);
  const out = valueOf(row.args, '--out');
  for (const line of lines) expect(line, label).toMatch(new RegExp(`^(wrote |${row.tool}: WebGPU )`));
  const text = out ? readFileSync(out, 'utf8') : r.stdout;
  if (out) expect(r.stdout, label).toBe('');
  if (row.args.includes('--help')) return;
  expect(text.length, label).toBeGreaterThan(0);
  const format = valueOf(row.args, '--format') ?? 'table';
  if (format === 'json') expect(() => JSON.parse(text), label).not.toThrow();
  if (format === 'csv') {
    const widths = new Set(text.trim().split('\n').map((l) => l.split(',').length));
    expect(widths.size, `${label}: every CSV row has the header's columns`).toBe(1);
  }
}

describe('random command lines keep the contract', () => {
  const rand = seededRandom(15_2026);
  const rows: RowRequest[] = [
    ...Array.from({ length: 44 }, (): RowRequest => ({ tool: 'sim', args: argList(rand, 'sim') })),
    ...Array.from({ length: 14 }, (): RowRequest => ({ tool: 'train', args: argList(rand, 'train') })),
    ...(WEBGPU === 'webgpu' ? Array.from({ length: 2 }, (): RowRequest => ({ tool: 'bench', args: argList(rand, 'bench') })) : []),
  ];
  let results: RowResult[];
  beforeAll(async () => {
    results = await runRows(rows);
  }, 240_000);

  test(`${rows.length} argument lists: exit 0 with valid output, or exit 2 with one line`, () => {
    const outcomes = { 0: 0, 2: 0 } as Record<number, number>;
    rows.forEach((row, i) => {
      expectContract(row, results[i], `#${i}: ${row.tool} ${JSON.stringify(row.args)}`);
      outcomes[results[i].status]++;
    });
    // The draw reaches both sides of the contract.
    expect(outcomes[0]).toBeGreaterThan(5);
    expect(outcomes[2]).toBeGreaterThan(5);
  });
});

const URL_KEYS: Record<string, readonly string[]> = {
  act: ['relu', 'sigmoid,tanh,relu', 'relu,relu', 'leaky-relu:0.3', 'x', ''],
  back: ['leaky-relu:0.1', 'none', 'bogus'],
  init: ['he-normal', 'custom', 'orthogonal:1.5', 'zeros', 'kaiming'],
  sw2: ['2', '-1', '1e9', ''],
  sb2: ['0.1', '-1'],
  depth: ['2', '5', '0', '100001', '400'],
  width: ['4', '8', '16385', '33'],
  batch: ['2', '0', '5'],
  seed: ['3', '-1', '4294967296'],
  seeds: ['1', '2', '33'],
  top: ['mse', 'max'],
  engine: ['cpu', 'cpu', 'webgpu', 'gpu'],
  focus: ['relu', 'tanh'],
  tab: ['init', 'training', 'x'],
  scenario: ['sigmoid-vanishing', 'nope'],
  't.lr': ['0.1', '-1'],
  zz: ['1'],
};

function queryOf(rand: () => number): string {
  const params: string[] = [];
  const keys = Object.keys(URL_KEYS);
  for (let k = Math.floor(rand() * 6); k > 0; k--) {
    const key = pick(rand, keys);
    const value = rand() < 0.15 ? pick(rand, JUNK) : pick(rand, URL_KEYS[key]);
    params.push(`${encodeURIComponent(key)}=${rand() < 0.1 ? value : encodeURIComponent(value)}`);
  }
  if (rand() < 0.05) params.push(pick(rand, JUNK));
  // Small sizes where the draw gave none, so a page's run is quick (and on the CPU: no kernels to compile).
  for (const [k, v] of [['depth', '3'], ['width', '8'], ['batch', '2'], ['engine', 'cpu']]) if (!params.some((p) => p.startsWith(`${k}=`))) params.push(`${k}=${v}`);
  return `?${params.join('&')}`;
}

describe('random URL query strings', () => {
  test('300 decode without throwing, drop what is invalid in one line each, and round-trip', () => {
    const rand = seededRandom(2026_12_01);
    for (let i = 0; i < 300; i++) {
      const query = queryOf(rand);
      const { state, problems } = decodeUrl(query);
      for (const p of problems) expect(p, query).toMatch(/^URL (parameter .* ignored: |configuration ignored: )[^\n]+$/);
      const again = decodeUrl(encodeUrl(state));
      expect(again.problems, `${query} → ${encodeUrl(state)}`).toEqual([]);
      expect(again.state.config, query).toEqual(state.config);
    }
  });

  let browser: Browser;
  beforeAll(async () => {
    browser = await connect();
  });
  afterAll(async () => {
    await browser?.disconnect();
  });

  test('3 render with no uncaught error', async () => {
    const rand = seededRandom(15_15);
    const app = await openApp(browser, queryOf(rand));
    for (let i = 0; i < 3; i++) {
      const query = i === 0 ? '' : queryOf(rand);
      if (query) await app.page.goto(new URL(query, app.page.url()).href, { waitUntil: 'load' });
      await app.page.waitForFunction(() => !!window.__deltascope?.app.shadowRoot?.querySelector('ds-sim-view, ds-train-view')?.shadowRoot?.firstElementChild, { timeout: 30_000 });
      // Let a run the URL started finish, so its errors (if any) are seen.
      await app.page.waitForFunction(() => window.__deltascope!.controller.state.phase !== 'running', { timeout: 60_000, polling: 100 });
      expect(app.errors, `${query || 'the first page'}: ${app.errors.join('\n')}`).toEqual([]);
    }
    await app.page.close();
  });
});
