/**
 * The page's side of one CPU training worker: a Trainer whose calls are answered by the worker, in
 * order. dispose() terminates the worker, which is also how a running step is cancelled.
 */
import { ConfigError } from '../../sim/config';
import { GiB } from '../../sim/memory';
import type { EngineInfo } from '../../sim/stats';
import type { TrainConfig } from '../../sim/train/train-config';
import type { Checkpoint, GridPrediction, Trainer } from '../../sim/train/trainer';
import type { TrainReply, TrainRequest } from './train-protocol';

/** What one training worker may allocate: a browser tab has far less memory than Node. */
export const BROWSER_TRAIN_MEMORY_LIMIT = 1 * GiB;

type Pending = { resolve: (reply: TrainReply) => void; reject: (err: Error) => void };

export class WorkerTrainer implements Trainer {
  readonly kind = 'cpu' as const;
  stepsDone = 0;
  private worker: Worker | null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private engine: EngineInfo = { kind: 'cpu' };

  constructor() {
    this.worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module', name: 'deltascope-train' });
    this.worker.addEventListener('message', (event: MessageEvent<TrainReply>) => {
      const p = this.pending.get(event.data.id);
      if (!p) return;
      this.pending.delete(event.data.id);
      const msg = event.data;
      if (msg.type === 'error') p.reject(msg.configError ? new ConfigError(msg.message) : new Error(msg.message));
      else p.resolve(msg);
    });
    this.worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      this.failAll(new Error(`the CPU training worker failed: ${event.message || 'unknown error'}`));
      this.dispose();
    });
  }

  private call<T extends TrainReply['type']>(request: TrainRequest): Promise<Extract<TrainReply, { type: T }>> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the CPU trainer was stopped'));
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve: resolve as (r: TrainReply) => void, reject });
      worker.postMessage(request);
    });
  }

  async init(config: TrainConfig): Promise<Checkpoint> {
    const r = await this.call<'init'>({ type: 'init', id: this.nextId++, config, memoryLimit: BROWSER_TRAIN_MEMORY_LIMIT });
    this.stepsDone = 0;
    this.engine = r.engine;
    return r.checkpoint;
  }

  async step(n: number): Promise<Checkpoint[]> {
    const r = await this.call<'step'>({ type: 'step', id: this.nextId++, n });
    this.stepsDone = r.stepsDone;
    return r.checkpoints;
  }

  async predictGrid(resolution: number): Promise<GridPrediction> {
    return (await this.call<'grid'>({ type: 'grid', id: this.nextId++, resolution })).grid;
  }

  engineInfo(): EngineInfo {
    return { ...this.engine, runtime: `${this.engine.runtime ?? 'unknown'} (Web Worker)` };
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new Error('the CPU trainer was stopped'));
  }
}
