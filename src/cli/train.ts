/** `npm run train -- [options]`: train a network headless and print the tracked statistics. */
import { withWebGpu } from '../node/webgpu-host';
import { CpuTrainer } from '../sim/train/cpu-trainer';
import { trainJson, trainToCsv, trainToTable } from '../sim/train/format';
import { runTraining } from '../sim/train/run';
import type { TrainResult } from '../sim/train/trainer';
import { runOutputCommand } from './cli-common';
import { runCli, terminalProgress } from './cli-errors';
import { parseTrainArgs, trainHelp, type TrainArgs } from './train-args';

async function train(args: TrainArgs): Promise<TrainResult> {
  const onProgress = terminalProgress();
  if (args.engine === 'webgpu') return withWebGpu('train', async (gpu) => (await gpu.train(args.config, { onProgress })).result);
  return runTraining(new CpuTrainer(), args.config, { onProgress });
}

export function renderTrain(result: TrainResult, format: TrainArgs['format']): string {
  switch (format) {
    case 'json':
      return trainJson(result);
    case 'csv':
      return trainToCsv(result);
    case 'table':
      return trainToTable(result);
  }
}

await runCli('train', () => runOutputCommand(process.argv.slice(2), { help: trainHelp, parse: parseTrainArgs, compute: train, render: renderTrain }));
