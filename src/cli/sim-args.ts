/** The `sim` command line: flags → a validated SimConfig plus how to run and print it. */
import { ACTIVATIONS } from '../sim/activations';
import { checkSeedRange, normalizeConfig, type SimConfig } from '../sim/config';
import { INITS } from '../sim/inits';
import { checkSeedMemory } from '../sim/seeds';
import { optionsHelp, readCommandLine, readRunOptions, type EngineKind, type Format } from './cli-common';
import { UsageError } from './cli-errors';

export interface SimArgs {
  config: SimConfig;
  engine: EngineKind;
  /** Threads of --engine cpu; null: every core. */
  threads: number | null;
  format: Format;
  out: string | null;
  /** --theory: add the mean-field prediction to every layer and run. */
  theory: boolean;
  /** --theory-only: print the prediction without simulating. */
  theoryOnly: boolean;
  /** --seeds N: run seeds seed … seed+N−1 and report per-layer medians and bands (1 = a single run). */
  seeds: number;
}

export function simHelp(): string {
  const acts = ACTIVATIONS.map((a) => `    ${(a.param ? `${a.name}[:${a.param.name}=${a.param.default}]` : a.name).padEnd(26)}${a.summary}`).join('\n');
  const inits = INITS.map((i) => `    ${(i.param ? `${i.name}[:${i.param.name}=${i.param.default}]` : i.name).padEnd(26)}${i.summary}`).join('\n');
  return `Usage: npm run sim -- [options]

Simulates a deep fully-connected network: forward s_l = W_l h_{l-1} + b_l, h_l = f(s_l), then the
backward recurrence δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l), and prints per-layer statistics.

${optionsHelp('sim')}

Activations:
${acts}

Inits:
${inits}

Exit codes: 0 success, 2 bad input (one line on stderr), 1 other failure.
`;
}

export function parseSimArgs(argv: string[]): SimArgs {
  const line = readCommandLine('sim', argv);
  const config = normalizeConfig(line);
  const { engine, threads, format, out, theory, theoryOnly, seeds } = readRunOptions('sim', line);
  if (theoryOnly && line.seeds !== undefined) throw new UsageError('--theory-only runs no simulation; it cannot be combined with --seeds');
  if (theoryOnly && line.engine !== undefined) throw new UsageError('--theory-only runs no simulation; it cannot be combined with --engine');
  if (threads !== null && engine !== 'cpu') throw new UsageError(`--threads sets the threads of --engine cpu; it cannot be combined with --engine ${engine}`);
  if (theoryOnly && config.spectrum) throw new UsageError('--theory-only runs no simulation; it cannot be combined with --spectrum');
  checkSeedRange(config.seed, seeds, config.spectrum);
  checkSeedMemory(config, seeds);
  return { config, engine, threads, format, out, theory, theoryOnly, seeds };
}
