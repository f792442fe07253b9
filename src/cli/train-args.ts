/** The `train` command line: flags → a validated TrainConfig plus how to run and print it. */
import { TASK_INFO } from '../sim/train/tasks';
import { TASK_NAMES, normalizeTrainConfig, type TrainConfig } from '../sim/train/train-config';
import { optionsHelp, readCommandLine, readRunOptions, type EngineKind, type Format } from './cli-common';
import { UsageError } from './cli-errors';

export interface TrainArgs {
  config: TrainConfig;
  engine: EngineKind;
  /** Threads of --engine cpu; null: every core. */
  threads: number | null;
  format: Format;
  out: string | null;
}

export function trainHelp(): string {
  const tasks = TASK_NAMES.map((t) => `    ${t.padEnd(12)}${TASK_INFO[t].summary}`).join('\n');
  return `Usage: npm run train -- [options]

Trains a fully-connected network (input layer → depth hidden layers → linear head) on a small task
and prints, every --every steps, train/test loss and accuracy and per-layer statistics over the whole
training set: deltaRms, weightGradRms, zeroFraction, deadFraction, and revivals of dead units.

${optionsHelp('train')}

Tasks (2-D inputs in about [-1, 1]²):
${tasks}

Exit codes: 0 success, 2 bad input (one line on stderr), 1 other failure.
`;
}

export function parseTrainArgs(argv: string[]): TrainArgs {
  const line = readCommandLine('train', argv);
  const config = normalizeTrainConfig(line);
  const { engine, threads, format, out } = readRunOptions('train', line);
  if (threads !== null && engine !== 'cpu') throw new UsageError(`--threads sets the threads of --engine cpu; it cannot be combined with --engine ${engine}`);
  return { config, engine, threads, format, out };
}
