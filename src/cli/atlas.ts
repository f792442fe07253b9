/**
 * `npm run atlas`: the theory atlas of src/sim/atlas.ts — for every activation × weight scale, the
 * worst gap in decades between the mean-field δ and the median simulated δ over seeds, with the
 * run's theory note. Minutes of work on the CPU engine: a report for the README, never a test.
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { openCpuBackend } from '../cpu/backend';
import { ACTIVATION_NAMES } from '../sim/activations';
import { ATLAS_SIZE, atlasCells, atlasConfig, atlasGap, type AtlasCell, type AtlasGap } from '../sim/atlas';
import { simulateCpu } from '../sim/cpu-engine';
import { choice } from '../sim/field-kinds';
import { chi1At } from '../sim/phase';
import { runSeeds } from '../sim/seeds';
import { runActivation } from '../sim/specs';
import { markdownTable, refuseRepeatsAndEmpties } from './cli-common';
import { runCli, terminalProgress, UsageError } from './cli-errors';
import { outputTarget, writeOutput } from './output';

const HELP = `Usage: npm run atlas -- [options]

  --activations LIST  activations (default all ${ACTIVATION_NAMES.length})
  --seeds N           seeds per cell; the median deltaLog10 over them is compared (default ${ATLAS_SIZE.seeds})
  --depth N --width N --batch N   (default ${ATLAS_SIZE.depth}, ${ATLAS_SIZE.width}, ${ATLAS_SIZE.batch})
  --threads N         threads of the CPU engine (default: all cores)
  --format table|json (default table)
  -h, --help
`;

function positive(name: string, value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1) throw new UsageError(`--${name} must be a positive integer (got '${value}')`);
  return x;
}

interface Row extends AtlasCell, AtlasGap {
  chi1: number;
}

function table(rows: Row[]): string {
  const head = ['activation', 'weights', 'σ_w²', 'σ_b²', 'χ₁', 'worst gap (decades)', 'at layer', 'log₁₀ δ₁ sim', 'log₁₀ δ₁ theory', 'theory note'];
  const body = rows.map((r) => [
    r.activation, r.scale, r.sigmaW2.toFixed(3), String(r.sigmaB2), r.chi1.toFixed(3), r.worst.toFixed(3), String(r.layer),
    r.simFirst.toFixed(2), r.theoryFirst.toFixed(2), r.note ?? '',
  ]);
  return markdownTable(head, body);
}

async function main(argv: string[]): Promise<number> {
  const { values, tokens } = parseArgs({
    args: argv,
    tokens: true,
    options: {
      activations: { type: 'string' },
      seeds: { type: 'string', default: String(ATLAS_SIZE.seeds) },
      depth: { type: 'string', default: String(ATLAS_SIZE.depth) },
      width: { type: 'string', default: String(ATLAS_SIZE.width) },
      batch: { type: 'string', default: String(ATLAS_SIZE.batch) },
      threads: { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  refuseRepeatsAndEmpties(tokens, (flag) => flag === 'activations');
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = values.format === undefined ? 'table' : choice(['table', 'json'] as const).parse(values.format, '--format', {});
  const size = { seeds: positive('seeds', values.seeds), depth: positive('depth', values.depth), width: positive('width', values.width), batch: positive('batch', values.batch) };
  const names = values.activations?.split(',').map((s) => s.trim()) ?? ACTIVATION_NAMES;
  const unknown = names.find((n) => !ACTIVATION_NAMES.includes(n));
  if (unknown !== undefined) throw new UsageError(`unknown activation '${unknown}' (choose from ${ACTIVATION_NAMES.join(', ')})`);
  const cells = atlasCells().filter((c) => names.includes(c.activation));

  const backend = await openCpuBackend('cpu', values.threads === undefined ? {} : { threads: positive('threads', values.threads) });
  const progress = terminalProgress();
  const rows: Row[] = [];
  try {
    for (const [i, cell] of cells.entries()) {
      progress?.({ fraction: i / cells.length, message: `${cell.activation} ${cell.scale}` });
      const median = await runSeeds(atlasConfig(cell, size), size.seeds, (config, options) => simulateCpu(config, backend, options));
      rows.push({ ...cell, ...atlasGap(median), chi1: chi1At(runActivation(cell.activation), cell.sigmaW2, cell.sigmaB2) });
    }
  } finally {
    backend.dispose();
  }
  progress?.({ fraction: 1, message: 'done' });
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.versions.node}`;
  if (format === 'json') {
    await writeOutput(outputTarget(null), [`${JSON.stringify({ machine, size, rows }, null, 2)}\n`]);
    return 0;
  }
  await writeOutput(outputTarget(null), [[
    `machine: ${machine}; depth ${size.depth}, width ${size.width}, batch ${size.batch}, ${size.seeds} seeds per cell, CPU engine`,
    'worst gap: max over layers of |median over seeds of deltaLog10 − theoryDeltaLog10| (decades)',
    '',
    table(rows),
    '',
  ].join('\n')]);
  return 0;
}

await runCli('atlas', () => main(process.argv.slice(2)));
