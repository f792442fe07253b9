/**
 * Owns the engines and the simulations of the Initialization view, outside any component: the
 * WebGPU engine on the page's device (page-gpu.ts), the CPU engine in a Web Worker, the last run
 * (`phase`, `progress`, `result`: what the form ran) and the pinned runs, each with its own
 * configuration and result. Every run goes through one queue, one at a time (the last run before
 * the pins waiting), so a cancel or a lost device touches only what it should. Components read
 * `state` and listen for 'change'.
 */
import { ConfigError, type SimConfig } from '../sim/config';
import { runSeeds } from '../sim/seeds';
import type { Progress, SimResult } from '../sim/stats';
import { WorkerCpuEngine } from './cpu-client';
import { NO_COMPARISON, compareEngines, type EngineComparison } from './engine-compare';
import { defaultEngine, type EngineDefault } from './engine-default';
import type { EngineChoice } from './form-state';
import { loadGpuEngine, type GpuEngine } from './gpu-loader';
import type { GpuStatus, PageGpu } from './page-gpu';
import type { PinSpec } from './pins';

/** What every run of the app computes beyond the statistics: the per-unit details its heatmap and f′ chart read. */
const APP_RUN = { details: true } as const;

export type RunPhase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/** A run kept beside the others: its own settings, and its result once computed. */
export interface PinnedRun extends PinSpec {
  /** 'p1', 'p2', …: unique for the page's lifetime. */
  id: string;
  phase: 'queued' | Exclude<RunPhase, 'idle'>;
  progress: Progress | null;
  result: SimResult | null;
  error: string | null;
}

/** What the queue is computing: the last run ('live') or a pin, and how many wait after it. */
export interface Activity {
  target: string;
  progress: Progress | null;
  waiting: number;
}

export interface SimState {
  /** The last run (what the form ran). */
  phase: RunPhase;
  progress: Progress | null;
  result: SimResult | null;
  error: string | null;
  /** The page's GPU status (PageGpu), as this controller last saw it. */
  gpu: GpuStatus;
  /** The engine of the running or last run. */
  engineUsed: 'cpu' | 'webgpu' | null;
  pins: PinnedRun[];
  /** Null while nothing runs. */
  activity: Activity | null;
  /** "GPU vs CPU on this machine" (src/app/engine-compare.ts). */
  comparison: EngineComparison;
}

export const LIVE = 'live';

interface Job {
  target: string;
  config: SimConfig;
  choice: EngineChoice | null;
  seeds: number;
  abort: AbortController;
  done: () => void;
}

const message = (err: unknown): string => (err instanceof ConfigError || err instanceof Error ? err.message : String(err));

export class SimController extends EventTarget {
  state: SimState;
  private engine: GpuEngine | null = null;
  private readonly cpu = new WorkerCpuEngine();
  private probing: Promise<void> | null = null;
  /** The WebGPU job the device was lost under, and why: it ends as an error saying so, not as cancelled. */
  private lostRun: { job: Job; message: string } | null = null;
  private readonly onGpu = (): void => this.followGpu();
  private queue: Job[] = [];
  private current: Job | null = null;
  /** The engine the running job uses. */
  private currentKind: 'cpu' | 'webgpu' | null = null;
  private nextPin = 1;
  /** What the last run was asked with, so pinning it keeps the engine choice. */
  private liveChoice: EngineChoice | null = null;

  constructor(private readonly gpu: PageGpu) {
    super();
    this.state = {
      phase: 'idle', progress: null, result: null, error: null, engineUsed: null, gpu: gpu.status, pins: [], activity: null, comparison: NO_COMPARISON,
    };
    gpu.addEventListener('change', this.onGpu);
  }

