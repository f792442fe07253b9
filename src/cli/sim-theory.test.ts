/** --theory, --theory-only and --seeds of the sim command line. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../sim/config';
import { UsageError } from './cli-errors';
import { parseSimArgs } from './sim-args';

const TSX = join('node_modules', '.bin', 'tsx');

function sim(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(TSX, ['src/cli/sim.ts', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('theory and seeds flags, in process', () => {
  test('parse', () => {
    const a = parseSimArgs(['--theory', '--seeds', '5', '--seed', '10']);
    expect(a).toMatchObject({ theory: true, theoryOnly: false, seeds: 5 });
    expect(parseSimArgs([]).seeds).toBe(1);
    expect(parseSimArgs(['--theory-only']).theoryOnly).toBe(true);
  });

  test('bad values are one-line errors', () => {
    expect(() => parseSimArgs(['--seeds', '0'])).toThrow(ConfigError);
    expect(() => parseSimArgs(['--seeds', 'many'])).toThrow(/seeds must be an integer between 1 and 10000/);
    expect(() => parseSimArgs(['--seeds', '3', '--seed', '4294967295'])).toThrow(/largest seed/);
    expect(() => parseSimArgs(['--theory-only', '--seeds', '2'])).toThrow(UsageError);
    expect(() => parseSimArgs(['--theory-only', '--engine', 'webgpu'])).toThrow(UsageError);
  });
});

describe('theory and seeds flags, as a process', () => {
  test('--theory adds theoryQ/theoryDeltaRms to every layer and q*, χ₁, ξ per run in JSON, and a table column', () => {
    const r = sim(['-a', 'relu,tanh', '--sigma-w2', '1', '--sigma-b2', '0.1', '-d', '6', '-w', '16', '-b', '2', '--theory', '--format', 'json']);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    for (const run of json.runs) {
      expect(run.layers.every((l: { theoryQ?: number; theoryDeltaRms?: number }) => l.theoryQ! > 0 && l.theoryDeltaRms! > 0)).toBe(true);
      expect(Object.keys(run.theory)).toEqual(expect.arrayContaining(['qStar', 'chi1', 'depthScale', 'orderedPhase']));
    }
    // relu at σ_w² = 1, σ_b² = 0.1: q_1 = 1.1, q* = σ_b²/(1 − σ_w²/2) = 0.2, χ₁ = 1/2, ξ = 1/ln 2.
    expect(json.runs[0].layers[0].theoryQ).toBeCloseTo(1.1, 12);
    expect(json.runs[0].theory.qStar).toBeCloseTo(0.2, 12);
    expect(json.runs[0].theory.depthScale).toBeCloseTo(1 / Math.LN2, 12);
    const table = sim(['-a', 'relu', '-d', '4', '-w', '8', '-b', '2', '--theory']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/δ rms\s+theory/);
    expect(table.stdout).toMatch(/theory: q\* = 2 · χ₁ = 1 · ξ = Infinity layers · edge of chaos/);
  });

  test('--theory-only prints the prediction without simulating; --seeds N gives medians and bands', () => {
    const t = sim(['-a', 'relu', '--init', 'lecun-normal', '-d', '3', '--theory-only', '--format', 'json']);
    expect(t.status).toBe(0);
    const tj = JSON.parse(t.stdout);
    expect(tj.engine.kind).toBe('theory');
    expect(tj.runs[0].layers.map((l: { theoryQ: number }) => l.theoryQ)).toEqual([1, 0.5, 0.25]);
    const s = sim(['-a', 'relu', '-d', '5', '-w', '8', '-b', '2', '--seeds', '4', '--seed', '7', '--format', 'json']);
    expect(s.status).toBe(0);
    const sj = JSON.parse(s.stdout);
    expect(sj.seeds).toEqual({ first: 7, count: 4 });
    const band = sj.runs[0].seedBands[0];
    expect(band.seeds).toBe(4);
    expect(band.deltaRms.p10).toBeLessThanOrEqual(band.deltaRms.median);
    expect(band.deltaRms.median).toBeLessThanOrEqual(band.deltaRms.p90);
    expect(sj.runs[0].layers[0].deltaRms).toBeCloseTo(band.deltaRms.median, 12);
    const bad = sim(['--seeds', '-3']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
