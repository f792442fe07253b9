import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../sim/config';
import { runReference } from '../sim/cpu-engine';
import { resultJson, toCsv } from '../sim/format';
import { runSeeds } from '../sim/seeds';
import { addTheory, configTheory } from '../sim/theory-cli';
import { fileStem, resultCsvFile, resultJsonFile } from './export';

/** The CSV's comment lines and its table. */
function splitCsv(text: string): { comments: string[]; table: string } {
  const lines = text.split('\n');
  const comments = lines.filter((l) => l.startsWith('#'));
  return { comments, table: lines.filter((l) => !l.startsWith('#')).join('\n') };
}

describe('exports', () => {
  const config = normalizeConfig({ activations: ['relu', 'tanh'], init: 'he-normal', depth: 6, width: 8, batch: 2, seed: 3 });

  it('write what `npm run sim -- --theory --format json|csv` writes for the same result, theoryQ included', async () => {
    const result = await runSeeds(config, 2, (c, o) => runReference(c, o), { details: true });
    // The app's prediction comes from its worker (configTheory); the command line's from addTheory alone.
    const entry = { label: 'ReLU', result, theory: configTheory(config) };
    const json = resultJsonFile([entry]);
    expect(json.text).toBe(resultJson(addTheory(result)));
    expect(json.name).toBe(`${fileStem({ config, seeds: 2 })}.json`);
    const parsed = JSON.parse(json.text);
    expect(parsed.seeds).toEqual({ first: 3, count: 2 });
    // The normalized configuration carries the seed count.
    expect(parsed.config.seeds).toBe(2);
    // ReLU with He init (σ_w² = 2) keeps q_l = σ_w² q_{l−1} / 2 = 2 and χ = σ_w² / 2 = 1 at every layer.
    expect(parsed.runs[0].layers.map((l: { theoryQ: number }) => l.theoryQ)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(parsed.runs[0].layers.map((l: { theoryDeltaRms: number }) => l.theoryDeltaRms)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(parsed.runs[0].details).toBeUndefined();
    const csv = splitCsv(resultCsvFile([entry]).text);
    expect(csv.table).toBe(toCsv(addTheory(result)));
    const header = csv.table.split('\n')[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['theoryQ', 'theoryDeltaRms']));
    // With seeds, the bands follow as columns: the deltaRms quantiles of each layer bracket its median.
    const rows = csv.table.trim().split('\n').slice(1).map((r) => r.split(','));
    const at = (name: string) => header.indexOf(name);
    expect(at('deltaRms_p10')).toBeGreaterThan(0);
    for (const row of rows) {
      expect(Number(row[at('deltaRms_p10')])).toBeLessThanOrEqual(Number(row[at('deltaRms')]) * (1 + 1e-9));
      expect(Number(row[at('deltaRms_p90')])).toBeGreaterThanOrEqual(Number(row[at('deltaRms')]) * (1 - 1e-9));
      expect(Number(row[at('seedCount')])).toBe(2);
    }
    // The comment lines hold the configuration, seeds included, as JSON.
    const configLine = csv.comments.find((l) => l.startsWith('# config '));
    expect(JSON.parse(configLine!.slice('# config '.length))).toEqual(parsed.config);
    expect(csv.comments[0]).toContain('seeds 3…4');
  });

  it('leave the prediction out until it has arrived', () => {
    const result = runReference(config, { details: true });
    const entry = { label: 'ReLU', result, theory: null };
    expect(resultJsonFile([entry]).text).toBe(resultJson(result));
    expect(resultJsonFile([entry]).text).not.toContain('theoryQ');
  });

  it('name the files by the settings that tell the runs apart', () => {
    const he = normalizeConfig({ activations: ['relu'], init: 'he-normal', depth: 6, width: 8, batch: 2 });
    const lecun = normalizeConfig({ activations: ['relu'], init: 'lecun-normal', depth: 6, width: 8, batch: 2 });
    expect(fileStem({ config: he })).toBe('deltascope-relu-he-normal-d6-w8-b2-s1');
    expect(fileStem({ config: he })).not.toBe(fileStem({ config: lecun }));
    expect(fileStem({ config: he, seeds: 8 })).toBe('deltascope-relu-he-normal-d6-w8-b2-s1-x8');
    expect(fileStem({ config: normalizeConfig({ activations: ['relu'], init: 'custom', sigmaW2: 1.5, sigmaB2: 0.05, top: 'mse', depth: 6, width: 8, batch: 2 }) }))
      .toBe('deltascope-relu-custom-sw2-1.5-sb2-0.05-d6-w8-b2-s1-top-mse');
    expect(fileStem({ config: he }, { config: lecun })).toBe('deltascope-he-normal_vs_lecun-normal-relu-d6-w8-b2-s1');
  });

  it('write several results as one comparison: every result with its label in the JSON, a run column in the CSV', () => {
    const tiny = { depth: 4, width: 4, batch: 2 };
    const a = runReference(normalizeConfig({ ...tiny, activations: ['relu'], init: 'he-normal' }));
    const b = runReference(normalizeConfig({ ...tiny, activations: ['relu', 'tanh'], init: 'lecun-normal' }));
    const entries = [{ label: 'ReLU · He normal', result: a, theory: null }, { label: 'LeCun pair', result: b, theory: null }];
    const json = JSON.parse(resultJsonFile(entries).text);
    expect(json.comparison.map((c: { label: string }) => c.label)).toEqual(['ReLU · He normal', 'LeCun pair']);
    expect(json.comparison[1]).toEqual({ label: 'LeCun pair', ...JSON.parse(resultJson(b)) });
    const csv = splitCsv(resultCsvFile(entries).text);
    expect(csv.comments.filter((l) => l.includes('config {'))).toHaveLength(2);
    const rows = csv.table.trim().split('\n');
    expect(rows[0].split(',').slice(0, 4)).toEqual(['run', 'activation', 'backward', 'layer']);
    expect(rows).toHaveLength(1 + 3 * 4);
    expect(rows.filter((r) => r.startsWith('"LeCun pair",tanh,'))).toHaveLength(4);
  });
});
