/**
 * Owns the training outside any component: one Trainer per network and seed trained side by side
 * (the CPU trainer in a Web Worker each, or the WebGPU trainer on the page's device), the play loop,
 * and every checkpoint received. Each network has its own configuration; with a seed sweep each is
 * trained from seeds seed … seed + N − 1 as well. Components read `state` and listen for 'change'.
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
  /** The network's place in the list ('0', '1', …): unique, whatever the activations. */
  key: string;
  /** Canonical activation spec. */
  activation: string;
  /** The configuration of its first seed. */
  config: TrainConfig;
  /** Every checkpoint so far of its first seed, in step order (step 0 first). */
  checkpoints: Checkpoint[];
  /** The latest decision-boundary grid of its first seed (2-D tasks). */
  grid: GridPrediction | null;
  /** With a seed sweep, every seed's checkpoints, the first seed's included (same steps); else empty. */
  seedCheckpoints: Checkpoint[][];
}

export interface TrainState {
  phase: TrainPhase;
  runs: TrainRun[];
  /** Seeds per network. */
  seeds: number;
  /** Steps every network has taken (the slowest one's). */
  stepsDone: number;
  /** The longest network's steps. */
  totalSteps: number;
  /** Steps per animation frame while playing. */
  speed: number;
  engineUsed: 'cpu' | 'webgpu' | null;
  /** The engine the networks train on (kind, adapter, runtime), once built. */
  engine: EngineInfo | null;
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
  /** The networks, one config each (their first seed's). */
  private networks: TrainConfig[] = [];
  private seeds = 1;
  /** One config per trainer: network by network, seed by seed. */
  private configs: TrainConfig[] = [];
  private engineChoice: TrainEngineChoice = 'webgpu';
  /** Bumped by every configure/reset/dispose; a stale async continuation sees a different value and stops. */
  private generation = 0;
  private msPerStep = 5;
  private busy: Promise<void> | null = null;
  private playing: Promise<void> = Promise.resolve();
  private readonly onGpu = (): void => this.followGpu();

  constructor(private readonly gpu: PageGpu) {
    super();
    this.state = {
      phase: 'idle', runs: [], seeds: 1, stepsDone: 0, totalSteps: 0, speed: 10, engineUsed: null, engine: null, engineLabel: null,
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

  /**
   * Stops any training, builds one trainer per config and seed (seeds config.seed … + seeds − 1)
   * and shows their step-0 checkpoints.
   */
  async configure(networks: TrainConfig[], engine: TrainEngineChoice, seeds = 1): Promise<void> {
    const gen = ++this.generation;
    this.disposeTrainers();
    this.networks = networks;
    this.seeds = seeds;
    const configs = networks.flatMap((c) => Array.from({ length: seeds }, (_, k) => ({ ...c, seed: c.seed + k })));
    this.configs = configs;
    this.engineChoice = engine;
    this.set({
      phase: 'initializing', runs: [], seeds, stepsDone: 0, totalSteps: Math.max(0, ...configs.map((c) => c.steps)), error: null, stepsPerSecond: null,
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
      const grids = await this.grids(this.leads());
      if (gen !== this.generation) return;
      const info = trainers[0]?.engineInfo();
      this.set({
        phase: this.state.totalSteps === 0 ? 'done' : 'ready',
        runs: networks.map((config, i) => ({
          key: String(i), activation: config.activation.spec, config: configs[i * seeds], checkpoints: [first[i * seeds]], grid: grids[i],
          seedCheckpoints: seeds > 1 ? first.slice(i * seeds, (i + 1) * seeds).map((c) => [c]) : [],
        })),
        engineUsed: kind,
        engine: info ?? null,
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

  /** The trainer of each network's first seed (the one its boundary and heatmaps show). */
  private leads(): Trainer[] {
    return this.networks.map((_c, i) => this.trainers[i * this.seeds]).filter((t): t is Trainer => !!t);
  }

  /** Back to step 0 with the same configuration (fresh trainers, same seed: the same trajectory again). */
  reset(): Promise<void> {
    return this.configure(this.networks, this.engineChoice, this.seeds);
  }

  /** Trains (paused) until every network has reached `step` or its end; for a link that names the step it was at. */
  async advanceTo(step: number): Promise<void> {
    const gen = this.generation;
    const phase = (): TrainPhase => this.state.phase;
    if (phase() !== 'ready' && phase() !== 'paused') return;
    const target = Math.min(step, this.state.totalSteps);
    while (gen === this.generation && this.state.stepsDone < target && phase() !== 'error') {
      const n = Math.min(200, target - this.state.stepsDone);
      await this.advance(gen, n, this.state.stepsDone + n >= target);
    }
    if (gen === this.generation && phase() !== 'done' && phase() !== 'error') this.set({ phase: 'paused' });
  }

  play(): void {
    if (this.state.phase !== 'ready' && this.state.phase !== 'paused') return;
    this.set({ phase: 'playing' });
    this.playing = this.loop(this.generation);
  }

  /** Resolves once the play loop has stopped (a pause lets the chunk in flight finish first). */
  stopped(): Promise<void> {
    return this.playing;
  }

  pause(): void {
    if (this.state.phase === 'playing') this.set({ phase: 'paused' });
  }

  /** Advances to the next checkpoint (every k steps) and stops there. */
  async stepOnce(): Promise<void> {
    const s = this.state;
    if ((s.phase !== 'ready' && s.phase !== 'paused') || this.busy) return;
    const every = this.networks[0]?.every ?? 1;
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
      const grids = withGrid ? await this.grids(this.leads()) : null;
      if (gen !== this.generation) return;
      // A network with fewer steps than the others counts as there once it has finished.
      const stepsDone = Math.min(...this.trainers.map((t, i) => (t.stepsDone >= this.configs[i].steps ? this.state.totalSteps : t.stepsDone)));
      const s = this.seeds;
      const runs = this.state.runs.map((run, i) => {
        const lead = results[i * s];
        return {
          ...run,
          checkpoints: lead.length ? [...run.checkpoints, ...lead] : run.checkpoints,
          grid: grids?.[i] ?? run.grid,
          seedCheckpoints: run.seedCheckpoints.map((cps, k) => (results[i * s + k].length ? [...cps, ...results[i * s + k]] : cps)),
        };
      });
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
