/**
 * A part of the theory atlas (src/sim/atlas.ts; the whole grid is `npm run atlas`, README "Theory atlas"):
 * at width 256, depth 100, 4 seeds (smaller than the atlas's 512 and 16, so the suite stays quick), the
 * median simulated δ against the mean-field δ for a few activations at He init where the prediction holds,
 * and for cells of both kinds of failure the atlas found (src/sim/theory-caveats.ts). Where the prediction carries no caveat it must hold within
 * TOLERANCE decades at every layer; where it carries one, the gap must be real (over the tolerance), so a
 * caveat that names no failure, or a failure with no caveat, fails the test.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createWasmBackend } from '../cpu/backend';
import { atlasCell, atlasConfig, atlasGap, type AtlasCell } from './atlas';
import type { CpuBackend } from './backend';
import { simulateCpu } from './cpu-engine';
import { runSeeds } from './seeds';

/** Decades: the worst per-layer gap of a median over 4 seeds where the theory applies. */
const TOLERANCE = 0.25;
const SIZE = { depth: 100, width: 256, batch: 16, seeds: 4 };

let backend: CpuBackend;
beforeAll(async () => {
  backend = await createWasmBackend({ threads: 2 });
});
afterAll(() => backend.dispose());

const cells: AtlasCell[] = [
  ...['sigmoid', 'tanh', 'relu', 'selu', 'swish', 'gelu', 'softplus'].map((a) => atlasCell(a, 'he-normal')!),
  atlasCell('swish', 'critical')!,
];

describe('the theory atlas', () => {
  test.each(cells.map((c) => [`${c.activation} ${c.scale}`, c] as const))('%s', async (_, cell) => {
    const median = await runSeeds(atlasConfig(cell, SIZE), SIZE.seeds, (config, options) => simulateCpu(config, backend, options));
    const gap = atlasGap(median);
    console.log(`atlas ${cell.activation} ${cell.scale}: worst gap ${gap.worst.toFixed(3)} decades at layer ${gap.layer}${gap.note ? ' (caveat)' : ''}`);
    if (gap.note === null) expect(gap.worst).toBeLessThanOrEqual(TOLERANCE);
    else expect(gap.worst).toBeGreaterThan(TOLERANCE);
  });
});
