/**
 * Builds the production app (`vite build`, the static files a visitor gets) into a temporary
 * folder and serves it with `vite preview` on a free localhost port, so the UI tests drive the
 * built app rather than the dev server. `pages` builds those HTML pages (paths from the project
 * root) instead of the app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('../..', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, 'localhost', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function serveBuiltApp(pages?: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'deltascope-dist-'));
  const input = pages?.map((p) => join(root, p));
  await build({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, ...(input ? { rolldownOptions: { input } } : {}) },
  });
  const port = await freePort();
  const server = await preview({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'error',
    build: { outDir },
    preview: { host: 'localhost', port, strictPort: true, open: false },
  });
  return {
    url: `http://localhost:${port}/`,
    close: async () => {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
