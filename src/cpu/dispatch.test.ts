import { describe, expect, it } from 'vitest';
import { Dispatcher, tiling } from './dispatch';
import { JOB_BYTES, JOB_DONE, JOB_FAILED, MC_MAX, NC_MAX, SCRATCH_BYTES } from './job-layout';
import { startWorkers } from './pool';
import { kernelImports, loadKernels, MATH_IMPORTS, type GemmExports } from './wasm-module';

describe('dispatch', () => {
  it('tiles as large as the caches allow, smaller until every thread has a few', () => {
    expect(tiling(1000, 1000, 1)).toEqual({ tileM: MC_MAX, tileN: NC_MAX });
    expect(tiling(5, 9, 1)).toEqual({ tileM: 8, tileN: 16 });
    const { tileM, tileN } = tiling(256, 256, 2);
    expect(Math.ceil(256 / tileM) * Math.ceil(256 / tileN)).toBeGreaterThanOrEqual(8);
  });

  it('a product that traps on any thread throws, and the kernels refuse the next one instead of hanging', async () => {
    const memory = new WebAssembly.Memory({ initial: 32, maximum: 64, shared: true });
    const { module } = await loadKernels(true, false);
    const gemm = (await WebAssembly.instantiate(module, kernelImports(memory))).exports as unknown as GemmExports;
    const job = 1024;
    const scratchOf = (t: number) => job + JOB_BYTES + t * SCRATCH_BYTES;
    const workers = await startWorkers(2, (i) => ({ module, memory, job, scratch: scratchOf(i + 1), failedWord: JOB_FAILED / 4, doneWord: JOB_DONE / 4, mathImports: MATH_IMPORTS }));
    const dispatcher = new Dispatcher(memory, gemm, job, scratchOf(0), 3);
    const M = 256, N = 256, K = 256;
    // A lies past the end of the 4 MiB memory: every tile's first load of A traps.
    const outside = { M, N, K, a: 64 * 65536, aM: K, aK: 1, b: scratchOf(3), bK: 1, bN: K, c: scratchOf(3), ldc: N, bias: 0, scale: 1 };
    expect(() => dispatcher.run(outside)).toThrow();
    expect(() => dispatcher.run({ ...outside, M: 1, N: 1, K: 1 })).toThrow(/these CPU kernels stopped/);
    for (const w of workers) w.terminate();
  });
});
