/**
 * The page the CLI's Chromium fallback (`--engine webgpu`, `npm run bench`, `npm run train`) and the
 * GPU browser tests load in headless Chromium. It exposes the headless API (src/headless/api.ts) as
 * `window.deltascopeHeadless`: each method takes encoded arguments and answers an encoded Outcome
 * (src/headless/protocol.ts); src/node/chromium.ts is the other end.
 */
import type { Progress } from '../sim/stats';
import { createHeadlessApi } from './api';
import { HEADLESS_METHODS, answer, decode, type HeadlessApi, type Outcome, type Wire } from './protocol';

export type DeltascopeHeadless = Record<keyof HeadlessApi, (...args: Wire[]) => Promise<Outcome>>;

declare global {
  interface Window {
    deltascopeHeadless: DeltascopeHeadless;
    /** Exposed by the Node side (page.exposeFunction) to receive progress. */
    __deltascopeProgress?: (p: Progress) => void;
  }
}

const api = createHeadlessApi(navigator.gpu);
/** Progress cannot cross as a function: options say `onProgress: true`, and it goes back through the function Node exposed. */
const onProgress = (p: Progress): void => window.__deltascopeProgress?.(p);
const withProgress = (arg: unknown): unknown =>
  arg && typeof arg === 'object' && (arg as { onProgress?: unknown }).onProgress === true ? { ...arg, onProgress } : arg;

window.deltascopeHeadless = Object.fromEntries(HEADLESS_METHODS.map((method) => [
  method,
  (...args: Wire[]) => answer(() => (api[method] as (...a: unknown[]) => Promise<unknown>)(...args.map((a) => withProgress(decode(a))))),
])) as DeltascopeHeadless;
document.body.dataset.ready = 'true';
