/**
 * Loads the kernels that wasm/build.mjs compiled (wasm/build/gemm-*.wasm, built by npm's prepare,
 * test, build and start scripts) and picks the variant this engine runs: relaxed SIMD when
 * WebAssembly.validate accepts it (f32x4.relaxed_madd fuses into one FMA where the CPU has one;
 * Chromium does, Node 20 only with --experimental-wasm-relaxed-simd), else plain SIMD; with a shared
 * memory import for threads or an unshared one for a host that refuses shared memory.
 *
 * Node reads the files from disk; in a browser Vite turns each `new URL(…, import.meta.url)` into a
 * served asset and the bytes are fetched.
 */

export type SimdKind = 'relaxed' | 'plain';

const URLS = {
  relaxed: { shared: new URL('../../wasm/build/gemm-relaxed-shared.wasm', import.meta.url), unshared: new URL('../../wasm/build/gemm-relaxed.wasm', import.meta.url) },
  plain: { shared: new URL('../../wasm/build/gemm-simd-shared.wasm', import.meta.url), unshared: new URL('../../wasm/build/gemm-simd.wasm', import.meta.url) },
} as const;

/** The kernels' exports (wasm/gemm.ts). */
export interface GemmExports {
  heapBase(): number;
  work(job: number, gen: number, scratch: number): void;
  serve(job: number, scratch: number): void;
}

export interface LoadedKernels {
  module: WebAssembly.Module;
  simd: SimdKind;
}

async function bytesOf(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  try {
    if (url.protocol === 'file:') {
      // A variable specifier keeps bundlers from pulling node:fs into the browser build.
      const fsName = 'node:fs/promises';
      const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs/promises');
      return new Uint8Array(await fs.readFile(url));
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (err) {
    throw new Error(
      `the CPU kernels ${url.pathname.split('/').pop()} could not be loaded (${(err as Error).message}); ` +
        'they are built by `npm install` (its prepare script runs wasm/build.mjs)',
    );
  }
}

/** Compiles the fastest variant this engine validates (relaxed only if allowed), for a shared or an unshared memory. */
export async function loadKernels(shared: boolean, allowRelaxed: boolean): Promise<LoadedKernels> {
  if (allowRelaxed) {
    const relaxed = await bytesOf(URLS.relaxed[shared ? 'shared' : 'unshared']);
    if (WebAssembly.validate(relaxed)) return { module: await WebAssembly.compile(relaxed), simd: 'relaxed' };
  }
  const plain = await bytesOf(URLS.plain[shared ? 'shared' : 'unshared']);
  return { module: await WebAssembly.compile(plain), simd: 'plain' };
}
