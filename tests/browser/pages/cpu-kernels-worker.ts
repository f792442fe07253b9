/** Runs cpuKernelsCheck inside a dedicated worker (where the app's CPU engine runs). */
import { cpuKernelsCheck, type CheckSpec } from '../../../src/cpu/kernels-check';

self.onmessage = async (e: MessageEvent<CheckSpec>) => {
  try {
    self.postMessage({ result: await cpuKernelsCheck(e.data) });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
