/// <reference lib="webworker" />
/**
 * The CPU trainer in a Web Worker, so training never freezes the page. The worker keeps one
 * CpuTrainer (weights, optimizer state) between messages, on the `cpu` backend (the WebAssembly
 * kernels, with their own workers when the page is cross-origin isolated); the page stops it by
 * terminating it.
 */
import { openCpuBackend } from '../../cpu/backend';
import { ConfigError } from '../../sim/config';
import { CpuTrainer } from '../../sim/train/cpu-trainer';
import type { TrainReply, TrainRequest } from './train-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let trainer: CpuTrainer | null = null;

function reply(message: TrainReply, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

scope.onmessage = async (event: MessageEvent<TrainRequest>) => {
  const msg = event.data;
  try {
    if (msg.type === 'init') {
      trainer?.dispose();
      trainer = new CpuTrainer(msg.memoryLimit, await openCpuBackend('cpu'));
      const checkpoint = trainer.initSync(msg.config);
      reply({ type: 'init', id: msg.id, checkpoint, engine: trainer.engineInfo() });
      return;
    }
    if (!trainer) throw new Error('the CPU trainer was not initialised');
    if (msg.type === 'step') {
      const checkpoints = trainer.stepSync(msg.n);
      reply({ type: 'step', id: msg.id, checkpoints, stepsDone: trainer.stepsDone });
    } else {
      const grid = trainer.predictGridSync(msg.resolution);
      reply({ type: 'grid', id: msg.id, grid }, [grid.values.buffer]);
    }
  } catch (err) {
    reply({ type: 'error', id: msg.id, message: err instanceof Error ? err.message : String(err), configError: err instanceof ConfigError });
  }
};
