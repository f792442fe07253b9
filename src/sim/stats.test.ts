/**
 * The simulation's statistics schema is wired everywhere: a statistic declared in LAYER_STATS (and
 * its accumulators in LAYER_ACCUMULATORS) but not filled by an engine, not written to the CSV, not
 * aggregated over seeds or not documented fails here. The GPU result is checked against the CPU for
 * every statistic of the same parity list by tests/browser/gpu-parity.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { getActivation } from './activations';
import { normalizeConfig } from './config';
import { runReference } from './cpu-engine';
import { toCsv } from './format';
import { backwardStats, forwardStats, weightGradStats } from './layers';
import { referenceBackend } from './reference-backend';
import { aggregateSeeds } from './seeds';
import { engineStats, jsTypeOf, markdownTable, parityList } from './stat-schema';
import { LAYER_ACCUMULATORS, LAYER_STATS, emptyRaw, type LayerProducer, type RawLayerStats } from './stats';
import { addTheory } from './theory-cli';

const ENGINE = engineStats(LAYER_STATS);
const ALL = Object.keys(LAYER_STATS);

describe('the statistics schema is wired', () => {
  const config = normalizeConfig({ activations: ['relu', 'tanh'], depth: 3, width: 5, batch: 2, weightGrads: true, seed: 3 });
  const result = runReference(config);

  test('every engine statistic is in the CPU result, with its type; optional ones only with their option', () => {
    const without = runReference({ ...config, weightGrads: false });
    for (const [name, s] of ENGINE) {
      for (const layer of result.runs[0].layers) expect(typeof (layer as Record<string, unknown>)[name], name).toBe(jsTypeOf(s));
      if (s.type === 'enum') for (const layer of result.runs[0].layers) expect(s.values, name).toContain((layer as Record<string, unknown>)[name]);
      const present = without.runs[0].layers.every((l) => name in l);
      expect(present, `${name} without its option`).toBe(s.optional === undefined);
    }
  });

  test('every statistic is a CSV column (the theory ones with --theory)', () => {
    const header = toCsv(addTheory(result)).split('\n')[0].split(',');
    expect(header.slice(0, 3)).toEqual(['activation', 'backward', 'layer']);
    expect(header.slice(3)).toEqual(ALL);
  });

  test('the parity list compares every engine statistic, each with a tolerance class', () => {
    expect(parityList(LAYER_STATS).map((p) => p.name)).toEqual(ENGINE.map(([name]) => name));
    for (const p of parityList(LAYER_STATS)) expect(['continuous', 'log10', 'fraction', 'exact']).toContain(p.parity);
  });

  test('every engine statistic has a seed rule, and seed bands carry it', () => {
    const seeds = aggregateSeeds([result, runReference({ ...config, seed: 4 })]);
    const median = seeds.runs[0].layers[0] as Record<string, unknown>;
    const band = seeds.runs[0].seedBands![0] as Record<string, unknown>;
    for (const [name, s] of ENGINE) {
      expect(s.seeds, name).toBeDefined();
      expect(typeof median[name], `${name} median`).toBe(jsTypeOf(s));
      if (s.seeds?.quantiles && s.seeds.quantiles.band !== false) expect(Object.keys(band[name] as object), `${name} band`).toContain('p90');
      if (s.seeds?.fraction) expect(band[s.seeds.fraction.name], s.seeds.fraction.name).toBeTypeOf('number');
    }
  });

  test('each CPU statistics function fills every accumulator its kernel owns', () => {
    // One CPU function per producing kernel; a new producer needs its entry here.
    const relu = getActivation('relu');
    const n = 3, batch = 2;
    const s = Float32Array.from([-1, 2, 0.5, -3, 4, 0.25]);
    const h = s.map((x) => relu.f(x, 0));
    const d = Float32Array.from([0.5, -1, 2, 0.1, -0.2, 3]);
    const fill: Record<LayerProducer, (raw: RawLayerStats) => void> = {
      forward_stats: (raw) => forwardStats(s, h, batch, n, raw),
      backward_stats: (raw) => backwardStats(d, s, batch, n, relu, 0, raw, null, null),
      weight_grad: (raw) => weightGradStats(referenceBackend(), d, h, new Float32Array(n * n), { batch, nIn: n, nOut: n }, raw),
    };
    const producers = new Set(Object.values(LAYER_ACCUMULATORS).map((a) => a.by));
    expect([...producers].sort()).toEqual(Object.keys(fill).sort());
    for (const [producer, run] of Object.entries(fill)) {
      const raw = emptyRaw();
      // A sentinel in every accumulator: the producer must overwrite each of its own.
      for (const k of Object.keys(raw) as (keyof RawLayerStats)[]) (raw as Record<string, unknown>)[k] = 'unset';
      run(raw);
      for (const [name, a] of Object.entries(LAYER_ACCUMULATORS)) {
        const v = (raw as Record<string, unknown>)[name];
        if (a.by === producer) expect(v, `${producer} → ${name}`).not.toBe('unset');
        else expect(v, `${producer} must not write ${name}`).toBe('unset');
      }
    }
  });

  test('the README documents every statistic: its JSON table is the schema\'s', () => {
    const table = markdownTable(LAYER_STATS);
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'), `README.md must hold this table:\n${table}\n`).toContain(table);
  });
});
