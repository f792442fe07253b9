/// <reference lib="webworker" />
/**
 * The CPU reference engine in a Web Worker, so a long run never freezes the page. Cancelling a run
 * terminates the worker (runCpu is synchronous; there is no cheaper way to stop it mid-layer).
 */
import { ConfigError } from '../sim/config';
import { runCpu } from '../sim/cpu-engine';
import { runSeeds } from '../sim/seeds';
import type { RunOptions, SimResult } from '../sim/stats';
import type { RunRequest, WorkerReply } from './worker-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function reply(message: WorkerReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = async (event: MessageEvent<RunRequest>) => {
  const { id, config, details, memoryLimit, seeds } = event.data;
  try {
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
    const result: SimResult = seeds > 1
      ? await runSeeds(config, seeds, (c, o) => runCpu(c, o, memoryLimit), options)
      : runCpu(config, options, memoryLimit);
    const transfer: Transferable[] = [];
    for (const run of result.runs) {
      if (run.details) transfer.push(run.details.deltaUnitScaled.buffer, run.details.deltaExp2.buffer, run.details.fprimeHist.buffer);
    }
    reply({ type: 'result', id, result }, transfer);
  } catch (err) {
    reply({
      type: 'error', id, message: err instanceof Error ? err.message : String(err), configError: err instanceof ConfigError,
    });
  }
};
