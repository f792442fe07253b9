// Builds the CPU engine's WebAssembly kernels (wasm/gemm.ts) into wasm/build/ with the
// AssemblyScript compiler from node_modules: no network, no global tools. Run by npm's `prepare`
// (npm install / npm ci) and before typecheck, test, build and start; it does nothing when the
// binaries are newer than every source and the compiler.
//
// Four variants: plain SIMD and relaxed SIMD (f32x4.relaxed_madd may fuse), each importing a
// shared memory (threads) and an unshared one (for a host that refuses shared memory);
// src/cpu/wasm-module.ts picks one at load time with WebAssembly.validate.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outDir = join(here, 'build');
const entry = join(here, 'gemm.ts');
const sources = [
  ...readdirSync(here).filter((f) => /\.(ts|mjs)$/.test(f)).map((f) => join(here, f)),
  join(root, 'src/cpu/job-layout.ts'),
  join(root, 'node_modules/assemblyscript/package.json'),
];

const VARIANTS = [
  { name: 'simd-shared', relaxed: false, shared: true },
  { name: 'simd', relaxed: false, shared: false },
  { name: 'relaxed-shared', relaxed: true, shared: true },
  { name: 'relaxed', relaxed: true, shared: false },
];

const outputs = VARIANTS.map((v) => join(outDir, `gemm-${v.name}.wasm`));
const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs));
const upToDate = outputs.every((f) => {
  try {
    return statSync(f).mtimeMs >= newestSource;
  } catch {
    return false;
  }
});

if (!upToDate) {
  // Loaded only when needed: the compiler brings Binaryen, half a second to load.
  const { default: asc } = await import('assemblyscript/asc');
  mkdirSync(outDir, { recursive: true });
  for (const [i, v] of VARIANTS.entries()) {
    const args = [
      entry,
      '--outFile', outputs[i],
      '-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=',
      '--importMemory', '--noExportMemory', '--initialMemory', '1', '--maximumMemory', '65536',
      '--enable', 'simd', '--enable', 'threads',
      ...(v.shared ? ['--sharedMemory'] : []),
      ...(v.relaxed ? ['--enable', 'relaxed-simd'] : []),
    ];
    const stderr = asc.createMemoryStream();
    const { error } = await asc.main(args, { stdout: asc.createMemoryStream(), stderr });
    if (error) {
      process.stderr.write(stderr.toString());
      console.error(`wasm/build.mjs: building the ${v.name} kernels failed: ${error.message}`);
      process.exit(1);
    }
  }
  console.log(`wasm/build.mjs: built ${VARIANTS.length} kernel variants into wasm/build/`);
}
