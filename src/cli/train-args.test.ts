import { expect, test } from 'vitest';
import { ConfigError } from '../sim/config';
import { hiddenDeadFraction, trainToCsv, trainToTable } from '../sim/train/format';
import { trainConfigJson } from '../sim/train/train-config';
import { CpuTrainer } from '../sim/train/cpu-trainer';
import { runTraining } from '../sim/train/run';
import { toJson } from '../sim/stats';
import { UsageError, exitCodeFor, usageFromParseArgs } from './cli-errors';
import { parseTrainArgs, trainHelp } from './train-args';

function failure(argv: string[]): { message: string; code: number } {
  try {
    parseTrainArgs(argv);
  } catch (e) {
    const err = usageFromParseArgs(e) ?? e;
    return { message: (err as Error).message, code: exitCodeFor(err) };
  }
  throw new Error(`expected ${argv.join(' ')} to fail`);
}

test('the issue\'s example command line parses', () => {
  const a = parseTrainArgs('--task xor --activation relu --init he-normal --depth 20 --width 64 --optimizer adam --lr 0.01 --steps 2000 --every 50 --engine webgpu --format json'.split(' '));
  expect(trainConfigJson(a.config)).toMatchObject({ task: 'xor', activation: 'relu', init: 'he-normal', depth: 20, width: 64, optimizer: 'adam', lr: 0.01, steps: 2000, every: 50 });
  expect(a.engine).toBe('webgpu');
  expect(a.format).toBe('json');
  const b = parseTrainArgs(['--batch-size', '8', '--weight-decay', '1e-4', '--momentum', '0.8', '--seed', '9', '--train-size', '100', '--test-size', '50', '--task', 'gaussians', '--classes', '5', '--out', 'x.json']);
  expect(trainConfigJson(b.config)).toMatchObject({ batchSize: 8, weightDecay: 1e-4, momentum: 0.8, seed: 9, trainSize: 100, testSize: 50, classes: 5 });
  expect(b.out).toBe('x.json');
});

test.each([
  [['--bogus'], /unknown option --bogus/],
  [['--lr'], /--lr needs a value/],
  [['--lr', 'fast'], /lr must be a number/],
  [['--steps', '1.5'], /steps must be an integer/],
  [['--task', 'mnist'], /unknown task 'mnist'/],
  [['--optimizer', 'rmsprop'], /unknown optimizer/],
  [['--activation', 'swishy'], /unknown activation 'swishy'/],
  [['--init', 'kaiming'], /unknown init 'kaiming'/],
  [['--engine', 'tpu'], /--engine must be one of reference, cpu, webgpu/],
  [['--format', 'xml'], /--format must be one of/],
  [['--activation', 'relu,tanh'], /one activation/],
  [['extra'], /unexpected argument 'extra'/],
  [['--lr', ''], /option --lr needs a value/],
  [['--init', ''], /option --init needs a value/],
  [['--steps', '5', '--steps', '6'], /option --steps is given twice/],
  [['--sigma-w2', '2', '--init', 'xavier-normal'], /cannot be combined with init 'xavier-normal'/],
])('%j → one line, exit 2', (argv, message) => {
  const f = failure(argv as string[]);
  expect(f.message).toMatch(message);
  expect(f.message).not.toContain('\n');
  expect(f.code).toBe(2);
});

test('help names every task and optimizer', () => {
  const h = trainHelp();
  for (const w of ['xor', 'spirals', 'circles', 'gaussians', 'teacher', 'sgd', 'momentum', 'adam', '--weight-decay', '--every']) expect(h).toContain(w);
});

test('CSV has one row per checkpoint and layer; JSON round-trips with Inf/NaN as null', async () => {
  const config = parseTrainArgs(['--depth', '1', '--width', '4', '--steps', '4', '--every', '2']).config;
  const r = await runTraining(new CpuTrainer(), config);
  const csv = trainToCsv(r).trim().split('\n');
  expect(csv).toHaveLength(1 + 3 * 3);
  expect(csv[0].split(',')).toContain('deadFraction');
  const row = csv[1].split(',');
  expect(Number(row[csv[0].split(',').indexOf('deltaRms')])).toBeCloseTo(r.checkpoints[0].layers[0].deltaRms, 6);
  const parsed = JSON.parse(toJson({ ...r, checkpoints: [{ ...r.checkpoints[0], train: { loss: NaN, accuracy: 1 } }] }));
  expect(parsed.checkpoints[0].train.loss).toBeNull();
  expect(parsed.task).toMatchObject({ name: 'xor', inputDim: 2, outputs: 2 });
  expect(parsed.model.layers.map((l: { kind: string }) => l.kind)).toEqual(['input', 'hidden', 'head']);
  expect(trainToTable(r)).toContain('units revived');
  expect(hiddenDeadFraction(r.checkpoints[0])).toBeGreaterThanOrEqual(0);
  expect(exitCodeFor(new ConfigError('x'))).toBe(2);
  expect(exitCodeFor(new UsageError('x'))).toBe(2);
});
