import { describe, expect, it } from 'vitest';
import { CpuTrainer } from '../../sim/train/cpu-trainer';
import { normalizeTrainConfig } from '../../sim/train/train-config';
import { viridis } from '../colormap';
import { cellColor, heatmapMatrix, sharedLogRange } from './heatmap-data';
import { probabilityColor } from './boundary-colors';

describe('layer × step heatmap data', () => {
  const t = new CpuTrainer();
  const config = normalizeTrainConfig({ task: 'xor', activation: 'relu', depth: 2, width: 4, steps: 20, every: 10, trainSize: 32, testSize: 8, batchSize: 8 });
  const cps = [t.initSync(config), ...t.stepSync(20)];

  it('lays checkpoints out as columns and layers as rows', () => {
    const m = heatmapMatrix(cps, 'deltaRms');
    expect(m.steps).toEqual([0, 10, 20]);
    expect(m.layers).toBe(4);
    expect(m.values[2 * 4 + 2]).toBe(cps[2].layers[2].deltaRms);
  });

  it('colours RMS on the log range of all runs and fractions on 0…1', () => {
    const values = cps.flatMap((c) => c.layers.map((s) => s.deltaRms)).filter((v) => v > 0);
    const lo = Math.log10(Math.min(...values));
    const hi = Math.log10(Math.max(...values));
    const range = sharedLogRange([cps], 'deltaRms');
    const v = cps[1].layers[1].deltaRms;
    expect(cellColor(v, 'deltaRms', range)).toEqual(viridis((Math.log10(v) - lo) / (hi - lo)));
    expect(cellColor(0.25, 'deadFraction', range)).toEqual(viridis(0.25));
  });

  it('paints a sure prediction in its class colour and an unsure one as the background', () => {
    const bg: [number, number, number] = [255, 255, 255];
    expect(probabilityColor([0.5, 0.5], bg)).toEqual(bg);
    const sure = probabilityColor([0, 1], bg);
    expect(sure[2]).toBeGreaterThan(sure[0]);
  });
});
