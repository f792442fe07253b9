/**
 * The one headless protocol: the API the WebGPU engine offers a script (implemented once, in
 * src/headless/api.ts) and how it crosses between Node and the headless page (Puppeteer's
 * page.evaluate, which carries JSON only). Every call answers an Outcome; values are encoded
 * generically, so NaN, ±Infinity and typed arrays survive in any field of any result, whatever
 * shape the results take. Types only from the engine: Node imports this without the WGSL.
 */
import type { GpuBenchOptions, GpuBenchResult } from '../gpu/bench';
import type { VariantName } from '../gpu/matmul-variants';
import type { WeightMode } from '../gpu/memory-plan';
import type { SimConfig } from '../sim/config';
import type { AdapterInfo, Progress, SimResult } from '../sim/stats';
import type { TrainConfig } from '../sim/train/train-config';
import type { TrainResult } from '../sim/train/trainer';

export interface HeadlessRunOptions {
  details?: boolean;
  /** Force the weight mode (tests): 'store' or 'regenerate'. */
  weights?: WeightMode;
  memoryBudgetBytes?: number;
  /** Cap per-binding sizes (tests force chunked buffers). */
  maxBindingBytes?: number;
  /** Run every matmul in this variant (tests run each against the CPU engine). */
  variant?: VariantName;
  onProgress?: (p: Progress) => void;
}

export interface HeadlessTrainOptions {
  /** Also return the final parameters. */
  params?: boolean;
  /** Also return predictGrid(resolution). */
  grid?: number;
  onProgress?: (p: Progress) => void;
}

export interface HeadlessTrainResult {
  result: TrainResult;
  params?: { weights: Float32Array[]; biases: Float32Array[]; slopes: Float32Array };
  grid?: Float32Array;
}

export interface GenerateRequest {
  dist: number;
  key: number;
  scale: number;
  count: number;
  offset: number;
}

export interface HeadlessApi {
  adapter(): Promise<AdapterInfo>;
  run(config: SimConfig, opts?: HeadlessRunOptions): Promise<SimResult>;
  /** Throws the ConfigError `run` would throw for a configuration beyond the device; allocates nothing. */
  check(config: SimConfig, opts?: HeadlessRunOptions): Promise<void>;
  bench(config: SimConfig, opts: GpuBenchOptions): Promise<GpuBenchResult>;
  /** Raw generate.wgsl output words (the generator parity test). */
  generate(req: GenerateRequest): Promise<Uint32Array>;
  train(config: TrainConfig, opts?: HeadlessTrainOptions): Promise<HeadlessTrainResult>;
}

/** Every method, for the code that forwards them across the page boundary. */
export const HEADLESS_METHODS = ['adapter', 'run', 'check', 'bench', 'generate', 'train'] as const satisfies readonly (keyof HeadlessApi)[];


/** A JSON value: what page.evaluate can carry. */
export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

export type Outcome = { ok: true; value: Wire } | { ok: false; error: { name: string; message: string } };

const TYPED = {
  Float32Array, Float64Array, Int8Array, Int16Array, Int32Array, Uint8Array, Uint16Array, Uint32Array, Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

/** Tags of the two encoded forms; no result field is named like them. */
const NON_FINITE = '$nonFinite';
const TYPED_ARRAY = '$typedArray';

function typedName(v: object): TypedName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null;
  const name = v.constructor.name;
  return name in TYPED ? (name as TypedName) : null;
}

/** Node's Buffer where there is one (its base64 is native; Node's btoa/atob are slow legacy code). */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** The bytes as base64 (exact, compact, and NaN inside a Float32Array stays NaN). */
function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  // Chunks of a multiple of 3 bytes encode to base64 that concatenates.
  const CHUNK = 3 * 0x2000;
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK))));
  return parts.join('');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  if (NodeBuffer) {
    const b = NodeBuffer.from(text, 'base64');
    return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encode(value: unknown): Wire {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : { [NON_FINITE]: String(value) };
    case 'boolean':
    case 'string':
      return value;
    case 'object': {
      if (Array.isArray(value)) return value.map(encode);
      const typed = typedName(value);
      if (typed) {
        const v = value as Typed;
        return { [TYPED_ARRAY]: typed, base64: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
      }
      const out: { [key: string]: Wire } = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = encode(v);
      return out;
    }
    default:
      throw new TypeError(`cannot send a ${typeof value} across the headless boundary`);
  }
}

export function decode(wire: Wire): unknown {
  if (wire === null || typeof wire !== 'object') return wire;
  if (Array.isArray(wire)) return wire.map(decode);
  const nonFinite = wire[NON_FINITE];
  if (typeof nonFinite === 'string') return Number(nonFinite);
  const typed = wire[TYPED_ARRAY];
  if (typeof typed === 'string' && typed in TYPED && typeof wire.base64 === 'string') {
    const { buffer } = fromBase64(wire.base64);
    const Ctor = TYPED[typed as TypedName];
    return new Ctor(buffer, 0, buffer.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wire)) out[k] = decode(v);
  return out;
}

/** Runs `body` and answers its value, or the error's class name and message (never a throw). */
export async function answer(body: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: encode(await body()) };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return { ok: false, error: { name: err.name, message: err.message } };
  }
}

/** An error thrown on the other side, rebuilt with its class name (the CLI's exit code keys on it). */
export class RemoteError extends Error {
  constructor(error: { name: string; message: string }) {
    super(error.message);
    this.name = error.name;
  }
}

/** The outcome's value, or its error thrown. */
export function unwrap(outcome: Outcome): unknown {
  if (!outcome.ok) throw new RemoteError(outcome.error);
  return decode(outcome.value);
}
