/**
 * Picks the matmul variant (src/gpu/matmul-variants.ts) of each product a run dispatches: per
 * adapter, kind of product, weight mode and shape class, the candidates that fit the device are
 * compiled together and timed on the run's own shape (a few dispatches each, interleaved, the best
 * of two rounds), within a time budget; the fastest is kept in a cache per adapter (localStorage in
 * the browser, a file in Node: src/node/tune-store.ts), so each is timed once per machine.
 *
 * On a software adapter (SwiftShader, llvmpipe, WARP) compiling one pipeline alone takes about a
 * second, so by default it is not tuned: it takes the first variant of the prior order (the one
 * measured fastest there), unless tuning is asked for (`mode: 'on'`, `npm run bench -- --autotune`),
 * whose result is cached like any other.
 */
import type { AdapterInfo } from '../sim/stats';
import type { GpuContext } from './device';
import type { TuneMode, TuneOptions, TuneStore } from './tune-options';
import { tileGrid } from './includes';
import { kernelSource, loadKernel, type Kernel, type KernelSpec } from './kernel';
import {
  MATMUL_VARIANTS, asVariant, priorOrder, runShapes, shapeClass, simulationKernel, variantFits,
  type MatmulChoice, type MatmulKind, type MatmulShape, type VariantName,
} from './matmul-variants';
import { DispatchRecorder } from './recorder';
import { LAYER_RECORD, MAX_STAT_GROUPS } from './stat-partials';
import { weightGradGroups } from './weight-grad';

/** How one product's variant was chosen. */
export interface TuneDecision {
  kind: MatmulKind;
  shapeClass: string;
  variant: VariantName;
  /** forced: a test hook (WebGpuEngine.configure) chose it. */
  source: 'tuned' | 'cache' | 'prior' | 'forced';
  /** Ms per dispatch of each candidate timed, the better of two rounds (tuned, and cached from a tuning). */
  ms?: Partial<Record<VariantName, number>>;
}

interface CacheFile {
  /** Changes with the tile code and the variant table: an older cache is ignored. */
  version: string;
  adapters: Record<string, Record<string, TuneDecision>>;
}

/** FNV-1a of the text, as 8 hex digits. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

const CACHE_VERSION = hash(kernelSource(simulationKernel('forward', true)) + kernelSource(simulationKernel('weightGrad', true)) + JSON.stringify(MATMUL_VARIANTS));

export function adapterKey(a: AdapterInfo): string {
  return [a.vendor, a.architecture, a.device, a.description].join(' / ');
}

/** The bindings, uniform values and grid that time one product on a shape (zero data: only the speed is read). */
function probe(kind: MatmulKind, s: MatmulShape, overrides: Readonly<Record<string, number>>): {
  values: Record<string, number>; bytes: Record<string, number>; grid: [number, number?];
} {
  const f = 4;
  switch (kind) {
    case 'forward':
      return {
        values: { nIn: s.k, nOut: s.cols, batch: s.rows },
        bytes: { weights: s.cols * s.k * f, hIn: s.rows * s.k * f, sOut: s.rows * s.cols * f, hOut: s.rows * s.cols * f, scales: 64 },
        grid: tileGrid(overrides, s.rows, s.cols),
      };
    case 'backward':
      return {
        values: { nIn: s.cols, nOut: s.k, batch: s.rows },
        bytes: { weights: s.k * s.cols * f, dIn: s.rows * s.k * f, sIn: s.rows * s.cols * f, dOut: s.rows * s.cols * f, scales: 64 },
        grid: tileGrid(overrides, s.rows, s.cols),
      };
    case 'weightGrad': {
      const groups = weightGradGroups(overrides, s.rows, s.cols);
      return {
        values: { nIn: s.cols, nOut: s.rows, batch: s.k, numGroups: groups },
        bytes: { dIn: s.k * s.rows * f, below: s.k * s.cols * f, partials: MAX_STAT_GROUPS * LAYER_RECORD.words * f },
        grid: [groups],
      };
    }
  }
}

export class MatmulTuner {
  private cache: CacheFile = { version: CACHE_VERSION, adapters: {} };
  private readonly pending = new Map<string, Promise<TuneDecision>>();
  private readonly mode: TuneMode;
  private readonly budgetMs: number;
  private readonly store: TuneStore | null;

  constructor(readonly ctx: GpuContext, opts: TuneOptions = {}) {
    this.mode = opts.mode ?? 'auto';
    this.budgetMs = opts.budgetMs ?? 400;
    this.store = opts.store ?? null;
    try {
      const text = this.store?.read();
      const parsed = text ? (JSON.parse(text) as CacheFile) : null;
      if (parsed?.version === CACHE_VERSION && parsed.adapters) this.cache = parsed;
    } catch {
      // An unreadable cache is a cache miss.
    }
  }

  private get tunes(): boolean {
    return this.mode === 'on' || (this.mode === 'auto' && !this.ctx.adapter.isSoftware);
  }

