import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, configJson } from '../sim/config';
import { UsageError } from './cli-errors';
import { parseSimArgs } from './sim-args';

const TSX = join('node_modules', '.bin', 'tsx');

function sim(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['src/cli/sim.ts', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('sim command line, in process', () => {
  const bad: [string[], RegExp, typeof ConfigError | typeof UsageError][] = [
    [['--activation', 'relux'], /unknown activation 'relux' \(valid: linear, sigmoid, tanh, relu, .*necrorelu\)/, ConfigError],
    [['--init', 'kaiming'], /unknown init 'kaiming' \(valid: zeros, uniform, .*custom\)/, ConfigError],
    [['--activation', 'leaky-relu:abc'], /malformed activation parameter in 'leaky-relu:abc'/, ConfigError],
    [['--activation', 'relu:0.3'], /activation 'relu' takes no parameter/, ConfigError],
    [['--activation', 'leaky-relu:0.1:2'], /malformed activation/, ConfigError],
    [['--depth', '1.5'], /depth must be an integer between 1 and 100000 \(got '1.5'\)/, ConfigError],
    [['--width', '0'], /width must be between 1 and 16384 \(got 0\)/, ConfigError],
    [['--batch', 'ten'], /batch must be an integer/, ConfigError],
    [['--seed=-1'], /seed must be between 0 and 4294967295/, ConfigError],
    [['--sigma-w2=-2'], /sigma-w2 must be a number between 0 and 1000000/, ConfigError],
    [['--sigma-w2', '2', '--init', 'he-normal'], /cannot be combined with init 'he-normal'/, ConfigError],
    [['--top', 'max'], /top must be one of random, mse/, ConfigError],
    [['--engine', 'cuda'], /--engine must be one of reference, cpu, webgpu/, UsageError],
    [['--format', 'xml'], /--format must be one of table, json, csv/, UsageError],
    [['--threads', '0'], /--threads must be an integer between 1 and 1024/, UsageError],
    [['--threads', '2', '--engine', 'reference'], /^--threads sets the threads of --engine cpu; it cannot be combined with --engine reference$/, UsageError],
    // The same network twice, compared resolved (#15 item 8).
    [['--activation', 'leaky-relu:0.01,leaky-relu'], /activation listed twice in 'leaky-relu:0.01,leaky-relu'/, ConfigError],
    [['--activation', 'relu,relu'], /activation listed twice/, ConfigError],
    // Empty values and repeated flags were ignored or overwritten silently (#15 item 9).
    [['--sigma-w2', ''], /^option --sigma-w2 needs a value/, UsageError],
    [['--sigma-b2', ''], /^option --sigma-b2 needs a value/, UsageError],
    [['--out', ''], /^option --out needs a value/, UsageError],
    [['--activation', ' '], /^option --activation needs a value/, UsageError],
    [['--activation', 'relu', '--activation', 'tanh'], /^option --activation is given twice/, UsageError],
    [['-a', 'relu', '--activation', 'tanh'], /^option --activation is given twice/, UsageError],
    [['--theory', '--theory'], /^option --theory is given twice/, UsageError],
  ];
  for (const [args, message, kind] of bad) {
    test(`${args.join(' ')} → ${kind.name}`, () => {
      expect(() => parseSimArgs(args)).toThrow(kind);
      expect(() => parseSimArgs(args)).toThrow(message);
    });
  }

  test('good flags normalize', () => {
    const a = parseSimArgs(['-a', 'relu, leaky-relu:0.2,SILU', '--sigma-w2', '1.5', '--sigma-b2', '0.05', '-d', '7', '--format', 'csv']);
    expect(configJson(a.config).activations).toEqual(['relu', 'leaky-relu:0.2', 'swish']);
    expect(configJson(a.config)).toMatchObject({ init: 'custom', sigmaW2: 1.5, sigmaB2: 0.05, depth: 7, width: 256, batch: 32 });
    expect(a.format).toBe('csv');
    expect(parseSimArgs(['--init', 'xavier-uniform', '--width', '100']).config.sigmaW2).toBe(1);
    expect(parseSimArgs(['--init', 'uniform']).config.sigmaW2).toBeCloseTo(1 / 3, 12);
  });
});

describe('sim command line, as a process', () => {
  test('bad input: one line on stderr, exit 2, no stack trace', () => {
    for (const args of [
      ['--activation', 'nope'], ['--bogus'], ['--depth'], ['--depth', '1000', '--width', '4096', '--batch', '1'], ['extra'],
      ['--out', ''], ['--sigma-w2', ''], ['--activation', 'relu', '--activation', 'tanh'], ['-a', 'leaky-relu:0.01,leaky-relu'],
    ]) {
      const r = sim(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^sim: /);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    }
    expect(sim(['--seed', '-1']).stderr).toBe("sim: option --seed needs a value; write --seed=VALUE for one that starts with '-'\n");
    expect(sim(['--bogus']).stderr).toBe('sim: unknown option --bogus (see --help)\n');
    expect(sim(['--depth', '1000', '--width', '4096', '--batch', '1']).stderr).toMatch(/needs 62\.\d+ GiB on the CPU engine, mostly .*; the limit is 4\.00 GiB/);
  });

  test('--format json prints only JSON with depth layers per run', () => {
    const r = sim(['-a', 'tanh,relu', '-d', '12', '-w', '16', '-b', '4', '--weight-grads', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.config).toMatchObject({ activations: ['tanh', 'relu'], depth: 12, width: 16, batch: 4, init: 'he-normal', top: 'random', weightGrads: true });
    expect(json.engine).toMatchObject({ kind: 'cpu', simd: 'plain', threads: expect.any(Number), threadsReason: expect.any(String) });
    expect(json.timing.ms).toBeGreaterThan(0);
    expect(json.runs).toHaveLength(2);
    for (const run of json.runs) {
      expect(run.layers).toHaveLength(12);
      expect(run.layers.map((l: { layer: number }) => l.layer)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      for (const key of ['deltaRms', 'deltaMaxAbs', 'preactStd', 'activationRms', 'zeroFraction', 'deadFraction', 'meanAbsFprime', 'fprimeZeroFraction', 'weightGradRms', 'nonFinite']) {
        expect(run.layers[0], key).toHaveProperty(key);
      }
    }
    expect(json.runs[0].layers[11].deltaRms).toBeGreaterThan(0.5);
  });

  test('--engine reference and --engine cpu --threads 2 agree, and each says what ran', () => {
    const args = ['-a', 'tanh', '-d', '6', '-w', '9', '-b', '3', '--format', 'json'];
    const ref = JSON.parse(sim([...args, '--engine', 'reference']).stdout);
    const cpu = JSON.parse(sim([...args, '--engine', 'cpu', '--threads', '2']).stdout);
    expect(ref.engine).toEqual({ kind: 'reference', runtime: expect.stringMatching(/^Node /) });
    expect(cpu.engine).toMatchObject({ kind: 'cpu', threads: 2, threadsReason: '2 threads as requested', simd: 'plain' });
    ref.runs[0].layers.forEach((l: { deltaRms: number }, i: number) => {
      expect(Math.abs(cpu.runs[0].layers[i].deltaRms / l.deltaRms - 1)).toBeLessThan(1e-5);
    });
  });

  test('--format csv and --out FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-'));
    const file = join(dir, 'out.csv');
    const r = sim(['-a', 'sigmoid', '-d', '5', '-w', '8', '-b', '2', '--format', 'csv', '--out', file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    expect(rows[0].split(',').slice(0, 4)).toEqual(['activation', 'backward', 'layer', 'deltaRms']);
    expect(rows).toHaveLength(6);
  });

  test('the table is readable and --help lists every activation', () => {
    const r = sim(['-a', 'sigmoid,tanh,relu', '--init', 'lecun-normal', '-d', '8', '-w', '32', '-b', '4']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/── sigmoid ──/);
    expect(r.stdout).toMatch(/mean per-layer gain/);
    const help = sim(['--help']);
    expect(help.status).toBe(0);
    for (const name of ['sigmoid', 'necrorelu', 'gelu', 'orthogonal', '--sigma-w2', '--top random|mse']) expect(help.stdout).toContain(name);
  });
});
