/**
 * Serves the project on http://localhost (WebGPU needs a secure context, and localhost is one)
 * with Vite's dev server on a free port, for the browser tests and the CLI's WebGPU engine in Chromium.
 */
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';

export interface Served {
  url: string;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('../..', import.meta.url));

export async function serveProject(): Promise<Served> {
  const server: ViteDevServer = await createServer({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'error',
    clearScreen: false,
    server: { host: 'localhost', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('the dev server did not report a port');
  return { url: `http://localhost:${address.port}/`, close: () => server.close() };
}
