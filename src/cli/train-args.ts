/** The `train` command line: flags → a validated TrainConfig plus output options. */
import { parseArgs } from 'node:util';
import { ACTIVATION_NAMES } from '../sim/activations';
import { INIT_NAMES } from '../sim/inits';
import { TASK_INFO } from '../sim/train/tasks';
import { DEFAULT_TRAIN_CONFIG as D, OPTIMIZER_NAMES, TASK_NAMES, normalizeTrainConfig, type TrainConfig } from '../sim/train/train-config';
import { UsageError } from './cli-errors';
import { ENGINES, FORMATS, oneOf, type EngineKind, type Format } from './cli-common';

export interface TrainArgs {
  config: TrainConfig;
  engine: EngineKind;
  format: Format;
  out: string | null;
}

const OPTIONS = {
  task: { type: 'string', short: 't' },
  classes: { type: 'string' },
  noise: { type: 'string' },
  activation: { type: 'string', short: 'a' },
  backward: { type: 'string' },
  init: { type: 'string', short: 'i' },
  'sigma-w2': { type: 'string' },
  'sigma-b2': { type: 'string' },
  'bias-init': { type: 'string' },
  depth: { type: 'string', short: 'd' },
  width: { type: 'string', short: 'w' },
  optimizer: { type: 'string' },
  lr: { type: 'string' },
  momentum: { type: 'string' },
  beta1: { type: 'string' },
  beta2: { type: 'string' },
  eps: { type: 'string' },
  'weight-decay': { type: 'string' },
  'batch-size': { type: 'string', short: 'b' },
  steps: { type: 'string' },
  every: { type: 'string' },
  seed: { type: 'string', short: 's' },
  'train-size': { type: 'string' },
  'test-size': { type: 'string' },
  engine: { type: 'string', short: 'e' },
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function trainHelp(): string {
  const tasks = TASK_NAMES.map((t) => `    ${t.padEnd(12)}${TASK_INFO[t].summary}`).join('\n');
  return `Usage: npm run train -- [options]

Trains a fully-connected network (input layer → depth hidden layers → linear head) on a small task
and prints, every --every steps, train/test loss and accuracy and per-layer statistics over the whole
training set: deltaRms, weightGradRms, zeroFraction, deadFraction, and revivals of dead units.

Task:
  -t, --task NAME          ${TASK_NAMES.join(' | ')} (default ${D.task})
      --classes K          classes of the gaussians task (default 3)
      --noise X            input noise std (teacher: target noise) (default 0)
      --train-size N       training examples (default ${D.trainSize})
      --test-size N        test examples (default ${D.testSize})
Network:
  -a, --activation SPEC    one of ${ACTIVATION_NAMES.join(', ')}; name:value sets its parameter (default ${D.activation});
                           prelu's slope is learned, one per layer
      --backward SPEC      use this activation's derivative in the backward pass
  -i, --init NAME          ${INIT_NAMES.join(', ')} (default ${D.init})
      --sigma-w2 X         custom init W ~ N(0, X/fan_in)
      --sigma-b2 X         hidden biases ~ N(bias-init, X) (default 0)
      --bias-init X        mean of the hidden biases (default 0; strongly negative kills relu units)
  -d, --depth N            hidden width × width layers (default ${D.depth})
  -w, --width N            units per hidden layer (default ${D.width})
Optimizer:
      --optimizer NAME     ${OPTIMIZER_NAMES.join(' | ')} (default ${D.optimizer})
      --lr X               learning rate (default ${D.lr})
      --momentum X         momentum μ for --optimizer momentum (default ${D.momentum})
      --beta1 X, --beta2 X, --eps X   Adam's constants (default ${D.beta1}, ${D.beta2}, ${D.eps})
      --weight-decay X     L2 penalty on the weights, added to the gradient (default 0)
  -b, --batch-size N       examples per step, sampled with replacement (default ${D.batchSize}; = train-size: full batch)
      --steps N            optimizer steps (default ${D.steps})
      --every K            a checkpoint every K steps (default ${D.every}), plus step 0 and the last
  -s, --seed N             seed of the task, the init and the minibatches (default ${D.seed})
Output:
  -e, --engine cpu|webgpu  (default cpu; webgpu runs in headless Chromium)
  -f, --format table|json|csv (default table)
  -o, --out FILE           write the output to FILE instead of stdout
  -h, --help               this help

Tasks (2-D inputs in about [-1, 1]²):
${tasks}

Exit codes: 0 success, 2 bad input (one line on stderr), 1 other failure.
`;
}

export function parseTrainArgs(argv: string[]): TrainArgs {
  const { values: v } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  if (v.activation?.includes(',')) throw new UsageError(`train takes one activation (got '${v.activation}'); run it once per activation to compare`);
  const config = normalizeTrainConfig({
    task: v.task, classes: v.classes, noise: v.noise, activation: v.activation, backward: v.backward, init: v.init,
    sigmaW2: v['sigma-w2'], sigmaB2: v['sigma-b2'], biasInit: v['bias-init'], depth: v.depth, width: v.width,
    optimizer: v.optimizer, lr: v.lr, momentum: v.momentum, beta1: v.beta1, beta2: v.beta2, eps: v.eps,
    weightDecay: v['weight-decay'], batchSize: v['batch-size'], steps: v.steps, every: v.every, seed: v.seed,
    trainSize: v['train-size'], testSize: v['test-size'],
  });
  return {
    config,
    engine: oneOf('engine', v.engine, ENGINES, 'cpu'),
    format: oneOf('format', v.format, FORMATS, 'table'),
    out: v.out ?? null,
  };
}
