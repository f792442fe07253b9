/**
 * Lets Node import the engine's WGSL the way Vite does (`import code from './x.wgsl?raw'`), so the
 * same src/gpu modules run in-process. Call before the first dynamic import of src/gpu.
 */
import { register } from 'node:module';

let registered = false;

export function registerRawImports(): void {
  if (registered) return;
  register('./raw-import-hooks.mjs', import.meta.url);
  registered = true;
}
