/** The `sim` command line: flags → a validated SimConfig plus output options. */
import { parseArgs } from 'node:util';
import { ACTIVATIONS } from '../sim/activations';
import { normalizeConfig, type SimConfig } from '../sim/config';
import { INITS } from '../sim/inits';
import { checkSeedCount } from '../sim/seeds';
import { ENGINES, FORMATS, oneOf, type EngineKind, type Format } from './cli-common';
import { UsageError } from './cli-errors';

export interface SimArgs {
  help: boolean;
  config: SimConfig;
  engine: EngineKind;
  format: Format;
  out: string | null;
  /** --theory: add the mean-field prediction to every layer and run. */
  theory: boolean;
  /** --theory-only: print the prediction without simulating. */
  theoryOnly: boolean;
  /** --seeds N: run seeds seed … seed+N−1 and report per-layer medians and bands (1 = a single run). */
  seeds: number;
}

const OPTIONS = {
  activation: { type: 'string', short: 'a' },
  backward: { type: 'string' },
  init: { type: 'string', short: 'i' },
  'sigma-w2': { type: 'string' },
  'sigma-b2': { type: 'string' },
  depth: { type: 'string', short: 'd' },
  width: { type: 'string', short: 'w' },
  batch: { type: 'string', short: 'b' },
  seed: { type: 'string', short: 's' },
  top: { type: 'string' },
  'weight-grads': { type: 'boolean' },
  theory: { type: 'boolean' },
  'theory-only': { type: 'boolean' },
  seeds: { type: 'string' },
  engine: { type: 'string', short: 'e' },
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function simHelp(): string {
  const acts = ACTIVATIONS.map((a) => `    ${(a.param ? `${a.name}[:${a.param.name}=${a.param.default}]` : a.name).padEnd(26)}${a.summary}`).join('\n');
  const inits = INITS.map((i) => `    ${(i.param ? `${i.name}[:${i.param.name}=${i.param.default}]` : i.name).padEnd(26)}${i.summary}`).join('\n');
  return `Usage: npm run sim -- [options]

Simulates a deep fully-connected network: forward s_l = W_l h_{l-1} + b_l, h_l = f(s_l), then the
backward recurrence δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l), and prints per-layer statistics.

Options:
  -a, --activation LIST   activations to compare, comma separated (default relu); name:value sets a parameter
      --backward SPEC     use this activation's derivative in the backward pass for every run
  -i, --init NAME         weight init (default he-normal)
      --sigma-w2 X        custom init W ~ N(0, X/fan_in) (implies --init custom)
      --sigma-b2 X        biases ~ N(0, X) (default 0: no bias)
  -d, --depth N           layers (default 100)
  -w, --width N           units per layer (default 256)
  -b, --batch N           inputs per batch (default 32)
  -s, --seed N            seed, 0 … 4294967295 (default 1)
      --top random|mse    δ at the output: N(0,1) (default), or ∂/∂s of ½‖h − t‖² with t ~ N(0,1)
      --weight-grads      also report weightGradRms (RMS of δ_l h_{l-1}ᵀ / batch)
      --theory            add the mean-field prediction (Poole et al. 2016; Schoenholz et al. 2017): theoryQ and
                          theoryDeltaRms per layer, q*, χ₁ and the depth scale ξ per run
      --theory-only       print the mean-field prediction without simulating
      --seeds N           run seeds seed … seed+N−1; layers hold per-layer medians, seedBands the 10/25/75/90% quantiles
  -e, --engine cpu|webgpu (default cpu; webgpu runs in headless Chromium)
  -f, --format table|json|csv (default table)
  -o, --out FILE          write the output to FILE instead of stdout
  -h, --help              this help

Activations:
${acts}

Inits:
${inits}

Exit codes: 0 success, 2 bad input (one line on stderr), 1 other failure.
`;
}

export function parseSimArgs(argv: string[]): SimArgs {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const help = values.help ?? false;
  const config = normalizeConfig({
    activations: values.activation,
    backward: values.backward,
    init: values.init,
    sigmaW2: values['sigma-w2'],
    sigmaB2: values['sigma-b2'],
    depth: values.depth,
    width: values.width,
    batch: values.batch,
    seed: values.seed,
    top: values.top,
    weightGrads: values['weight-grads'],
  });
  const theoryOnly = values['theory-only'] ?? false;
  const seeds = values.seeds === undefined ? 1 : checkSeedCount(values.seeds, config.seed);
  if (theoryOnly && values.seeds !== undefined) throw new UsageError('--theory-only runs no simulation; it cannot be combined with --seeds');
  if (theoryOnly && values.engine !== undefined) throw new UsageError('--theory-only runs no simulation; it cannot be combined with --engine');
  return {
    help,
    config,
    engine: oneOf('engine', values.engine, ENGINES, 'cpu'),
    format: oneOf('format', values.format, FORMATS, 'table'),
    out: values.out ?? null,
    theory: values.theory ?? false,
    theoryOnly,
    seeds,
  };
}
