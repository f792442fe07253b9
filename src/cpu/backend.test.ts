/**
 * `--engine cpu` (the WebAssembly kernels, float32 accumulation, several threads) against
 * `--engine reference` (float64 accumulation), the same flow over two backends. How close, per
 * statistic (tests/reference/parity.ts compares every statistic of the schema by its class):
 *  - ordered and critical phases up to depth 60, every activation, odd widths and batches, biases,
 *    both tops, weight gradients: continuous statistics within 3e-5 relative (logarithms within
 *    3e-5/ln 10 decades), fractions within one entry flipping at a kink, exact ones equal;
 *  - deep: sigmoid at depth 400 (δ below float32's range, its exponent carried) within 3e-5 relative;
 *    tanh at σ_w² = 0.8, depth 300, within 1e-4; ReLU at He init, depth 300 (critical: a unit whose
 *    s ≈ 0 rounds to the other side flips its mask and moves the δ of the layers below), within
 *    0.3 relative (0.13 decades) and four entries in the fractions: one flip moved deltaMaxAbs by 19 %.
 * The measured worst differences are printed. Plus: 1 and 3 threads give the same bits, the
 * engine object says how it ran, and the memory plan refuses what wasm32 cannot hold before allocating.
 * Training on the cpu backend follows the reference trainer within float32 rounding (losses within
 * 1e-5 relative over 100 steps of a narrow relu net, PReLU's learned slopes within 1e-5), the same
 * bits on 1 and 3 threads.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectSameStats, type Tolerance } from '../../tests/reference/parity';
import type { CpuBackend } from '../sim/backend';
import { normalizeConfig, type RawConfig } from '../sim/config';
import { GiB } from '../sim/memory';
import { runReference, simulateCpu } from '../sim/cpu-engine';
import { planCpuMemory } from '../sim/cpu-memory';
import { CpuTrainer } from '../sim/train/cpu-trainer';
import { runTraining } from '../sim/train/run';
import { normalizeTrainConfig, type RawTrainConfig } from '../sim/train/train-config';
import { createWasmBackend } from './backend';

let backend: CpuBackend;
beforeAll(async () => {
  backend = await createWasmBackend({ threads: 2 });
});
afterAll(() => backend.dispose());

/** Tolerance for a configuration: `rel` for continuous statistics, and `entries` flips in the fractions. */
function tolerance(raw: RawConfig, rel: number, entries = 1): Tolerance {
  const c = normalizeConfig(raw);
  return { rel, abs: 1e-30, fraction: entries / (c.batch * c.width) + 1e-12 };
}

