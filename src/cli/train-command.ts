/** The `train` command: train a network headless and print the tracked statistics (entry: train.ts). */
import { withWebGpu } from '../node/webgpu-host';
import { jsonLines } from '../sim/json-stream';
import { openCpuBackend } from '../cpu/backend';
import { CPU_TRAIN_MEMORY_LIMIT, CpuTrainer } from '../sim/train/cpu-trainer';
import { trainCsvLines, trainDocument, trainToTable } from '../sim/train/format';
import { runTraining } from '../sim/train/run';
import type { TrainResult } from '../sim/train/trainer';
import type { OutputCommand } from './cli-common';
import { terminalProgress } from './cli-errors';
import { parseTrainArgs, trainHelp, type TrainArgs } from './train-args';

async function train(args: TrainArgs): Promise<TrainResult> {
  const onProgress = terminalProgress();
  if (args.engine === 'webgpu') return withWebGpu('train', async (gpu) => (await gpu.train(args.config, { onProgress })).result);
  const trainer = new CpuTrainer(CPU_TRAIN_MEMORY_LIMIT, await openCpuBackend(args.engine, args.threads === null ? {} : { threads: args.threads }));
  try {
    return await runTraining(trainer, args.config, { onProgress });
  } finally {
    trainer.dispose();
  }
}

function renderTrain(result: TrainResult, format: TrainArgs['format']): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonLines(trainDocument(result));
    case 'csv':
      return trainCsvLines(result);
    case 'table':
      return [trainToTable(result)];
  }
}

export const trainCommand: OutputCommand<TrainArgs, TrainResult> = { help: trainHelp, parse: parseTrainArgs, compute: train, render: renderTrain };
