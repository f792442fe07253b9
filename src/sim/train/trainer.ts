/**
 * The training API shared by both engines, the CLI and the app: a `Trainer` is initialised with a
 * TrainConfig, advanced `step(n)` steps at a time, and returns a checkpoint (statistics over the
 * whole training set) every `config.every` steps. The CPU trainer runs in Node and in a Web Worker;
 * the WebGPU trainer keeps the weights on the device for the whole run.
 */
import type { EngineInfo } from '../stats';
import type { LayerShape } from './model';
import type { TrainLayerStats } from './tracking';
import type { TaskName, TrainConfig } from './train-config';

/** The per-layer checkpoint statistics, declared in TRAIN_LAYER_STATS (src/sim/train/tracking.ts). */
export type { TrainLayerStats };

export interface SplitMetrics {
  /** Mean loss over the split (softmax cross-entropy or ½ squared error). */
  loss: number;
  /** Fraction classified correctly; null for regression. */
  accuracy: number | null;
}

export interface Checkpoint {
  step: number;
  train: SplitMetrics;
  test: SplitMetrics;
  layers: TrainLayerStats[];
  /** Σ over layers of `revived`. */
  revivals: number;
  /** Σ over layers of `revivedEver`. */
  revivedUnits: number;
}

export interface GridPrediction {
  resolution: number;
  bounds: [number, number, number, number];
  outputs: number;
  classification: boolean;
  /**
   * resolution² × outputs: softmax probabilities (classification) or predictions (regression) at
   * x = xMin + (c + ½)/res·(xMax − xMin), y = yMax − (r + ½)/res·(yMax − yMin), index (r·res + c)·outputs + k.
   */
  values: Float32Array;
}

export interface TaskSummary {
  name: TaskName;
  inputDim: number;
  outputs: number;
  classification: boolean;
  trainSize: number;
  testSize: number;
}

export interface Trainer {
  readonly kind: 'reference' | 'cpu' | 'webgpu';
  /** Steps taken since init. */
  readonly stepsDone: number;
  /** Builds the task and the network, and returns the step-0 checkpoint. */
  init(config: TrainConfig): Promise<Checkpoint>;
  /**
   * Runs up to n more steps (never past config.steps) and returns the checkpoints reached: every
   * multiple of config.every, and the last step.
   */
  step(n: number): Promise<Checkpoint[]>;
  /** The network's outputs over a resolution × resolution grid of the task's input region (2-D tasks). */
  predictGrid(resolution: number): Promise<GridPrediction>;
  engineInfo(): EngineInfo;
  dispose(): void;
}

export interface TrainResult {
  config: TrainConfig;
  engine: EngineInfo;
  task: TaskSummary;
  model: { layers: LayerShape[]; parameters: number; learnedSlope: 'per-layer' | null };
  checkpoints: Checkpoint[];
  timing: { ms: number; msPerStep: number };
}

export interface TrainRunOptions {
  onCheckpoint?: (c: Checkpoint) => void;
  onProgress?: (p: { fraction: number; message: string }) => void;
  signal?: AbortSignal;
}

/** Whether a checkpoint falls on step t. */
export function isCheckpointStep(t: number, config: Pick<TrainConfig, 'every' | 'steps'>): boolean {
  return t % config.every === 0 || t === config.steps;
}
