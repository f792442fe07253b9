/**
 * Owns the training outside any component: one Trainer per activation trained side by side (the
 * CPU trainer in a Web Worker each, or the WebGPU trainer on the page's device), the play loop, and
 * every checkpoint received. Components read `state` and listen for 'change'.
 *
 * The play loop advances all networks by the same number of steps, then yields to the browser for
 * a frame; `speed` is the number of steps per frame, split into smaller chunks when a chunk would
 * take longer than CHUNK_MS so that Pause answers quickly even for slow networks.
 */
import { ConfigError } from '../../sim/config';
import { adapterLabel, engineLabel as cpuEngineLabel, type EngineInfo } from '../../sim/stats';
import type { TrainConfig } from '../../sim/train/train-config';
import type { Checkpoint, GridPrediction, Trainer } from '../../sim/train/trainer';
import { loadGpuTrainer } from '../gpu-loader';
import type { GpuStatus, PageGpu } from '../page-gpu';
import type { TrainEngineChoice } from './train-form';
import { WorkerTrainer } from './worker-trainer';

export type TrainPhase = 'idle' | 'initializing' | 'ready' | 'playing' | 'paused' | 'done' | 'error';

export interface TrainRun {
  /** Canonical activation spec. */
  activation: string;
  config: TrainConfig;
  /** Every checkpoint so far, in step order (step 0 first). */
  checkpoints: Checkpoint[];
  /** The latest decision-boundary grid (2-D tasks). */
  grid: GridPrediction | null;
}

export interface TrainState {
  phase: TrainPhase;
  runs: TrainRun[];
  stepsDone: number;
  totalSteps: number;
  /** Steps per animation frame while playing. */
  speed: number;
  engineUsed: 'cpu' | 'webgpu' | null;
  /** What the engine is, in words (adapter or runtime). */
  engineLabel: string | null;
  /** The page's GPU status (PageGpu), as this controller last saw it. */
  gpu: GpuStatus;
  error: string | null;
  /** Measured training speed over the last second of play. */
  stepsPerSecond: number | null;
}

/** Grid resolution of the decision boundary. */
export const GRID_RESOLUTION = 48;
/** The longest a chunk of steps should take, so Pause answers quickly. */
const CHUNK_MS = 120;
/** How often the decision boundary is recomputed while playing. */
const GRID_EVERY_MS = 400;

const nextFrame = (): Promise<void> => new Promise((resolve) => {
  if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(() => resolve());
  else setTimeout(resolve, 16);
});

export class TrainController extends EventTarget {
  state: TrainState;
  private trainers: Trainer[] = [];
  private configs: TrainConfig[] = [];
  private engineChoice: TrainEngineChoice = 'webgpu';
  /** Bumped by every configure/reset/dispose; a stale async continuation sees a different value and stops. */
  private generation = 0;
  private msPerStep = 5;
  private busy: Promise<void> | null = null;
  private readonly onGpu = (): void => this.followGpu();

  constructor(private readonly gpu: PageGpu) {
    super();
    this.state = {
      phase: 'idle', runs: [], stepsDone: 0, totalSteps: 0, speed: 10, engineUsed: null, engineLabel: null,
      gpu: gpu.status, error: null, stepsPerSecond: null,
    };
    gpu.addEventListener('change', this.onGpu);
  }

  private set(patch: Partial<TrainState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }

  get checkpoints(): Checkpoint[][] {
    return this.state.runs.map((r) => r.checkpoints);
  }

  private followGpu(): void {
    const gpu = this.gpu.status;
    this.set({ gpu });
    if (gpu.state === 'lost' && this.state.engineUsed === 'webgpu') {
      this.fail('the WebGPU device was lost; press Reset to continue on the CPU engine');
    }
  }

  /** Asks for the page's device (once) and returns the status it leaves: the adapter, or why WebGPU is not usable. */
  async probeGpu(): Promise<GpuStatus> {
    await this.gpu.device();
    return this.gpu.status;
  }

  setSpeed(speed: number): void {
    this.set({ speed: Math.max(1, Math.floor(speed)) });
  }

