/**
 * The matmul tuning cache in Node (src/gpu/autotune.ts): one JSON file, by default
 * node_modules/.cache/deltascope/matmul-tuning.json of this checkout (or, without node_modules
 * beside the code, $XDG_CACHE_HOME or ~/.cache), DELTASCOPE_TUNE_CACHE=FILE elsewhere, `off` for none.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TuneStore } from '../gpu/tune-options';

const FILE = join('deltascope', 'matmul-tuning.json');

export function tuneCachePath(): string | null {
  const env = process.env.DELTASCOPE_TUNE_CACHE?.trim();
  if (env === 'off') return null;
  if (env) return env;
  const modules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
  if (existsSync(modules)) return join(modules, '.cache', FILE);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), FILE);
}

export function fileTuneStore(path = tuneCachePath()): TuneStore | null {
  if (!path) return null;
  return {
    read: () => (existsSync(path) ? readFileSync(path, 'utf8') : null),
    write: (text) => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    },
  };
}
