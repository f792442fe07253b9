/**
 * How the matmul variants are chosen (src/gpu/autotune.ts) and where the choice is cached, apart
 * from the tuner so that Node can read them before it loads any WGSL.
 */
/** Where tuned choices persist: the whole cache, read once and written after each tuning. */
export interface TuneStore {
  read(): string | null;
  write(text: string): void;
}

/** auto: tune on hardware adapters; on: tune on any adapter; off: the prior order only. */
export type TuneMode = 'auto' | 'on' | 'off';
export const TUNE_MODES: readonly TuneMode[] = ['auto', 'on', 'off'];

export interface TuneOptions {
  mode?: TuneMode;
  store?: TuneStore | null;
  /** Wall time one tuning (one product's candidates) may take; default 400 ms. */
  budgetMs?: number;
}

const STORAGE_KEY = 'deltascope.matmulTuning';

/** The browser's cache: localStorage where the page has it, else none (every device tunes again). */
export function defaultTuneStore(): TuneStore | null {
  const ls = (globalThis as { localStorage?: Storage }).localStorage;
  if (!ls) return null;
  return { read: () => ls.getItem(STORAGE_KEY), write: (text) => ls.setItem(STORAGE_KEY, text) };
}
