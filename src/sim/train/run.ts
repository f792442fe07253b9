/** Runs a whole training with any Trainer and collects the checkpoints into a TrainResult (CLI, tests, the app's exports). */
import { AbortedError } from '../cpu-engine';
import { paramCount, modelActivations, modelShapes } from './model';
import { TASK_INPUT_DIM } from './tasks';
import type { TrainConfig } from './train-config';
import type { Checkpoint, Trainer, TrainResult, TrainRunOptions } from './trainer';

export async function runTraining(trainer: Trainer, config: TrainConfig, options: TrainRunOptions = {}): Promise<TrainResult> {
  const start = performance.now();
  const checkpoints: Checkpoint[] = [];
  const record = (c: Checkpoint): void => {
    checkpoints.push(c);
    options.onCheckpoint?.(c);
  };
  record(await trainer.init(config));
  const trainStart = performance.now();
  while (trainer.stepsDone < config.steps) {
    if (options.signal?.aborted) throw new AbortedError();
    const n = Math.min(config.every - (trainer.stepsDone % config.every), config.steps - trainer.stepsDone);
    for (const c of await trainer.step(n)) record(c);
    options.onProgress?.({ fraction: trainer.stepsDone / Math.max(1, config.steps), message: `step ${trainer.stepsDone}/${config.steps}` });
  }
  const ms = performance.now() - start;
  return {
    config,
    engine: trainer.engineInfo(),
    ...trainSummary(config),
    checkpoints,
    timing: { ms, msPerStep: config.steps > 0 ? (performance.now() - trainStart) / config.steps : 0 },
  };
}

/** What a TrainResult says of the task and the model, which follow from the configuration alone. */
export function trainSummary(config: TrainConfig): Pick<TrainResult, 'task' | 'model'> {
  const shapes = modelShapes(config.depth, config.width, TASK_INPUT_DIM, config.classes);
  return {
    task: {
      name: config.task, inputDim: TASK_INPUT_DIM, outputs: config.classes, classification: config.task !== 'teacher',
      trainSize: config.trainSize, testSize: config.testSize,
    },
    model: {
      layers: shapes, parameters: paramCount(shapes, { norm: config.norm, alpha: config.alpha, affine: config.affine }),
      learnedSlope: modelActivations(config).learnedSlope ? 'per-layer' : null,
    },
  };
}
