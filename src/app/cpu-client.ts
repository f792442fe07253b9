/**
 * The page's side of the CPU worker: a SimEngine whose run() resolves with the worker's result,
 * reports progress, and is cancelled by terminating the worker (a fresh one starts next run).
 */
import { allocationBytes } from '../cpu/arena';
import { ConfigError, type SimConfig } from '../sim/config';
import { GiB } from '../sim/memory';
import { AbortedError } from '../sim/cpu-engine';
import { checkCpuMemory, type MemoryModel } from '../sim/cpu-memory';
import type { RunOptions, SimEngine, SimResult } from '../sim/stats';
import type { RunRequest, WorkerReply } from './worker-protocol';

/** What the worker may allocate: browsers cap a tab's memory well below Node's default. */
export const BROWSER_CPU_MEMORY_LIMIT = 1 * GiB;

/** The worker's backend as the page sizes it (the worker checks again against its memory's free bytes). */
const WORKER_MEMORY: MemoryModel = { kind: 'cpu', allocationBytes, availableBytes: () => null };

export class WorkerCpuEngine implements SimEngine {
  readonly kind = 'cpu' as const;
  private worker: Worker | null = null;
  private nextId = 1;

  /** Throws the ConfigError a run with these options would throw before the worker allocates anything. */
  check(config: SimConfig, options: Pick<RunOptions, 'details'> = {}): void {
    checkCpuMemory(config, BROWSER_CPU_MEMORY_LIMIT, WORKER_MEMORY, options);
  }

  private ensureWorker(): Worker {
    this.worker ??= new Worker(new URL('./cpu-worker.ts', import.meta.url), { type: 'module', name: 'deltascope-cpu' });
    return this.worker;
  }

  run(config: SimConfig, options: RunOptions = {}): Promise<SimResult> {
    return this.runSeeds(config, 1, options);
  }

  /** Runs seeds config.seed … config.seed + seeds − 1 in the worker; more than one gives medians and bands. */
  runSeeds(config: SimConfig, seeds: number, options: RunOptions = {}): Promise<SimResult> {
    this.check(config, options);
    if (options.signal?.aborted) return Promise.reject(new AbortedError());
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<SimResult>((resolve, reject) => {
      const cleanup = (): void => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const onMessage = (event: MessageEvent<WorkerReply>): void => {
        const msg = event.data;
        if (msg.id !== id) return;
        if (msg.type === 'progress') {
          options.onProgress?.({ fraction: msg.fraction, message: msg.message });
          return;
        }
        cleanup();
        if (msg.type === 'result') resolve(msg.result);
        else reject(msg.configError ? new ConfigError(msg.message) : new Error(msg.message));
      };
      const onError = (event: ErrorEvent): void => {
        cleanup();
        this.terminate();
        reject(new Error(`the CPU worker failed: ${event.message || 'unknown error'}`));
      };
      const onAbort = (): void => {
        cleanup();
        this.terminate();
        reject(new AbortedError());
      };
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const request: RunRequest = {
        type: 'run', id, config, details: options.details ?? false, memoryLimit: BROWSER_CPU_MEMORY_LIMIT, seeds,
      };
      worker.postMessage(request);
    });
  }

  private terminate(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  dispose(): void {
    this.terminate();
  }
}
