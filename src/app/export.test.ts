import { describe, expect, it } from 'vitest';
import { normalizeConfig } from '../sim/config';
import { runReference } from '../sim/cpu-engine';
import { resultJson, toCsv } from '../sim/format';
import { runSeeds } from '../sim/seeds';
import { addTheory, configTheory } from '../sim/theory-cli';
import { fileStem, resultCsvFile, resultJsonFile } from './export';

describe('exports', () => {
  const config = normalizeConfig({ activations: ['relu', 'tanh'], init: 'he-normal', depth: 6, width: 8, batch: 2, seed: 3 });

  it('write what `npm run sim -- --theory --format json|csv` writes for the same result, theoryQ included', async () => {
    const result = await runSeeds(config, 2, (c, o) => runReference(c, o), { details: true });
    // The app's prediction comes from its worker (configTheory); the command line's from addTheory alone.
    const json = resultJsonFile(result, configTheory(config));
    expect(json.text).toBe(resultJson(addTheory(result)));
    expect(json.name).toBe(`${fileStem(config)}.json`);
    const parsed = JSON.parse(json.text);
    expect(parsed.seeds).toEqual({ first: 3, count: 2 });
    // ReLU with He init (σ_w² = 2) keeps q_l = σ_w² q_{l−1} / 2 = 2 and χ = σ_w² / 2 = 1 at every layer.
    expect(parsed.runs[0].layers.map((l: { theoryQ: number }) => l.theoryQ)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(parsed.runs[0].layers.map((l: { theoryDeltaRms: number }) => l.theoryDeltaRms)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(parsed.runs[0].details).toBeUndefined();
    const csv = resultCsvFile(result, configTheory(config));
    expect(csv.text).toBe(toCsv(addTheory(result)));
    expect(csv.text.split('\n')[0].split(',')).toEqual(expect.arrayContaining(['theoryQ', 'theoryDeltaRms']));
  });

  it('leave the prediction out until it has arrived', () => {
    const result = runReference(config, { details: true });
    expect(resultJsonFile(result, null).text).toBe(resultJson(result));
    expect(resultJsonFile(result, null).text).not.toContain('theoryQ');
  });
});
