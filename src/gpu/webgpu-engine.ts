/**
 * The WebGPU engine: the same SimResult as runReference, computed by the WGSL kernels in shaders/.
 * Statistics are reduced on the GPU into one small buffer and read back once per simulation,
 * with the exponents the kernels carried (src/sim/exponent.ts); both are finalized as on the CPU.
 */
import { AbortedError } from '../sim/cpu-engine';
import { ConfigError, type SimConfig } from '../sim/config';
import { finalizeOptions, finalizeRun, type RunExponents } from '../sim/layer-context';
import { formatBytes } from '../sim/memory';
import { runtimeName } from '../sim/runtime';
import {
  FPRIME_BINS, type AdapterInfo, type RunDetails, type RunOptions, type RunResult, type SimEngine, type SimResult,
} from '../sim/stats';
import { GpuError, WebGpuUnavailableError, acquireGpu, explainLoss, inErrorScopes, serialOnDevice, type GpuContext } from './device';
import { tunerFor, type MatmulTuner, type TuneDecision } from './autotune';
import { defaultTuneStore, type TuneOptions } from './tune-options';
import { MATMUL_KINDS, type MatmulChoice, type VariantName } from './matmul-variants';
import { planMemory, type MemoryPlan, type PlanOptions, type WeightMode } from './memory-plan';
import { NetworkRun, kernelNeeds, loadKernels, scaleWord } from './network-run';
import { LAYER_RECORD } from './stat-partials';
import { recordReader } from './stat-record';
import { jacobianConfig, runSpectrum, spectrumRequest, type JacobianProbe, type ScaledJacobian } from '../sim/spectrum';

export { GpuError, WebGpuUnavailableError };

interface ReadBack {
  results: ArrayBuffer;
  scales: Int32Array;
  unitRms?: Float32Array;
  hist?: Uint32Array;
  /** A Jacobian probe run's J̃ and its exponent. */
  jacobian?: ScaledJacobian;
}

/** F_l and E_l of run `ai` from the scales words the kernels wrote. */
function exponentsOf(scales: Int32Array, depth: number, ai: number): RunExponents {
  const of = (w: 'forwardExp' | 'deltaExp'): Int32Array => Int32Array.from({ length: depth }, (_, i) => scales[scaleWord(depth, ai, i + 1, w)]);
  return { forward: of('forwardExp'), delta: of('deltaExp') };
}

export interface WebGpuEngineOptions {
  onDeviceLost?: (message: string) => void;
  /** A device shared with others on the page (the training view): the engine then never destroys it. */
  ctx?: GpuContext;
  /** 'auto' (default) stores weights when they fit the budget, else regenerates them in the kernels. */
  weights?: WeightMode;
  /** GPU memory one run may use (WebGPU does not report the device's total); default 4 GiB. */
  memoryBudgetBytes?: number;
  /** Test hook: cap buffer bindings below the device limit to force chunked weight/pre-activation buffers. */
  maxBindingBytes?: number;
  /** How the matmul variants are chosen (src/gpu/autotune.ts): the device's tuner is made with the first options given. */
  tune?: TuneOptions;
  /** Test hook: every matmul of later runs in this variant instead of the tuner's choice. */
  variant?: VariantName;
}

export async function createWebGpuEngine(opts: WebGpuEngineOptions = {}): Promise<WebGpuEngine> {
  const shared = opts.ctx;
  if (shared && opts.onDeviceLost) shared.onLost(opts.onDeviceLost);
  const ctx = shared ?? (await acquireGpu(opts));
  return new WebGpuEngine(ctx, opts);
}

export class WebGpuEngine implements SimEngine {
  readonly kind = 'webgpu' as const;
  readonly adapter: AdapterInfo;
  readonly device: GPUDevice;
  /** Picks the matmul variants of each run (one per device, shared with the benchmark). */
  readonly tuner: MatmulTuner;
  /** How the last run's matmul variants were chosen. */
  lastTiles: TuneDecision[] = [];
  private options: WebGpuEngineOptions;
  private disposed = false;

  constructor(readonly ctx: GpuContext, opts: WebGpuEngineOptions = {}) {
    this.adapter = ctx.adapter;
    this.device = ctx.device;
    this.options = { ...opts };
    this.tuner = tunerFor(ctx, { store: defaultTuneStore(), ...opts.tune });
  }

  /** Changes the weight mode / memory budget for later runs (tests force 'regenerate' this way). */
  configure(opts: Pick<WebGpuEngineOptions, 'weights' | 'memoryBudgetBytes' | 'maxBindingBytes' | 'variant'>): void {
    this.options = { ...this.options, ...opts };
  }

  /** The memory layout `run` would use; throws ConfigError when the config does not fit. `jacobian`: a probe run's. */
  plan(config: SimConfig, details = false, jacobian = false): MemoryPlan {
    const opts: PlanOptions = {
      weights: this.options.weights, memoryBudgetBytes: this.options.memoryBudgetBytes, maxBindingBytes: this.options.maxBindingBytes, details, jacobian,
    };
    return planMemory(config, this.ctx.limits, opts);
  }