  /** Stops any training, builds one trainer per config and shows their step-0 checkpoints. */
  async configure(configs: TrainConfig[], engine: TrainEngineChoice): Promise<void> {
    const gen = ++this.generation;
    this.disposeTrainers();
    this.configs = configs;
    this.engineChoice = engine;
    this.set({
      phase: 'initializing', runs: [], stepsDone: 0, totalSteps: configs[0]?.steps ?? 0, error: null, stepsPerSecond: null,
    });
    const ctx = engine === 'webgpu' ? await this.gpu.device() : null;
    if (gen !== this.generation) return;
    const kind = ctx ? 'webgpu' : 'cpu';
    try {
      const trainers: Trainer[] = [];
      this.trainers = trainers;
      for (let i = 0; i < configs.length; i++) {
        trainers.push(ctx ? await loadGpuTrainer(ctx) : new WorkerTrainer());
        if (gen !== this.generation) {
          for (const t of trainers) t.dispose();
          return;
        }
      }
      const first = await Promise.all(trainers.map((t, i) => t.init(configs[i])));
      if (gen !== this.generation) return;
      const grids = await this.grids(trainers);
      if (gen !== this.generation) return;
      const info = trainers[0]?.engineInfo();
      this.set({
        phase: configs[0].steps === 0 ? 'done' : 'ready',
        runs: configs.map((config, i) => ({ activation: config.activation.spec, config, checkpoints: [first[i]], grid: grids[i] })),
        engineUsed: kind,
        engineLabel: info ? engineLabel(info) : null,
      });
    } catch (err) {
      if (gen !== this.generation) return;
      this.disposeTrainers();
      this.fail(err instanceof ConfigError ? err.message : `training could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private fail(message: string): void {
    this.generation++;
    this.set({ phase: 'error', error: message });
  }

  private grids(trainers: Trainer[]): Promise<(GridPrediction | null)[]> {
    return Promise.all(trainers.map((t) => t.predictGrid(GRID_RESOLUTION).catch(() => null)));
  }

  /** Back to step 0 with the same configuration (fresh trainers, same seed: the same trajectory again). */
  reset(): Promise<void> {
    return this.configure(this.configs, this.engineChoice);
  }

  play(): void {
    if (this.state.phase !== 'ready' && this.state.phase !== 'paused') return;
    this.set({ phase: 'playing' });
    void this.loop(this.generation);
  }

  pause(): void {
    if (this.state.phase === 'playing') this.set({ phase: 'paused' });
  }

  /** Advances to the next checkpoint (every k steps) and stops there. */
  async stepOnce(): Promise<void> {
    const s = this.state;
    if ((s.phase !== 'ready' && s.phase !== 'paused') || this.busy) return;
    const every = this.configs[0]?.every ?? 1;
    const n = Math.min(every - (s.stepsDone % every), s.totalSteps - s.stepsDone);
    const gen = this.generation;
    this.busy = this.advance(gen, n, true);
    await this.busy;
    this.busy = null;
    if (gen === this.generation && this.state.phase !== 'done' && this.state.phase !== 'error') this.set({ phase: 'paused' });
  }

  private async loop(gen: number): Promise<void> {
    await this.busy;
    let lastGrid = performance.now();
    let rateStart = performance.now();
    let rateSteps = this.state.stepsDone;
    while (gen === this.generation && this.state.phase === 'playing') {
      const remaining = this.state.totalSteps - this.state.stepsDone;
      if (remaining <= 0) break;
      const chunk = Math.max(1, Math.min(this.state.speed, remaining, Math.floor(CHUNK_MS / Math.max(0.01, this.msPerStep))));
      const now = performance.now();
      const wantGrid = now - lastGrid > GRID_EVERY_MS || chunk === remaining;
      await this.advance(gen, chunk, wantGrid);
      if (wantGrid) lastGrid = performance.now();
      const t = performance.now();
      if (t - rateStart > 1000) {
        this.set({ stepsPerSecond: ((this.state.stepsDone - rateSteps) * 1000) / (t - rateStart) });
        rateStart = t;
        rateSteps = this.state.stepsDone;
      }
      await nextFrame();
    }
  }

  /** n steps on every trainer; appends their checkpoints (and a new grid when asked). */
  private async advance(gen: number, n: number, withGrid: boolean): Promise<void> {
    const start = performance.now();
    try {
      const results = await Promise.all(this.trainers.map((t) => t.step(n)));
      if (gen !== this.generation) return;
      const elapsed = performance.now() - start;
      // A running average; one step of all networks together.
      this.msPerStep = 0.7 * this.msPerStep + 0.3 * (elapsed / Math.max(1, n));
      const grids = withGrid ? await this.grids(this.trainers) : null;
      if (gen !== this.generation) return;
      const stepsDone = Math.min(...this.trainers.map((t) => t.stepsDone));
      const runs = this.state.runs.map((run, i) => ({
        ...run,
        checkpoints: results[i].length ? [...run.checkpoints, ...results[i]] : run.checkpoints,
        grid: grids?.[i] ?? run.grid,
      }));
      const done = stepsDone >= this.state.totalSteps;
      this.set({ runs, stepsDone, phase: done ? 'done' : this.state.phase });
    } catch (err) {
      if (gen !== this.generation) return;
      this.disposeTrainers();
      this.fail(`training stopped: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private disposeTrainers(): void {
    for (const t of this.trainers) t.dispose();
    this.trainers = [];
  }

  /** Stops everything and releases the workers and GPU memory (the device stays for a later run). */
  dispose(): void {
    this.generation++;
    this.gpu.removeEventListener('change', this.onGpu);
    this.disposeTrainers();
  }
}

function engineLabel(info: EngineInfo): string {
  return info.kind === 'webgpu' && info.adapter ? `WebGPU · ${adapterLabel(info.adapter)}` : `${cpuEngineLabel(info)} · Web Worker`;
}
