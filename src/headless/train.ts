/**
 * The training half of the headless page: `window.deltascopeTrain` runs a whole training on the
 * WebGPU trainer (for `npm run train -- --engine webgpu` and the GPU training tests). Imported by
 * src/headless/main.ts. Results cross the Puppeteer boundary as plain JSON.
 */
import { inErrorScopes } from '../gpu/device';
import { createWebGpuTrainer, type WebGpuTrainer } from '../gpu/train/gpu-trainer';
import { runTraining } from '../sim/train/run';
import type { TrainConfig } from '../sim/train/train-config';
import type { TrainResult } from '../sim/train/trainer';

export type TrainOutcome<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string } };

export interface HeadlessTrainOptions {
  /** Also return the final parameters (as plain arrays). */
  params?: boolean;
  /** Also return predictGrid(resolution). */
  grid?: number;
}

export interface HeadlessTrainResult {
  result: TrainResult;
  params?: { weights: number[][]; biases: number[][]; slopes: number[] };
  grid?: number[];
}

export interface DeltascopeTrain {
  run(config: TrainConfig, opts?: HeadlessTrainOptions): Promise<TrainOutcome<HeadlessTrainResult>>;
}

declare global {
  interface Window {
    deltascopeTrain: DeltascopeTrain;
    __deltascopeTrainProgress?: (p: { fraction: number; message: string }) => void;
  }
}

let trainerPromise: Promise<WebGpuTrainer> | null = null;
function trainer(): Promise<WebGpuTrainer> {
  if (!trainerPromise) {
    trainerPromise = createWebGpuTrainer();
    trainerPromise.catch(() => { trainerPromise = null; });
  }
  return trainerPromise;
}

window.deltascopeTrain = {
  async run(config, opts = {}) {
    try {
      const t = await trainer();
      // Every GPU call of the run sits inside error scopes (the trainer's own, and this outer one).
      const value = await inErrorScopes(t.device, async (): Promise<HeadlessTrainResult> => {
        const result = await runTraining(t, config, { onProgress: (p) => window.__deltascopeTrainProgress?.(p) });
        const out: HeadlessTrainResult = { result };
        if (opts.params) {
          const p = await t.readParams();
          out.params = { weights: p.weights.map((w) => Array.from(w)), biases: p.biases.map((b) => Array.from(b)), slopes: Array.from(p.slopes) };
        }
        if (opts.grid) out.grid = Array.from((await t.predictGrid(opts.grid)).values);
        return out;
      });
      return { ok: true, value };
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      return { ok: false, error: { name: err.name, message: err.message } };
    }
  },
};