  /** The matmul variants of a run: the tuner's, or the one `configure` forced; `lastTiles` says how they were chosen. */
  async tiles(config: SimConfig, needs: { storeWeights: boolean; weightGrads: boolean }): Promise<MatmulChoice> {
    const v = this.options.variant;
    if (v) {
      this.lastTiles = MATMUL_KINDS.map((kind) => ({ kind, shapeClass: '', variant: v, source: 'forced' }));
      return { forward: v, backward: v, weightGrad: v };
    }
    const { choice, decisions } = await this.tuner.choose(config.width, config.batch, needs);
    this.lastTiles = decisions;
    return choice;
  }

  /** Throws the ConfigError `run` with these options would throw before allocating anything (the deepest Jacobian's probe run included). */
  check(config: SimConfig, options: Pick<RunOptions, 'details'> = {}): void {
    this.plan(config, options.details ?? false);
    const request = spectrumRequest(config);
    if (request) this.plan(jacobianConfig(config, config.activations[0], Math.max(...request.depths)), false, true);
  }

  run(config: SimConfig, options: RunOptions = {}): Promise<SimResult> {
    return serialOnDevice(this.device, () => this.runNow(config, options));
  }

  private assertUsable(): void {
    if (this.disposed) throw new GpuError('the WebGPU engine was disposed');
    if (this.ctx.lostMessage) throw new GpuError(this.ctx.lostMessage);
  }

  private async runNow(config: SimConfig, options: RunOptions): Promise<SimResult> {
    this.assertUsable();
    const start = performance.now();
    this.check(config, options);
    const result = this.toResult(config, await this.runOnce(config, options), 0);
    const request = spectrumRequest(config);
    if (request) {
      // Each J_d is one probe run of the network cut at depth d (src/sim/spectrum.ts).
      for (const [ai, run] of result.runs.entries()) {
        const jacobians: ScaledJacobian[][] = [];
        for (const d of request.depths) {
          const perInput: ScaledJacobian[] = [];
          for (let input = 0; input < request.inputs; input++) {
            options.onProgress?.({ fraction: 1, message: `Jacobian spectrum ${run.activation} at depth ${d}` });
            const words = await this.runOnce(jacobianConfig(config, config.activations[ai], d), { signal: options.signal }, { input });
            if (!words.jacobian) throw new Error('internal: the probe run gave no Jacobian');
            perInput.push(words.jacobian);
          }
          jacobians.push(perInput);
        }
        run.spectrum = runSpectrum(request, jacobians, config.width);
      }
    }
    return { ...result, timing: { ms: performance.now() - start } };
  }

  /** One run on the device (a probe run with `probe`), its words read back. */
  private async runOnce(config: SimConfig, options: RunOptions, probe?: JacobianProbe): Promise<ReadBack> {
    const plan = this.plan(config, options.details ?? false, probe !== undefined);
    const device = this.device;
    let run: NetworkRun | null = null;
    try {
      const needs = kernelNeeds(config, plan, config.weightGrads, probe !== undefined);
      const kernels = await inErrorScopes(device, async () => loadKernels(device, needs, await this.tiles(config, needs)));
      device.pushErrorScope('out-of-memory');
      run = new NetworkRun(device, kernels, plan, config, probe);
      const oom = await device.popErrorScope();
      if (oom) {
        // Dawn's message runs over several lines of its internals: the first says what failed.
        throw new ConfigError(`the GPU could not allocate the ${formatBytes(plan.totalBytes)} this run needs (${oom.message.split('\n')[0].trim()}); reduce depth, batch or width`);
      }
      const r = run;
      return await inErrorScopes(device, () => this.execute(r, config, options));
    } catch (err) {
      // Whatever failed first (a mapAsync, an error scope, a submit), a lost device is the cause to report.
      throw await explainLoss(this.ctx, err);
    } finally {
      run?.dispose();
    }
  }

