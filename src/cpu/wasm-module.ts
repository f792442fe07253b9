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

/**
 * The Math functions the kernels import (wasm/gemm.ts, the generator's fill): each instance imports
 * those of its own thread, the very functions the TypeScript generator calls.
 */
export const MATH_IMPORTS = ['log', 'cos'] as const;

/** The kernels' imports for `memory` (a worker builds the same from MATH_IMPORTS, src/cpu/pool.ts). */
export function kernelImports(memory: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { memory, ...Object.fromEntries(MATH_IMPORTS.map((name) => [name, Math[name]])) } };
}

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

/**
 * Compiled modules by variant, shared by every kernels instance of this thread (and, posted to
 * them, by its workers): V8 then compiles and optimizes each variant once.
 */
const compiled = new Map<string, Promise<LoadedKernels | null>>();

function load(simd: SimdKind, shared: boolean): Promise<LoadedKernels | null> {
  const key = `${simd} ${shared}`;
  let entry = compiled.get(key);
  if (!entry) {
    entry = bytesOf(URLS[simd][shared ? 'shared' : 'unshared']).then(async (bytes) =>
      WebAssembly.validate(bytes) ? { module: await WebAssembly.compile(bytes), simd } : null,
    );
    compiled.set(key, entry);
  }
  return entry;
}

/** The fastest variant this engine validates (relaxed only if allowed), for a shared or an unshared memory. */
export async function loadKernels(shared: boolean, allowRelaxed: boolean): Promise<LoadedKernels> {
  const relaxed = allowRelaxed ? await load('relaxed', shared) : null;
  const kernels = relaxed ?? (await load('plain', shared));
  if (!kernels) throw new Error('this WebAssembly engine does not support SIMD, which the CPU kernels need');
  return kernels;
}
