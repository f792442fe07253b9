/// <reference lib="webworker" />
/**
 * The CPU reference engine in a Web Worker, so a long run never freezes the page. Cancelling a run
 * terminates the worker (runCpu is synchronous; there is no cheaper way to stop it mid-layer).
 */
import { ConfigError } from '../sim/config';
import { runCpu } from '../sim/cpu-engine';
import type { RunRequest, WorkerReply } from './worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = (event: MessageEvent<RunRequest>) => {
  const { id, config, details, memoryLimit } = event.data;
  try {
    let last = 0;
    const result = runCpu(config, {
      details,
      onProgress: (p) => {
        const now = performance.now();
        if (now - last < 50 && p.fraction < 1) return;
        last = now;
        reply({ type: 'progress', id, fraction: p.fraction, message: p.message });
      },
    }, memoryLimit);
    const transfer: Transferable[] = [];
    for (const run of result.runs) {
      if (run.details) transfer.push(run.details.deltaUnitRms.buffer, run.details.fprimeHist.buffer);
    }
    reply({ type: 'result', id, result }, transfer);
  } catch (err) {
    reply({
      type: 'error', id, message: err instanceof Error ? err.message : String(err), configError: err instanceof ConfigError,
    });
  }
};
