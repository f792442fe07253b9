/**
 * numpy/BLAS as the physical reference: numpy_mlp.py in one python3 process, one pass per stdin
 * line; with `threads`, OpenBLAS is limited to that many (its default is every core).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { MlpConfig, Peer } from './workload';

export async function numpyPeer(name: string, threads?: number): Promise<Peer> {
  const script = fileURLToPath(new URL('./numpy_mlp.py', import.meta.url));
  const env = threads === undefined ? process.env : { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  const child = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const failed = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`python3 could not start (${e.message})`))));
  failed.catch(() => {}); // observed by every next()
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const { value, done } = await Promise.race([lines.next(), failed]);
    if (done) throw new Error(`python3 with numpy is not available (${stderr.trim().split('\n').pop() || 'it exited'})`);
    return JSON.parse(value) as Record<string, unknown>;
  };
  const description = String((await next()).describe);
  let config: MlpConfig | null = null;

  return {
    name,
    describe: () => description,
    async prepare(c) {
      config = c;
    },
    async pass() {
      const { depth, width, batch } = config!;
      child.stdin.write(`${depth} ${width} ${batch}\n`);
      return Number((await next()).ms);
    },
    async gradient() {
      return null;
    },
    release() {
      config = null;
    },
    dispose() {
      child.stdin.end();
    },
  };
}
