/** `npm run train -- [options]`: train a network headless and print the tracked statistics. */
import { writeFileSync } from 'node:fs';
import { toJson } from '../sim/stats';
import { CpuTrainer } from '../sim/train/cpu-trainer';
import { trainToCsv, trainToTable } from '../sim/train/format';
import { runTraining } from '../sim/train/run';
import type { TrainResult } from '../sim/train/trainer';
import { runCli, terminalProgress } from './cli-errors';
import { parseTrainArgs, trainHelp, type TrainArgs } from './train-args';

async function train(args: TrainArgs): Promise<TrainResult> {
  const onProgress = terminalProgress();
  if (args.engine === 'webgpu') {
    const { trainWebGpuHeadless } = await import('../node/train-runner');
    return trainWebGpuHeadless(args.config, { onProgress });
  }
  return runTraining(new CpuTrainer(), args.config, { onProgress });
}

export function renderTrain(result: TrainResult, format: TrainArgs['format']): string {
  switch (format) {
    case 'json':
      return `${toJson(result)}\n`;
    case 'csv':
      return trainToCsv(result);
    case 'table':
      return trainToTable(result);
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(trainHelp());
    return 0;
  }
  const args = parseTrainArgs(argv);
  const result = await train(args);
  const text = renderTrain(result, args.format);
  if (args.out) {
    writeFileSync(args.out, text);
    process.stderr.write(`wrote ${args.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

await runCli('train', () => main(process.argv.slice(2)));
