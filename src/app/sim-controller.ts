/**
 * Owns the engines and the state of the current simulation, outside any component: the WebGPU
 * engine (one device for the page's lifetime, probed once), the CPU engine in a Web Worker, the
 * running job with its progress and cancellation, and the last result. Components read `state`
 * and listen for 'change'.
 */
import { ConfigError, type SimConfig } from '../sim/config';
import { runSeeds } from '../sim/seeds';
import type { AdapterInfo, Progress, SimResult } from '../sim/stats';
import { WorkerCpuEngine } from './cpu-client';
import { NO_COMPARISON, compareEngines, type EngineComparison } from './engine-compare';
import type { EngineChoice } from './form-state';
import { createGpuEngine, type GpuEngine } from './gpu-loader';

export type RunPhase = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

export interface GpuStatus {
  state: 'probing' | 'ready' | 'unavailable' | 'lost';
  /** Why WebGPU is not usable (one line), when it is not. */
  message: string | null;
  adapter: AdapterInfo | null;
}

export interface SimState {
  phase: RunPhase;
  progress: Progress | null;
  result: SimResult | null;
  error: string | null;
  gpu: GpuStatus;
  /** The engine of the running or last run. */
  engineUsed: 'cpu' | 'webgpu' | null;
  /** "GPU vs CPU on this machine" (src/app/engine-compare.ts). */
  comparison: EngineComparison;
}

export class SimController extends EventTarget {
  state: SimState = {
    phase: 'idle', progress: null, result: null, error: null, engineUsed: null,
    gpu: { state: 'probing', message: null, adapter: null }, comparison: NO_COMPARISON,
  };
  private gpu: GpuEngine | null = null;
  private readonly cpu = new WorkerCpuEngine();
  private abort: AbortController | null = null;
  private probing: Promise<void> | null = null;

  private set(patch: Partial<SimState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  /** Requests the adapter and device once; afterwards `state.gpu` says whether WebGPU is usable. */
  probeGpu(): Promise<void> {
    this.probing ??= (async () => {
      try {
        this.gpu = await createGpuEngine((message) => this.onDeviceLost(message));
        this.set({ gpu: { state: 'ready', message: null, adapter: this.gpu.adapter } });
      } catch (err) {
        this.set({ gpu: { state: 'unavailable', message: err instanceof Error ? err.message : String(err), adapter: null } });
      }
    })();
    return this.probing;
  }

  private onDeviceLost(message: string): void {
    this.gpu = null;
    this.set({ gpu: { state: 'lost', message, adapter: this.state.gpu.adapter } });
    if (this.state.phase === 'running' && this.state.engineUsed === 'webgpu') this.abort?.abort();
  }

  /** The engine a run with this choice uses: WebGPU when chosen (or unspecified) and ready, else the CPU. */
  engineFor(choice: EngineChoice | null): 'webgpu' | 'cpu' {
    return choice !== 'cpu' && this.gpu ? 'webgpu' : 'cpu';
  }

  /** Throws ConfigError when `config` does not fit the engine (memory, device limits). */
  check(config: SimConfig, choice: EngineChoice | null): void {
    if (this.engineFor(choice) === 'webgpu' && this.gpu) this.gpu.check(config);
    else this.cpu.check(config);
  }

  /**
   * Runs `config`; with seeds > 1, seeds config.seed … config.seed + seeds − 1 one after another
   * (sequentially on the GPU device, or inside the CPU worker) and the result holds per-layer
   * medians in `layers` and quantile bands in `seedBands`.
   */
  async run(config: SimConfig, choice: EngineChoice | null, seeds = 1): Promise<void> {
    this.cancel();
    const kind = this.engineFor(choice);
    const gpu = kind === 'webgpu' ? this.gpu : null;
    const abort = new AbortController();
    this.abort = abort;
    this.set({ phase: 'running', progress: { fraction: 0, message: 'starting' }, error: null, engineUsed: kind });
    try {
      if (gpu) gpu.check(config);
      else this.cpu.check(config);
      const options = {
        details: true,
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
    const adapter = this.gpu?.adapter ?? null;
    const update = (patch: Partial<EngineComparison>): void => this.set({ comparison: { ...this.state.comparison, ...patch } });
    update({ phase: 'running', adapter, points: [], message: null });
    try {
      const points = await compareEngines(this.gpu, this.cpu, (p) => update({ points: p }));
      update({ phase: 'done', points, message: this.gpu ? null : `WebGPU is not available here (${this.state.gpu.message ?? 'no adapter'}): the CPU engine alone` });
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
    this.cpu.dispose();
    this.gpu?.dispose();
    this.gpu = null;
  }
}
