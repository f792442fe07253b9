/**
 * What an engine's memory plan is made of, and how a refusal says it: a plan is a list of terms
 * (what is held, as a product of the configuration's sizes, in bytes), and a configuration beyond a
 * limit is refused with the total, the terms that dominate it, and the sizes that would shrink them.
 * The CPU engines' plan is src/sim/cpu-memory.ts; the WebGPU engine's is src/gpu/memory-plan.ts.
 */
import { ConfigError } from './config-error';

export const GiB = 1024 ** 3;

export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** An exact byte count, digits grouped by thousands: "4 294 967 300 bytes". */
export function exactBytes(bytes: number): string {
  return `${String(Math.round(bytes)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} bytes`;
}

/**
 * A need and a limit written so that the reader sees which is larger: rounded, unless rounding
 * would make them look equal (4.00 GiB against 4.00 GiB), then with their exact byte counts too.
 */
export function compareBytes(need: number, limit: number): { need: string; limit: string } {
  const a = formatBytes(need), b = formatBytes(limit);
  if (a !== b) return { need: a, limit: b };
  return { need: `${a} (${exactBytes(need)})`, limit: `${b} (${exactBytes(limit)})` };
}

/** A configuration size a user can reduce, by its flag (the forms say their labels instead). */
export type SizeField = 'depth' | 'width' | 'batch' | 'activations' | 'seeds' | 'train-size' | 'test-size';

/** One part of a plan: `what` is held, `dims` the product that sizes it, `reduce` the sizes that shrink it. */
export interface MemoryTerm {
  what: string;
  dims: string;
  reduce: readonly SizeField[];
  bytes: number;
}

export const totalBytes = (terms: readonly MemoryTerm[]): number => terms.reduce((t, x) => t + x.bytes, 0);

/**
 * The terms that make up a total: the largest, then the next ones while less than 80 % is covered
 * or while they are a tenth of it or more (at most three).
 */
export function dominantTerms(terms: readonly MemoryTerm[]): MemoryTerm[] {
  const sorted = terms.filter((t) => t.bytes > 0).sort((a, b) => b.bytes - a.bytes);
  const total = totalBytes(sorted);
  const out: MemoryTerm[] = [];
  let covered = 0;
  for (const t of sorted) {
    if (out.length === 3 || (out.length > 0 && covered >= 0.8 * total && t.bytes < 0.1 * total)) break;
    out.push(t);
    covered += t.bytes;
  }
  return out;
}

const FIELD_ORDER: readonly SizeField[] = ['seeds', 'activations', 'depth', 'batch', 'width', 'train-size', 'test-size'];

/** "reduce batch or width": the sizes that shrink the largest term. */
export function reduceHint(terms: readonly MemoryTerm[]): string {
  const [top] = dominantTerms(terms);
  if (!top) return '';
  const fields = FIELD_ORDER.filter((f) => top.reduce.includes(f));
  const words = fields.map((f) => (f === 'activations' ? 'the number of activations' : f));
  return words.length <= 1 ? `reduce ${words[0] ?? 'the configuration'}` : `reduce ${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * Refused for memory: which size to reduce (`fields`, the largest term's) travels with the message,
 * so a form can show it beside that field.
 */
export class MemoryError extends ConfigError {
  constructor(message: string, readonly fields: readonly SizeField[]) {
    super(message);
  }
}

/**
 * The one-line refusal of a plan: "needs N <where>, mostly A of <what> (<dims>) and B of …; <limit> (reduce …)".
 * `limitText` ends the sentence (what is allowed and why); need and limit never look equal.
 */
export function memoryRefusal(where: string, terms: readonly MemoryTerm[], limitBytes: number, limitText: (limit: string) => string): MemoryError {
  const total = totalBytes(terms);
  const shown = compareBytes(total, limitBytes);
  const dominant = dominantTerms(terms);
  const parts = dominant.map((t) => `${formatBytes(t.bytes)} of ${t.what} (${t.dims})`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return new MemoryError(`needs ${shown.need} ${where}, mostly ${list}; ${limitText(shown.limit)} (${reduceHint(terms)})`, dominant[0]?.reduce ?? []);
}

/**
 * The terms of a Jacobian probe run (src/sim/spectrum.ts), whose batch is the width's one-hot rows:
 * they say so, and only depth and width shrink them.
 */
export function jacobianTerms(terms: readonly MemoryTerm[]): MemoryTerm[] {
  return terms.map((t) => ({
    ...t, dims: t.dims.replace(/batch (\d+)/g, '$1 Jacobian rows'), reduce: t.reduce.filter((f) => f !== 'batch' && f !== 'activations'),
  }));
}

/** A probe run's refusal as --spectrum's own (`depth` is the deepest Jacobian asked for). */
export function jacobianRefusal(err: MemoryError, depth: number): MemoryError {
  return new MemoryError(`--spectrum computes J at depth ${depth} as a batch of one-hot rows, one per unit: it ${err.message}`, err.fields);
}
