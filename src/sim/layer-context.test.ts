/**
 * Every exact zero in δ names its cause (deltaZeroCause), checked against the definitions restated
 * on an independent float64 forward pass: which units are off for which inputs in which layer.
 */
import { describe, expect, test } from 'vitest';
import { normalizeConfig, type SimConfig } from './config';
import { runReference } from './cpu-engine';
import { emptyExponents, finalizeRun } from './layer-context';
import { generateInput, generateWeights } from './layers';
import { runNotes } from './notes';
import { emptyRaw, type DeltaZeroCause } from './stats';

/** off[m][b]: every unit of layer m + 1 has s ≤ 0 (ReLU's f′ = 0) for input b, from a float64 forward pass. */
function offUnits(c: SimConfig): boolean[][] {
  const { depth, width: n, batch } = c;
  const init = c.init;
  let h = Float64Array.from(generateInput(c.seed, batch, n));
  const off: boolean[][] = [];
  for (let l = 1; l <= depth; l++) {
    const w = generateWeights(c.seed, l, n, n, init);
    const s = new Float64Array(batch * n);
    for (let b = 0; b < batch; b++) for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += w[i * n + j] * h[b * n + j];
      s[b * n + i] = acc;
    }
    off.push(Array.from({ length: batch }, (_, b) => s.subarray(b * n, (b + 1) * n).every((v) => v <= 0)));
    h = s.map((v) => Math.max(v, 0));
  }
  return off;
}

/**
 * The cause by its definition, for a ReLU net with the random top: input b's δ_l is 0 when its units
 * are all off in some layer m with l ≤ m < depth. A layer whose δ is all 0 names the highest layer of
 * that zero range: every input off there at once is a dead layer, else the inputs died apart.
 */
function expectedCauses(c: SimConfig): DeltaZeroCause[] {
  const off = offUnits(c);
  const { depth, batch } = c;
  const deadRow = (l: number, b: number): boolean => off.slice(l - 1, depth - 1).some((m) => m[b]);
  const allZero = (l: number): boolean => l < depth && Array.from({ length: batch }, (_, b) => deadRow(l, b)).every(Boolean);
  return Array.from({ length: depth }, (_, i) => {
    const l = i + 1;
    if (allZero(l)) {
      let top = l;
      while (allZero(top + 1)) top++;
      return off[top - 1].every(Boolean) ? 'dead-layer' : 'dead-input';
    }
    const inherited = Array.from({ length: batch }, (_, b) => deadRow(l, b) && !off[l - 1][b]).some(Boolean);
    if (inherited) return 'dead-input';
    return 'fprime';
  });
}

describe('the cause of every exact zero in δ', () => {
  test('zero init: the weights, in every layer below the output, for any activation; never underflow', () => {
    for (const top of ['random', 'mse'] as const) {
      const c = normalizeConfig({ activations: 'relu,tanh,sigmoid', init: 'zeros', depth: 10, width: 16, batch: 4, top });
      for (const run of runReference(c).runs) {
        run.layers.slice(0, -1).forEach((l) => {
          expect(l.deltaLog10, `${run.activation} layer ${l.layer}`).toBe(-Infinity);
          expect(l.deltaZeroCause, `${run.activation} layer ${l.layer}`).toBe('zero-weights');
          expect(l.belowFloat32).toBe(false);
        });
        expect(runNotes(run).join(' ')).not.toMatch(/underflow|float32/);
      }
    }
  });

  test('narrow ReLU nets: dead layers, dead inputs and ReLU\'s flat side, as their definitions say (40 seeds)', () => {
    const seen = new Set<DeltaZeroCause>();
    for (let seed = 1; seed <= 40; seed++) {
      const c = normalizeConfig({ activations: 'relu', init: 'he-normal', depth: 20, width: 3, batch: 4, seed });
      const layers = runReference(c).runs[0].layers;
      const want = expectedCauses(c);
      layers.slice(0, -1).forEach((l, i) => {
        expect(l.deltaZeroCause, `seed ${seed} layer ${l.layer}`).toBe(want[i]);
        seen.add(l.deltaZeroCause);
      });
      for (const l of layers) if (l.deltaZeroCause === 'fprime') expect(l.deltaZeroFraction).toBe(l.fprimeZeroFraction);
      expect(runNotes({ activation: 'relu', backward: null, layers }).join(' ')).not.toMatch(/underflow/);
    }
    expect([...seen].sort()).toEqual(['dead-input', 'dead-layer', 'fprime']);
  });

  test('smooth activations have no exact zeros; a wide ReLU net only on its flat side', () => {
    const c = normalizeConfig({ activations: 'tanh,sigmoid,relu', init: 'he-normal', depth: 8, width: 64, batch: 8 });
    const [tanh, sigmoid, relu] = runReference(c).runs;
    for (const l of [...tanh.layers, ...sigmoid.layers]) expect(l.deltaZeroCause).toBe('none');
    for (const l of relu.layers.slice(0, -1)) {
      expect(l.deltaZeroCause).toBe('fprime');
      expect(l.deltaZeroFraction).toBe(l.fprimeZeroFraction);
      expect(Math.abs(l.deltaZeroFraction - 0.5)).toBeLessThan(0.1);
    }
  });

  test('zeros that nothing above explains are float32 losing entries beside the largest', () => {
    // Two layers of one input and two units: the top has no zeros, the layer below one zero where f′ ≠ 0.
    const dims = { batch: 1, width: 2 };
    const top = emptyRaw();
    top.delta = { scale: 1, ssq: 2 };
    const below = emptyRaw();
    below.delta = { scale: 1, ssq: 1 };
    below.deltaZeroCount = 1;
    const layers = finalizeRun([below, top], emptyExponents(2), dims, { zeroWeights: false, weightGrads: false });
    expect(layers.map((l) => l.deltaZeroCause)).toEqual(['underflow', 'none']);
  });
});