function agree(raw: RawConfig, tol: Tolerance): void {
  const c = normalizeConfig(raw);
  const cpu = simulateCpu(c, backend, { details: true });
  const worst = expectSameStats(cpu, runReference(c, { details: true }), tol, JSON.stringify(raw));
  const shown = [...worst].filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v.toExponential(1)}`);
  console.info(`${JSON.stringify(raw)}: worst ${shown.join(', ') || 'none (equal)'}`);
}

const SHALLOW: RawConfig[] = [
  { activations: 'relu,leaky-relu:0.2,prelu,necrorelu', init: 'he-normal', depth: 40, width: 33, batch: 7, weightGrads: true },
  { activations: 'tanh,sigmoid,linear,abs', init: 'lecun-normal', depth: 40, width: 17, batch: 5, weightGrads: true },
  { activations: 'gelu,swish,elu,softplus,selu', init: 'xavier-normal', depth: 30, width: 100, batch: 3 },
  { activations: 'tanh', sigmaW2: 1, sigmaB2: 0.05, depth: 60, width: 64, batch: 31, top: 'mse', weightGrads: true },
  { activations: 'relu', init: 'he-uniform', sigmaB2: 0.1, depth: 25, width: 257, batch: 2, top: 'mse' },
  { activations: 'linear,relu', init: 'orthogonal', depth: 50, width: 20, batch: 9, backward: 'leaky-relu:0.1' },
  { activations: 'relu,tanh', init: 'he-normal', depth: 8, width: 1, batch: 1 },
];

describe('cpu agrees with reference in the ordered and critical phases', () => {
  for (const raw of SHALLOW) test(JSON.stringify(raw), () => agree(raw, tolerance(raw, 3e-5)));

  test('sigmoid, lecun-normal, depth 400: δ far below float32, its exponent carried', () => {
    const raw: RawConfig = { activations: 'sigmoid', init: 'lecun-normal', depth: 400, width: 12, batch: 3 };
    agree(raw, tolerance(raw, 3e-5));
  });

  test('tanh, σ_w² = 0.8, depth 300 (ordered)', () => {
    const raw: RawConfig = { activations: 'tanh', sigmaW2: 0.8, depth: 300, width: 32, batch: 8, seed: 21 };
    agree(raw, tolerance(raw, 1e-4));
  });

  test('relu, he-normal, depth 300 (critical)', () => {
    const raw: RawConfig = { activations: 'relu', init: 'he-normal', depth: 300, width: 64, batch: 16 };
    agree(raw, tolerance(raw, 0.3, 4));
  });
});

describe('the cpu engine', () => {
  test('gives the same bits on 1 and 3 threads, and its engine object says how it ran', async () => {
    const c = normalizeConfig({ activations: 'relu,gelu', depth: 12, width: 96, batch: 40, sigmaB2: 0.1, weightGrads: true });
    const one = await createWasmBackend({ threads: 1 });
    const three = await createWasmBackend({ threads: 3 });
    try {
      const a = simulateCpu(c, one, { details: true });
      const b = simulateCpu(c, three, { details: true });
      expect(b.runs).toEqual(a.runs);
      expect(a.engine).toMatchObject({ kind: 'cpu', threads: 1, simd: 'plain', threadsReason: '1 thread as requested' });
      expect(b.engine).toMatchObject({ kind: 'cpu', threads: 3, simd: 'plain', threadsReason: '3 threads as requested' });
      expect(runReference(c).engine).toEqual({ kind: 'reference', runtime: a.engine.runtime });
    } finally {
      one.dispose();
      three.dispose();
    }
  });

  test('allocates exactly what its memory plan says, and frees it all', () => {
    const c = normalizeConfig({ activations: 'relu', depth: 7, width: 13, batch: 5, sigmaB2: 0.5, weightGrads: true });
    let live = 0, peak = 0;
    const counting: CpuBackend = {
      ...backend,
      alloc(floats) {
        live += backend.allocationBytes(floats);
        peak = Math.max(peak, live);
        return backend.alloc(floats);
      },
      free(view) {
        live -= backend.allocationBytes(view.length);
        backend.free(view);
      },
    };
    simulateCpu(c, counting);
    expect(peak).toBe(planCpuMemory(c, backend).residentBytes);
    expect(live).toBe(0);
  });

  test('refuses, before allocating, a network wasm32 memory cannot hold, with the figure and what dominates it', () => {
    const c = normalizeConfig({ activations: 'relu', depth: 300, width: 2048, batch: 8 });
    const before = backend.availableBytes();
    expect(() => simulateCpu(c, backend, {}, 16 * GiB)).toThrow(
      /^needs 4\.71 GiB of WebAssembly memory on the CPU engine, mostly 4\.69 GiB of weights \(depth 300 × width 2048²\); wasm32 memory holds at most 4 GiB and 4\.00 GiB of it is free for matrices \(reduce depth or width\)$/,
    );
    expect(backend.availableBytes()).toBe(before);
  });
});

describe('the cpu trainer', () => {
  const cases: [string, RawTrainConfig][] = [
    ['relu on spirals, adam', { task: 'spirals', activation: 'relu', depth: 3, width: 16, steps: 100, every: 20, seed: 2 }],
    ['prelu on gaussians, momentum, weight decay', { task: 'gaussians', classes: 3, activation: 'prelu', depth: 2, width: 13, optimizer: 'momentum', lr: 0.05, weightDecay: 0.01, batchSize: 9, steps: 100, every: 50 }],
    ['tanh teacher regression, biases', { task: 'teacher', activation: 'tanh', init: 'xavier-normal', sigmaB2: 0.1, depth: 2, width: 24, steps: 100, every: 50 }],
  ];
  for (const [name, raw] of cases) {
    test(`follows the reference trainer: ${name}`, async () => {
      const config = normalizeTrainConfig(raw);
      const trainer = new CpuTrainer(undefined, await createWasmBackend({ threads: 2 }));
      const [cpu, ref] = [await runTraining(trainer, config), await runTraining(new CpuTrainer(), config)];
      trainer.dispose();
      expect(cpu.engine).toMatchObject({ kind: 'cpu', threads: 2, simd: 'plain' });
      expect(ref.engine.kind).toBe('reference');
      let worst = 0;
      ref.checkpoints.forEach((r, i) => {
        const c = cpu.checkpoints[i];
        expect(c.step).toBe(r.step);
        for (const split of ['train', 'test'] as const) {
          const d = Math.abs(c[split].loss / r[split].loss - 1);
          worst = Math.max(worst, d);
          expect(d, `step ${r.step} ${split} loss: cpu ${c[split].loss} reference ${r[split].loss}`).toBeLessThan(1e-5);
        }
        r.layers.forEach((l, j) => {
          if (l.slope !== undefined) expect(Math.abs(c.layers[j].slope! - l.slope), `step ${r.step} layer ${l.layer} slope`).toBeLessThan(1e-5);
          expect(Math.abs(c.layers[j].weightGradRms / l.weightGradRms - 1), `step ${r.step} layer ${l.layer} weightGradRms`).toBeLessThan(1e-3);
        });
      });
      console.info(`${name}: worst relative loss difference ${worst.toExponential(1)}`);
    });
  }

  test('refuses, before allocating, a network wasm32 memory cannot hold', async () => {
    const trainer = new CpuTrainer(64 * GiB, await createWasmBackend({ threads: 1 }));
    const config = normalizeTrainConfig({ task: 'xor', depth: 300, width: 2048, steps: 1 });
    expect(() => trainer.initSync(config)).toThrow(
      /^depth 300 × width 2048 with batch-size 32 needs 11\.36 GiB of WebAssembly memory on the CPU engine, mostly 9\.38 GiB of weights and their gradients; wasm32 memory holds at most 4 GiB and 4\.00 GiB of it is free \(reduce depth or width\)$/,
    );
    trainer.dispose();
  });

  test('gives the same bits on 1 and 3 threads', async () => {
    const config = normalizeTrainConfig({ task: 'circles', activation: 'gelu', depth: 2, width: 40, batchSize: 64, steps: 30, every: 10 });
    const run = async (threads: number) => {
      const t = new CpuTrainer(undefined, await createWasmBackend({ threads }));
      const r = await runTraining(t, config);
      t.dispose();
      return r.checkpoints;
    };
    expect(await run(3)).toEqual(await run(1));
  });
});
