/** The page side of tests/browser/cpu-kernels.test.ts: cpuKernelsCheck on the page and in a worker. */
import { cpuKernelsCheck, type CheckResult, type CheckSpec } from '../../../src/cpu/kernels-check';

function inWorker(spec: CheckSpec): Promise<CheckResult> {
  const worker = new Worker(new URL('./cpu-kernels-worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<{ result?: CheckResult; error?: string }>) => {
      worker.terminate();
      if (e.data.result) resolve(e.data.result);
      else reject(new Error(e.data.error));
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(spec);
  });
}

declare global {
  interface Window {
    cpuKernels: { onPage: typeof cpuKernelsCheck; inWorker: typeof inWorker };
  }
}

window.cpuKernels = { onPage: cpuKernelsCheck, inWorker };
