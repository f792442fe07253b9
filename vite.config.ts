import { defineConfig } from 'vitest/config';

// Cross-origin isolation: without it a page gets no SharedArrayBuffer and the CPU kernels
// (src/cpu) run on one thread. A static host must send the same two headers.
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// One config for the app (vite) and both test projects (vitest):
//  - unit: pure TypeScript tests beside the code, in Node.
//  - browser: tests/browser, which drive headless Chromium through Puppeteer (WebGPU via SwiftShader
//    where there is no GPU). They share one browser and one server, so they run in a single fork.
export default defineConfig({
  base: './',
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  build: {
    target: 'es2022',
    outDir: 'dist',
    chunkSizeWarningLimit: 1024,
  },
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 240_000,
          fileParallelism: false,
          globalSetup: ['tests/browser/global-setup.ts'],
        },
      },
    ],
  },
});
