/**
 * Owns the engines and the state of the current simulation, outside any component: the WebGPU
 * engine on the page's device (page-gpu.ts), the CPU engine in a Web Worker, the running job with
 * its progress and cancellation, and the last result. Components read `state` and listen for
 * 'change'.
 */
import { ConfigError, type SimConfig } from '../sim/config';
import { runSeeds } from '../sim/seeds';
import type { Progress, SimResult } from '../sim/stats';
import { WorkerCpuEngine } from './cpu-client';
import { NO_COMPARISON, compareEngines, type EngineComparison } from './engine-compare';
import type { EngineChoice } from './form-state';
import { loadGpuEngine, type GpuEngine } from './gpu-loader';
import type { GpuStatus, PageGpu } from './page-gpu';

/** What every run of the app computes beyond the statistics: the per-unit details its heatmap and f′ chart read. */
const APP_RUN = { details: true } as const;

export type RunPhase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface SimState {
  phase: RunPhase;
  progress: Progress | null;
  result: SimResult | null;
  error: string | null;
  /** The page's GPU status (PageGpu), as this controller last saw it. */
  gpu: GpuStatus;
  /** The engine of the running or last run. */
  engineUsed: 'cpu' | 'webgpu' | null;
  /** "GPU vs CPU on this machine" (src/app/engine-compare.ts). */
  comparison: EngineComparison;
}

export class SimController extends EventTarget {
  state: SimState;
  private engine: GpuEngine | null = null;
  private readonly cpu = new WorkerCpuEngine();
  private abort: AbortController | null = null;
  private probing: Promise<void> | null = null;
  /** The WebGPU run the device was lost under, and why: it ends as an error saying so, not as cancelled. */
  private lostRun: { abort: AbortController; message: string } | null = null;
  private readonly onGpu = (): void => this.followGpu();

  constructor(private readonly gpu: PageGpu) {
    super();
    this.state = { phase: 'idle', progress: null, result: null, error: null, engineUsed: null, gpu: gpu.status, comparison: NO_COMPARISON };
    gpu.addEventListener('change', this.onGpu);
  }

  private set(patch: Partial<SimState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
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
    if (this.state.phase === 'running' && this.state.engineUsed === 'webgpu' && this.abort) {
      this.lostRun = { abort: this.abort, message: gpu.message ?? 'the WebGPU device was lost' };
      this.abort.abort();
    }
    this.probing = null;
    void this.probeGpu();
  }

  /** The engine a run with this choice uses: WebGPU when chosen (or unspecified) and ready, else the CPU. */
  engineFor(choice: EngineChoice | null): 'webgpu' | 'cpu' {
    return choice !== 'cpu' && this.engine ? 'webgpu' : 'cpu';
  }

  /** Throws ConfigError when `config` does not fit the engine (memory, device limits): the same plan the run allocates by. */
  check(config: SimConfig, choice: EngineChoice | null): void {
    if (this.engineFor(choice) === 'webgpu' && this.engine) this.engine.check(config, APP_RUN);
    else this.cpu.check(config, APP_RUN);
  }

  /**
   * Runs `config`; with seeds > 1, seeds config.seed … config.seed + seeds − 1 one after another
   * (sequentially on the GPU device, or inside the CPU worker) and the result holds per-layer
   * medians in `layers` and quantile bands in `seedBands`.
   */
  async run(config: SimConfig, choice: EngineChoice | null, seeds = 1): Promise<void> {
    this.cancel();
    const kind = this.engineFor(choice);
    const gpu = kind === 'webgpu' ? this.engine : null;
    const abort = new AbortController();
    this.abort = abort;
    this.set({ phase: 'running', progress: { fraction: 0, message: 'starting' }, error: null, engineUsed: kind });
    try {
      if (gpu) gpu.check(config, APP_RUN);
      else this.cpu.check(config, APP_RUN);
      const options = {
        ...APP_RUN,
        signal: abort.signal,
        onProgress: (p: Progress) => {
          if (this.abort === abort) this.set({ progress: p });
        },
      };
      const result = gpu
        ? seeds > 1 ? await runSeeds(config, seeds, (c, o) => gpu.run(c, o), options) : await gpu.run(config, options)
        : await this.cpu.runSeeds(config, seeds, options);
      if (this.abort !== abort) return;
      this.abort = null;
      this.set({ phase: 'done', progress: null, result });
    } catch (err) {
      if (this.lostRun?.abort === abort) {
        const { message } = this.lostRun;
        this.lostRun = null;
        if (this.abort === abort) this.abort = null;
        this.set({ phase: 'error', progress: null, error: `${message} during the run; run it again (on a new device, or on the CPU engine if none can be had)` });
        return;
      }
      if (this.abort !== abort && abort.signal.aborted) return; // superseded by a newer run
      this.abort = null;
      if (abort.signal.aborted) {
        this.set({ phase: 'cancelled', progress: null, error: null });
        return;
      }
      const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
      this.set({ phase: 'error', progress: null, error: message });
    }
  }

  /** Times the comparison grid on both engines, while no simulation runs (a run started meanwhile waits on the GPU device). */
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
      update({ phase: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }

  cancel(): void {
    if (!this.abort) return;
    const abort = this.abort;
    abort.abort();
    if (this.state.phase === 'running') {
      this.abort = null;
      this.set({ phase: 'cancelled', progress: null });
    }
  }

  dispose(): void {
    this.cancel();
    this.gpu.removeEventListener('change', this.onGpu);
    this.cpu.dispose();
    this.engine?.dispose();
    this.engine = null;
  }
}
