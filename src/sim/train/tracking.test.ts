/**
 * Training's statistics schema is wired everywhere: a statistic declared in TRAIN_LAYER_STATS (or an
 * accumulator of its records) that the CPU trainer does not fill, the CSV does not write, the parity
 * list does not compare or the README does not document fails here (tests/browser/train-parity.test.ts
 * compares the GPU trainer by the same list).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { engineStats, markdownTable, parityList } from '../stat-schema';
import { CpuTrainer } from './cpu-trainer';
import { trainToCsv } from './format';
import { runTraining } from './run';
import {
  SEGMENT_SUMS, TRAIN_LAYER_STATS, TRAIN_UNIT_SUMS, UNIT_ALIVE, UNIT_NON_FINITE, accumulateLayer, emptyRawTrainLayer, scaledSquaresOf,
} from './tracking';
import { normalizeTrainConfig } from './train-config';

const ENGINE = engineStats(TRAIN_LAYER_STATS);

describe('the training statistics schema is wired', () => {
  test('every statistic is in the CPU trainer\'s checkpoints and the CSV; the slope only where it is learned', async () => {
    for (const activation of ['prelu', 'relu']) {
      const config = normalizeTrainConfig({ task: 'xor', activation, depth: 1, width: 4, steps: 2, every: 1, batchSize: 8, trainSize: 16, testSize: 8 });
      const result = await runTraining(new CpuTrainer(), config);
      for (const layer of result.checkpoints.at(-1)!.layers) {
        for (const [name, s] of ENGINE) {
          const learned = activation === 'prelu' && layer.kind !== 'head';
          const expected = s.optional === undefined || learned ? (s.type ?? 'number') : 'undefined';
          expect(typeof (layer as Record<string, unknown>)[name], `${activation} layer ${layer.layer} ${name}`).toBe(expected);
        }
      }
      const header = trainToCsv(result).split('\n')[0].split(',');
      expect(header.slice(5)).toEqual(['layer', 'kind', 'units', ...Object.keys(TRAIN_LAYER_STATS)]);
    }
  });

  test('the parity list names every statistic with a class', () => {
    expect(parityList(TRAIN_LAYER_STATS).map((p) => p.name)).toEqual(ENGINE.map(([name]) => name));
  });

  test('accumulateLayer fills every per-unit sum and scaledSquaresOf every segment sum', () => {
    // Two examples × two units with a zero h, a non-finite δ and a non-finite s: every sum becomes nonzero.
    const raw = emptyRawTrainLayer({ layer: 1, kind: 'hidden', nIn: 2, nOut: 2 });
    accumulateLayer(raw, Float32Array.from([1, Infinity, -1, 2]), Float32Array.from([1, 0, 0, 2]), Float32Array.from([0.5, NaN, 1, 2]), 2, 2);
    for (const name of Object.keys(TRAIN_UNIT_SUMS) as (keyof typeof TRAIN_UNIT_SUMS)[]) {
      const v = raw[name];
      expect(typeof v === 'number' ? v : v.scale, name).toBeGreaterThan(0);
    }
    // Unit 0 is nonzero for one example; unit 1 has an Inf s, which is neither dead nor alive.
    expect(Array.from(raw.alive)).toEqual([UNIT_ALIVE, UNIT_NON_FINITE]);
    const seg = scaledSquaresOf([3, NaN, -4]);
    for (const name of Object.keys(SEGMENT_SUMS) as (keyof typeof SEGMENT_SUMS)[]) {
      const v = seg[name];
      expect(typeof v === 'number' ? v : v.scale, name).toBeGreaterThan(0);
    }
    // Σx² = 25 over the finite entries.
    expect(seg.squares.scale ** 2 * seg.squares.ssq).toBeCloseTo(25, 12);
  });

  test('the README documents every statistic: its training table is the schema\'s', () => {
    const table = markdownTable(TRAIN_LAYER_STATS);
    expect(readFileSync(new URL('../../../README.md', import.meta.url), 'utf8'), `README.md must hold this table:\n${table}\n`).toContain(table);
  });
});