  private set(patch: Partial<SimState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  private patchPin(id: string, patch: Partial<PinnedRun>): void {
    this.set({ pins: this.state.pins.map((p) => (p.id === id ? { ...p, ...patch } : p)) });
  }

  /** Sets up the WebGPU engine on the page's device once; afterwards `state.gpu` says whether WebGPU is usable. */
  probeGpu(): Promise<void> {
    this.probing ??= (async () => {
      const ctx = await this.gpu.device();
      if (!ctx) return;
      try {
        this.engine = await loadGpuEngine(ctx);
      } catch (err) {
        this.gpu.refuse(err);
      }
      this.followGpu();
    })();
    return this.probing;
  }

  /**
   * Follows the page's GPU status. A lost device (a GPU process crash, a driver reset, a destroy
   * outside the app) fails the run on it saying so, and a new device is asked for at once; until it
   * is ready, and for good if none can be had (the status then says why), runs use the CPU engine.
   */
  private followGpu(): void {
    const gpu = this.gpu.status;
    if (gpu === this.state.gpu) return;
    if (gpu.state !== 'ready') this.engine = null;
    this.set({ gpu });
    if (gpu.state !== 'lost') return;
    if (this.current && this.currentKind === 'webgpu') {
      this.lostRun = { job: this.current, message: gpu.message ?? 'the WebGPU device was lost' };
      this.current.abort.abort();
    }
    this.probing = null;
    void this.probeGpu();
  }

  /** The engine this machine starts on, and why when it is the CPU (src/app/engine-default.ts); WebGPU until the probe says otherwise. */
  machineDefault(): EngineDefault {
    const gpu = this.state.gpu;
    return defaultEngine(gpu.state === 'ready' ? gpu.adapter : null);
  }

  /** The engine a run with this choice uses: WebGPU when chosen (or unspecified, on a machine that starts on it) and ready, else the CPU. */
  engineFor(choice: EngineChoice | null): 'webgpu' | 'cpu' {
    return (choice ?? this.machineDefault().engine) !== 'cpu' && this.engine ? 'webgpu' : 'cpu';
  }

  /** Throws ConfigError when `config` does not fit the engine (memory, device limits): the same plan the run allocates by. */
  check(config: SimConfig, choice: EngineChoice | null): void {
    if (this.engineFor(choice) === 'webgpu' && this.engine) this.engine.check(config, APP_RUN);
    else this.cpu.check(config, APP_RUN);
  }

  /**
   * Runs `config` as the last run, ahead of any pin waiting; with seeds > 1, seeds config.seed …
   * config.seed + seeds − 1 one after another and the result holds per-layer medians in `layers`
   * and quantile bands in `seedBands`. Resolves when it has finished, failed or been superseded.
   */
  run(config: SimConfig, choice: EngineChoice | null, seeds = 1): Promise<void> {
    this.dropJobs((j) => j.target === LIVE);
    this.liveChoice = choice;
    this.set({
      phase: 'running', progress: { fraction: 0, message: this.current ? 'waiting for the run before it' : 'starting' }, error: null,
      engineUsed: this.engineFor(choice),
    });
    return new Promise((done) => this.enqueue({ target: LIVE, config, choice, seeds, abort: new AbortController(), done }, true));
  }

  /** Keeps the last run as a pin (with its result); returns the pin's id, or null when there is no finished run. */
  pin(label: string | null = null): string | null {
    const r = this.state.result;
    if (!r || this.state.phase === 'running') return null;
    const id = `p${this.nextPin++}`;
    const pin: PinnedRun = {
      id, config: r.config, seeds: r.seeds?.count ?? 1, engine: this.liveChoice, label,
      phase: 'done', progress: null, result: r, error: null,
    };
    this.set({ pins: [...this.state.pins, pin] });
    return id;
  }

  /** Replaces the pins (a link, a scenario) and queues their runs. */
  setPins(specs: readonly PinSpec[]): void {
    this.dropJobs((j) => j.target !== LIVE);
    const pins = specs.map((spec): PinnedRun => ({
      ...spec, id: `p${this.nextPin++}`, phase: 'queued', progress: null, result: null, error: null,
    }));
    this.set({ pins });
    for (const p of pins) this.queuePin(p);
  }

  /** Runs a pin again (after an error or a cancel, or to see another seed's noise on another engine). */
  rerun(id: string): void {
    const pin = this.state.pins.find((p) => p.id === id);
    if (!pin) return;
    this.dropJobs((j) => j.target === id);
    this.patchPin(id, { phase: 'queued', error: null, progress: null });
    this.queuePin(pin);
  }

  unpin(id: string): void {
    this.dropJobs((j) => j.target === id);
    this.set({ pins: this.state.pins.filter((p) => p.id !== id) });
  }

  relabel(id: string, label: string | null): void {
    this.patchPin(id, { label: label?.trim() || null });
  }

  private queuePin(pin: PinSpec & { id: string }): void {
    void new Promise<void>((done) => this.enqueue({
      target: pin.id, config: pin.config, choice: pin.engine, seeds: pin.seeds, abort: new AbortController(), done,
    }));
  }

  /**
   * Times the comparison grid on both engines (src/app/engine-compare.ts), beside the queue: the
   * view offers it while nothing runs, and a run started meanwhile waits on the GPU device.
   */
  async compareEngines(): Promise<void> {
    if (this.state.comparison.phase === 'running') return;
    await this.probeGpu();
    const gpu = this.engine;
    const adapter = gpu?.adapter ?? null;
    const update = (patch: Partial<EngineComparison>): void => this.set({ comparison: { ...this.state.comparison, ...patch } });
    update({ phase: 'running', adapter, points: [], message: null });
    try {
      const points = await compareEngines(gpu, this.cpu, (p) => update({ points: p }));
      update({ phase: 'done', points, message: gpu ? null : `WebGPU is not available here (${this.state.gpu.message ?? 'no adapter'}): the CPU engine alone` });
    } catch (err) {
      update({ phase: 'error', message: message(err) });
    }
  }

  /** Cancels every run, running or waiting: the charts keep what they had. */
  cancel(): void {
    const jobs = [...(this.current ? [this.current] : []), ...this.queue];
    this.queue = [];
    for (const j of jobs) {
      j.abort.abort();
      this.markCancelled(j);
    }
    this.updateActivity();
  }

  private markCancelled(job: Job): void {
    job.done();
    if (job.target === LIVE) {
      if (this.state.phase === 'running') this.set({ phase: 'cancelled', progress: null, error: null });
    } else {
      this.patchPin(job.target, { phase: 'cancelled', progress: null });
    }
  }

  /** Removes the matching jobs from the queue and aborts the running one if it matches (superseded, not cancelled). */
  private dropJobs(match: (job: Job) => boolean): void {
    for (const j of this.queue.filter(match)) j.done();
    this.queue = this.queue.filter((j) => !match(j));
    if (this.current && match(this.current)) {
      this.current.abort.abort();
      this.current.done();
    }
  }

  private enqueue(job: Job, front = false): void {
    if (front) this.queue.unshift(job);
    else this.queue.push(job);
    this.updateActivity();
    void this.pump();
  }

  private updateActivity(progress?: Progress | null): void {
    const job = this.current ?? null;
    const activity = job ? { target: job.target, progress: progress ?? this.state.activity?.progress ?? null, waiting: this.queue.length } : null;
    if (job || this.state.activity) this.set({ activity });
  }

  private async pump(): Promise<void> {
    if (this.current) return;
    const job = this.queue.shift();
    if (!job) {
      this.updateActivity();
      return;
    }
    this.current = job;
    this.set({ activity: { target: job.target, progress: { fraction: 0, message: 'starting' }, waiting: this.queue.length } });
    try {
      // A run that may use WebGPU waits for the probe, so it gets the engine it asked for.
      if (job.choice !== 'cpu') await this.probeGpu();
      if (job.abort.signal.aborted) return;
      const kind = this.engineFor(job.choice);
      this.currentKind = kind;
      if (job.target === LIVE) this.set({ engineUsed: kind });
      else this.patchPin(job.target, { phase: 'running' });
      const result = await this.compute(job, kind);
      if (job.abort.signal.aborted) return;
      if (job.target === LIVE) this.set({ phase: 'done', progress: null, result });
      else this.patchPin(job.target, { phase: 'done', progress: null, result, error: null });
    } catch (err) {
      const lost = this.lostRun?.job === job ? this.lostRun.message : null;
      if (lost) this.lostRun = null;
      const error = lost
        ? `${lost} during the run; run it again (on a new device, or on the CPU engine if none can be had)`
        : job.abort.signal.aborted ? null : message(err);
      if (error !== null) {
        if (job.target === LIVE) this.set({ phase: 'error', progress: null, error });
        else this.patchPin(job.target, { phase: 'error', progress: null, error });
      }
    } finally {
      job.done();
      this.current = null;
      this.currentKind = null;
      void this.pump();
    }
  }

  private compute(job: Job, kind: 'cpu' | 'webgpu'): Promise<SimResult> {
    const gpu = kind === 'webgpu' ? this.engine : null;
    if (gpu) gpu.check(job.config, APP_RUN);
    else this.cpu.check(job.config, APP_RUN);
    const options = {
      ...APP_RUN,
      signal: job.abort.signal,
      onProgress: (p: Progress) => {
        if (this.current !== job) return;
        if (job.target === LIVE) this.set({ progress: p });
        else this.patchPin(job.target, { progress: p });
        this.updateActivity(p);
      },
    };
    if (!gpu) return this.cpu.runSeeds(job.config, job.seeds, options);
    return job.seeds > 1 ? runSeeds(job.config, job.seeds, (c, o) => gpu.run(c, o), options) : gpu.run(job.config, options);
  }

  dispose(): void {
    this.cancel();
    this.gpu.removeEventListener('change', this.onGpu);
    this.cpu.dispose();
    this.engine?.dispose();
    this.engine = null;
  }
}
