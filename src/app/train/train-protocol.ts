/** Messages between the page and the CPU trainer's Web Worker (one worker per trained network). */
import type { EngineInfo } from '../../sim/stats';
import type { TrainConfig } from '../../sim/train/train-config';
import type { Checkpoint, GridPrediction } from '../../sim/train/trainer';

export type TrainRequest =
  | { type: 'init'; id: number; config: TrainConfig; memoryLimit: number }
  | { type: 'step'; id: number; n: number }
  | { type: 'grid'; id: number; resolution: number };

export type TrainReply =
  | { type: 'init'; id: number; checkpoint: Checkpoint; engine: EngineInfo }
  | { type: 'step'; id: number; checkpoints: Checkpoint[]; stepsDone: number }
  | { type: 'grid'; id: number; grid: GridPrediction }
  | { type: 'error'; id: number; message: string; configError: boolean };
