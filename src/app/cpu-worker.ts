/// <reference lib="webworker" />
/**
 * The CPU engine (`cpu`: the WebAssembly kernels) in a Web Worker, so a long run never freezes the
 * page. Its kernels start their own workers, one per core, when the page is cross-origin isolated,
 * and run on this worker's thread alone otherwise; the result's `engine` says which and why. The
 * backend is opened once and serves every run of this worker. Cancelling a run terminates the
 * worker, its kernels' workers with it (a run is synchronous: there is no cheaper way to stop it mid-layer).
 */
import { openCpuBackend } from '../cpu/backend';
import type { CpuBackend } from '../sim/backend';
import { ConfigError } from '../sim/config';
import { simulateCpu } from '../sim/cpu-engine';
import { referenceBackend } from '../sim/reference-backend';
import { runSeeds } from '../sim/seeds';
import type { RunOptions, SimResult } from '../sim/stats';
import type { RunRequest, WorkerReply } from './worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let backend: Promise<CpuBackend> | null = null;

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = async (event: MessageEvent<RunRequest>) => {
  const { id, config, details, memoryLimit, seeds } = event.data;
  try {
    // A browser without WebAssembly SIMD (or that refuses the module) still gets the reference engine.
    backend ??= openCpuBackend('cpu').catch((err: Error) => {
      console.warn(`the WebAssembly CPU kernels could not start (${err.message}); the reference engine runs instead`);
      return referenceBackend();
    });
    const products = await backend;
    let last = 0;
    const options: RunOptions = {
      details,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last < 50 && p.fraction < 1) return;
        last = now;
        reply({ type: 'progress', id, fraction: p.fraction, message: p.message });
      },
    };
    const run = (c: typeof config, o?: RunOptions): SimResult => simulateCpu(c, products, o, memoryLimit);
    const result: SimResult = seeds > 1 ? await runSeeds(config, seeds, run, options) : run(config, options);
    const transfer: Transferable[] = [];
    for (const r of result.runs) {
      if (r.details) transfer.push(r.details.deltaUnitScaled.buffer, r.details.deltaExp2.buffer, r.details.fprimeHist.buffer);
    }
    reply({ type: 'result', id, result }, transfer);
  } catch (err) {
    reply({
      type: 'error', id, message: err instanceof Error ? err.message : String(err), configError: err instanceof ConfigError,
    });
  }
};
