/**
 * Node module hooks (registered by src/node/raw-imports.ts) that give `import text from './x.wgsl?raw'`
 * the meaning Vite gives it: the file's text as the default export. The WGSL engine imports its
 * shaders that way, and in Node (tsx) nothing else would resolve them.
 */
import { readFile } from 'node:fs/promises';

const RAW = '?raw';

/** @type {import('node:module').ResolveHook} */
export async function resolve(specifier, context, nextResolve) {
  if (!specifier.endsWith(RAW) || !context.parentURL) return nextResolve(specifier, context);
  return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
}

/** @type {import('node:module').LoadHook} */
export async function load(url, context, nextLoad) {
  if (!url.endsWith(RAW)) return nextLoad(url, context);
  const text = await readFile(new URL(url.slice(0, -RAW.length)), 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
}
