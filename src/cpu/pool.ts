/**
 * The worker threads of the CPU kernels: Node `worker_threads` or browser Web Workers, each running
 * its own instance of the kernels on the one shared memory. A worker's script is a few lines kept
 * here as source text (an eval'd worker in Node, a Blob URL in a browser), so it needs no bundler
 * entry and no file path: it instantiates the module it is sent, says it is ready, and enters
 * `serve` (wasm/gemm.ts), which sleeps on the job's wake word and works on every job it is woken for.
 * After start-up no message is ever posted: jobs are handed over through shared memory and
 * Atomics.wait/notify.
 */

export interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte address of the job descriptor. */
  job: number;
  /** Byte address of this worker's scratch. */
  scratch: number;
  /** i32 indices in the descriptor: the flag a worker sets if its kernels trap, and the done count it then wakes. */
  failedWord: number;
  doneWord: number;
  /** Names of the Math functions the module imports (wasm-module.ts MATH_IMPORTS). */
  mathImports: readonly string[];
}

const WORKER_SOURCE = `
function start(d, reply) {
  let exports;
  try {
    const env = { memory: d.memory };
    for (const name of d.mathImports) env[name] = Math[name];
    exports = new WebAssembly.Instance(d.module, { env }).exports;
  } catch (err) {
    reply({ error: String(err && err.message || err) });
    return;
  }
  reply({ ready: true });
  try {
    exports.serve(d.job, d.scratch);
  } catch {
    // Not rethrown: an uncaught error would reach the host as an 'error' event nobody handles.
    const words = new Int32Array(d.memory.buffer, d.job, d.failedWord + 1);
    Atomics.store(words, d.failedWord, 1);
    Atomics.notify(words, d.doneWord);
  }
}
if (typeof self === 'undefined') {
  const { parentPort } = require('node:worker_threads');
  parentPort.once('message', (d) => start(d, (m) => parentPort.postMessage(m)));
} else {
  self.onmessage = (e) => { start(e.data, (m) => self.postMessage(m)); self.close(); };
}
`;

/** What a started worker needs from its host: a way to end it. */
interface Started {
  terminate(): void;
}

type Reply = { ready: true } | { error: string };

async function startNodeWorker(start: WorkerStart): Promise<Started> {
  const name = 'node:worker_threads';
  const { Worker } = (await import(/* @vite-ignore */ name)) as typeof import('node:worker_threads');
  const worker = new Worker(WORKER_SOURCE, { eval: true, name: 'deltascope-cpu-kernels' });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: Reply) => ('error' in m ? reject(new Error(m.error)) : resolve()));
    worker.postMessage(start);
  });
  // A worker sleeping in Atomics.wait must not keep the process alive.
  worker.unref();
  return { terminate: () => void worker.terminate() };
}

async function startBrowserWorker(start: WorkerStart, scriptUrl: string): Promise<Started> {
  const worker = new Worker(scriptUrl, { name: 'deltascope-cpu-kernels' });
  await new Promise<void>((resolve, reject) => {
    worker.onerror = (e) => reject(new Error(e.message || 'the worker failed to start'));
    worker.onmessage = (e: MessageEvent<Reply>) => ('error' in e.data ? reject(new Error(e.data.error)) : resolve());
    worker.postMessage(start);
  });
  return { terminate: () => worker.terminate() };
}

export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * Starts `count` workers; resolves when every one has instantiated the module. If any fails, the
 * others are ended and the first error is thrown.
 */
export async function startWorkers(count: number, startOf: (i: number) => WorkerStart): Promise<Started[]> {
  const url = isNode ? '' : URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const settled = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => (isNode ? startNodeWorker(startOf(i)) : startBrowserWorker(startOf(i), url))),
  );
  if (!isNode) URL.revokeObjectURL(url);
  const failed = settled.find((r) => r.status === 'rejected');
  const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    for (const w of started) w.terminate();
    throw failed.reason;
  }
  return started;
}