  /** Encodes and submits everything; returns the read-back results, scales (and details) words. */
  private async execute(run: NetworkRun, config: SimConfig, options: RunOptions): Promise<ReadBack> {
    const { depth } = config;
    const plan = run.plan;
    const device = this.device;
    const acts = config.activations;
    const C = plan.layersPerSubmit;
    const details = options.details ?? false;
    const genSteps = plan.storeWeights ? depth : 0;
    const total = genSteps + acts.length * 2 * depth;
    let done = 0;
    let inFlight: Promise<void> | null = null;
    let inFlightSteps = 0;
    let inFlightMessage = '';

    const settle = async (): Promise<void> => {
      if (!inFlight) return;
      await inFlight;
      inFlight = null;
      done += inFlightSteps;
      options.onProgress?.({ fraction: done / total, message: inFlightMessage });
      const errors = this.ctx.takeErrors();
      if (errors.length) throw new GpuError(`WebGPU error: ${errors.join('; ')}`);
      if (this.ctx.lostMessage) throw new GpuError(this.ctx.lostMessage);
    };
    /** Submits the recorded command buffer; waits for the previous one so the GPU always has work queued. */
    const submit = async (label: string, steps: number, message: string): Promise<void> => {
      run.recorder.submit(label);
      const previous = inFlight;
      const mine = device.queue.onSubmittedWorkDone();
      // Awaited by the next settle; if a failure ends the run first (a lost device), its rejection is still handled.
      mine.catch(() => undefined);
      if (previous) {
        inFlight = previous;
        await settle();
      }
      inFlight = mine;
      inFlightSteps = steps;
      inFlightMessage = message;
      if (options.signal?.aborted) {
        await settle();
        throw new AbortedError();
      }
    };

    // Inputs and weights (shared by every activation compared).
    if (details) {
      const enc = device.createCommandEncoder({ label: 'clear histogram' });
      enc.clearBuffer(run.buffers.hist);
      device.queue.submit([enc.finish()]);
    }
    // Stored weights are generated in chunks of layers; regenerated ones need only x.
    const genChunk = plan.storeWeights ? Math.max(C, 64) : depth;
    for (let lo = 1; lo <= depth; lo += genChunk) {
      const hi = Math.min(depth, lo + genChunk - 1);
      run.uploadOrthogonal(lo, hi);
      run.recordGenerate(lo, hi, lo === 1);
      await submit(`generate ${lo}-${hi}`, plan.storeWeights ? hi - lo + 1 : 0, 'generating weights');
    }
    for (let ai = 0; ai < acts.length; ai++) {
      const ra = acts[ai];
      for (let lo = 1; lo <= depth; lo += C) {
        const hi = Math.min(depth, lo + C - 1);
        run.recordForward(ai, ra, lo, hi, true);
        await submit(`forward ${ra.spec} ${lo}-${hi}`, hi - lo + 1, `forward ${ra.spec}`);
      }
      for (let hi = depth; hi >= 1; hi -= C) {
        const lo = Math.max(1, hi - C + 1);
        run.recordBackward(ai, ra, lo, hi, true, details);
        await submit(`backward ${ra.spec} ${hi}-${lo}`, hi - lo + 1, `backward ${ra.spec}`);
      }
    }
    if (run.probe) {
      run.recordJacobian();
      await submit('jacobian g_0', 0, 'Jacobian');
    }

    // The one readback: statistics records, scales (and details) through a staging buffer.
    const B = run.buffers;
    const parts = [B.results, B.scales, ...(details ? [B.unitRms, B.hist] : []), ...(run.probe ? [B.pingPong[0]] : [])];
    const offsets = parts.map((_, i) => parts.slice(0, i).reduce((at, b) => at + b.size, 0));
    const staging = run.buffers.make('readback staging', parts.reduce((at, b) => at + b.size, 0), GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
    const enc = device.createCommandEncoder({ label: 'readback' });
    parts.forEach((b, i) => enc.copyBufferToBuffer(b, 0, staging, offsets[i], b.size));
    device.queue.submit([enc.finish()]);
    await settle();
    await staging.mapAsync(GPUMapMode.READ);
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    if (this.ctx.lostMessage) throw new GpuError(this.ctx.lostMessage);
    const out: ReadBack = { results: bytes.slice(0, plan.resultsBytes), scales: new Int32Array(bytes, offsets[1], plan.scalesBytes / 4) };
    if (run.probe) {
      const n = config.width;
      out.jacobian = { rows: new Float32Array(bytes, offsets.at(-1), n * n), exp2: out.scales[scaleWord(depth, 0, 0, 'deltaExp')] };
    }
    if (!details) return out;
    return {
      ...out,
      unitRms: new Float32Array(bytes, offsets[2], B.unitRms.size / 4),
      hist: new Uint32Array(bytes, offsets[3], B.hist.size / 4),
    };
  }

  private toResult(config: SimConfig, words: ReadBack, ms: number): SimResult {
    const { depth, width: n, batch } = config;
    const record = recordReader(LAYER_RECORD, words.results);
    const runs: RunResult[] = config.activations.map((act, ai) => {
      const raws = Array.from({ length: depth }, (_, i) => record(ai * depth + i));
      const exps = exponentsOf(words.scales, depth, ai);
      const layers = finalizeRun(raws, exps, { batch, width: n }, finalizeOptions(config));
      let details: RunDetails | undefined;
      if (words.unitRms && words.hist) {
        details = {
          deltaUnitScaled: words.unitRms.slice(ai * depth * n, (ai + 1) * depth * n),
          deltaExp2: exps.delta,
          fprimeHist: words.hist.slice(ai * depth * FPRIME_BINS, (ai + 1) * depth * FPRIME_BINS),
        };
      }
      return { activation: act.spec, backward: config.backward?.spec ?? null, layers, ...(details ? { details } : {}) };
    });
    return { config, engine: { kind: 'webgpu', adapter: this.adapter, runtime: runtimeName() }, runs, timing: { ms } };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // A shared device belongs to whoever acquired it.
    if (!this.options.ctx) this.ctx.release();
  }
}
