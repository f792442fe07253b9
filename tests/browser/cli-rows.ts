/**
 * Runs many command lines in one Node process, each exactly as its entry (src/cli/sim.ts, …) runs it:
 * `runCli(tool, () => runOutputCommand(argv, command))`, with its stdout, stderr and exit code
 * captured. The hostile-input table and the property test start one of these instead of one
 * process per row (a CLI start-up costs ~0.6 s).
 *
 *   node --import tsx tests/browser/cli-rows.ts rows.json results.json
 *
 * rows.json: [{ tool, args, env? }]; results.json gets [{ status, stdout, stderr }] in the same order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { benchCommand } from '../../src/cli/bench-command';
import { runOutputCommand, type OutputCommand } from '../../src/cli/cli-common';
import { runCli } from '../../src/cli/cli-errors';
import type { Format } from '../../src/cli/cli-common';
import { simCommand } from '../../src/cli/sim-command';
import { trainCommand } from '../../src/cli/train-command';

export interface RowRequest {
  tool: 'sim' | 'train' | 'bench';
  args: string[];
  env?: Record<string, string>;
}

export interface RowResult {
  status: number;
  stdout: string;
  stderr: string;
}

const COMMANDS: Record<RowRequest['tool'], OutputCommand<{ format: Format; out: string | null }, unknown>> = {
  sim: simCommand as OutputCommand<{ format: Format; out: string | null }, unknown>,
  train: trainCommand as OutputCommand<{ format: Format; out: string | null }, unknown>,
  bench: benchCommand as OutputCommand<{ format: Format; out: string | null }, unknown>,
};

async function runRow(row: RowRequest): Promise<RowResult> {
  const saved = { ...process.env };
  Object.assign(process.env, row.env ?? {});
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  const collect = (into: string[]) => (chunk: string | Uint8Array): boolean => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  process.stdout.write = collect(out) as typeof process.stdout.write;
  process.stderr.write = collect(err) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await runCli(row.tool, () => runOutputCommand(row.args, COMMANDS[row.tool]));
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { status, stdout: out.join(''), stderr: err.join('') };
}

const [rowsFile, resultsFile] = process.argv.slice(2);
const rows = JSON.parse(readFileSync(rowsFile, 'utf8')) as RowRequest[];
const results: RowResult[] = [];
for (const row of rows) results.push(await runRow(row));
writeFileSync(resultsFile, JSON.stringify(results));
process.exit(0);