  /**
   * The variants of a run's products, and how each was chosen (weight_grad's only when the run
   * computes weight gradients; else its prior, never compiled).
   */
  async choose(width: number, batch: number, needs: { storeWeights: boolean; weightGrads: boolean }): Promise<{ choice: MatmulChoice; decisions: TuneDecision[] }> {
    const shapes = runShapes(width, batch);
    // One tuning at a time: timings of two products measured together would disturb each other.
    const decisions = [await this.decide('forward', needs.storeWeights, shapes.forward), await this.decide('backward', needs.storeWeights, shapes.backward)];
    if (needs.weightGrads) decisions.push(await this.decide('weightGrad', true, shapes.weightGrad));
    const [forward, backward, weightGrad] = decisions.map((d) => d.variant);
    return { choice: { forward, backward, weightGrad: weightGrad ?? this.prior(shapes.weightGrad) }, decisions };
  }

  private fitting(shape: MatmulShape): VariantName[] {
    return priorOrder(this.ctx.adapter, shape).filter((name) => variantFits(MATMUL_VARIANTS[name], this.ctx.limits));
  }

  private prior(shape: MatmulShape): VariantName {
    const [first] = this.fitting(shape);
    if (!first) throw new Error('internal: no matmul variant fits this device\'s workgroup limits');
    return first;
  }

  private decide(kind: MatmulKind, storeWeights: boolean, shape: MatmulShape): Promise<TuneDecision> {
    const key = `${kind}${storeWeights ? '' : ' regenerated'} ${shapeClass(shape)}`;
    const adapter = adapterKey(this.ctx.adapter);
    let decision = this.pending.get(key);
    if (!decision) {
      const cached = this.cache.adapters[adapter]?.[key];
      decision = cached && cached.variant in MATMUL_VARIANTS
        ? Promise.resolve({ ...cached, source: 'cache' as const })
        : this.tunes
          ? this.tune(kind, simulationKernel(kind, storeWeights), shape).then((d) => this.remember(adapter, key, d))
          : Promise.resolve({ kind, shapeClass: shapeClass(shape), variant: this.prior(shape), source: 'prior' as const });
      this.pending.set(key, decision);
      decision.catch(() => this.pending.delete(key));
    }
    return decision;
  }

  private remember(adapter: string, key: string, d: TuneDecision): TuneDecision {
    (this.cache.adapters[adapter] ??= {})[key] = d;
    try {
      this.store?.write(JSON.stringify(this.cache, null, 1));
    } catch {
      // A cache that cannot be written only means tuning again next time.
    }
    return d;
  }

  /** Compiles every fitting candidate at once, then times them in turn on the shape. */
  private async tune(kind: MatmulKind, spec: KernelSpec, shape: MatmulShape): Promise<TuneDecision> {
    const device = this.ctx.device;
    const start = performance.now();
    const names = this.fitting(shape);
    const kernels = await Promise.all(names.map((name) => loadKernel(device, asVariant(spec, name))));
    const buffers = new Map<string, GPUBuffer>();
    const recorder = new DispatchRecorder(device, `autotune ${kind}`);
    const samples = new Map<VariantName, number[]>(names.map((n) => [n, []]));
    try {
      const time = async (kernel: Kernel, reps: number): Promise<number> => {
        const p = probe(kind, shape, kernel.spec.overrides);
        const bound: Record<string, GPUBuffer> = {};
        for (const name of Object.keys(kernel.spec.bindings)) {
          const bytes = Math.max(16, Math.ceil((p.bytes[name] ?? 16) / 16) * 16);
          const id = `${name} ${bytes}`;
          let b = buffers.get(id);
          if (!b) buffers.set(id, (b = device.createBuffer({ label: `autotune ${name}`, size: bytes, usage: GPUBufferUsage.STORAGE })));
          bound[name] = b;
        }
        const pass = recorder.pass(`autotune ${kernel.spec.label}`);
        for (let r = 0; r < reps; r++) pass.dispatch(kernel, p.values, bound, p.grid);
        const commands = recorder.finish(`autotune ${kernel.spec.label}`);
        const t0 = performance.now();
        device.queue.submit([commands]);
        await device.queue.onSubmittedWorkDone();
        return (performance.now() - t0) / reps;
      };
      // A first dispatch of each (drivers finish compiling there), which also sizes the repeats.
      const first: number[] = [];
      for (const k of kernels) first.push(await time(k, 1));
      const reps = Math.max(1, Math.min(32, Math.round(2 / Math.max(1e-3, Math.min(...first)))));
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < kernels.length; i++) {
          if (round > 0 && performance.now() - start > this.budgetMs) break;
          samples.get(names[i])!.push(await time(kernels[i], reps));
        }
      }
    } finally {
      recorder.dispose();
      for (const b of buffers.values()) b.destroy();
    }
    const ms: Partial<Record<VariantName, number>> = {};
    for (const [name, s] of samples) if (s.length) ms[name] = Math.min(...s);
    const best = (Object.keys(ms) as VariantName[]).reduce((a, b) => (ms[b]! < ms[a]! ? b : a));
    return { kind, shapeClass: shapeClass(shape), variant: best, source: 'tuned', ms };
  }
}

const tuners = new WeakMap<GPUDevice, MatmulTuner>();

/** The device's tuner (created with the first options given for it). */
export function tunerFor(ctx: GpuContext, opts: TuneOptions = {}): MatmulTuner {
  let t = tuners.get(ctx.device);
  if (!t) tuners.set(ctx.device, (t = new MatmulTuner(ctx, opts)));
  return t;
}
