/** GPU statistics records laid out from the schema: every word has one owner, and the host reads what was stored. */
import { describe, expect, test } from 'vitest';
import { LAYER_ACCUMULATORS, type LayerProducer } from '../sim/stats';
import { TRAIN_UNIT_RECORD } from '../sim/train/tracking';
import { LAYER_RECORD } from './stat-partials';
import { recordInclude, recordLayout, recordReader } from './stat-record';

/** The record words a generated acc_store writes (`out[at + N]`). */
function storedWords(wgsl: string): number[] {
  return [...wgsl.matchAll(/out\[at \+ (\d+)u\]/g)].map((m) => Number(m[1]));
}

describe('statistics records', () => {
  test('each producer stores its own accumulators, and together they cover every word of the layer record once', () => {
    const producers = [...new Set(Object.values(LAYER_ACCUMULATORS).map((a) => a.by))] as LayerProducer[];
    const words = producers.flatMap((producer) => storedWords(recordInclude(LAYER_RECORD, 'layer', { producer, store: 'out' }).wgsl));
    expect([...words].sort((a, b) => a - b)).toEqual(Array.from({ length: LAYER_RECORD.words }, (_, i) => i));
  });

  test('the host reads each accumulator from the words its kind stores', () => {
    const layout = recordLayout(TRAIN_UNIT_RECORD);
    const bytes = new ArrayBuffer(2 * layout.words * 4);
    const f = new Float32Array(bytes), u = new Uint32Array(bytes);
    // Record 1: δ's scale 2 and ssq 0.5, then the counts 3, 4, 5 and alive 1, at the layout's offsets.
    const at = layout.words;
    f[at + layout.offsets.delta] = 2;
    f[at + layout.offsets.delta + 1] = 0.5;
    u[at + layout.offsets.zeroCount] = 3;
    u[at + layout.offsets.nonFinite] = 4;
    u[at + layout.offsets.deltaNonFinite] = 5;
    u[at + layout.offsets.alive] = 1;
    expect(recordReader(layout, bytes)(1)).toEqual({ delta: { scale: 2, ssq: 0.5 }, zeroCount: 3, nonFinite: 4, deltaNonFinite: 5, alive: 1 });
    expect(storedWords(recordInclude(layout, 'unit', { store: 'out' }).wgsl)).toEqual(Array.from({ length: layout.words }, (_, i) => i));
  });
});
