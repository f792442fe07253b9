/**
 * `npm run bench:cpu`: the issue's MLP (forward + backward through ReLU layers, He init, gradient
 * with respect to the input) on deltascope's CPU kernels beside tfjs 4.22's wasm and cpu backends
 * and numpy/BLAS, over widths × batches, interleaved, medians. A benchmark, never a test.
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { deltascopePeer } from '../cpu/bench/deltascope-peer';
import { numpyPeer } from '../cpu/bench/numpy-peer';
import { runGrid, type GridRow } from '../cpu/bench/run-grid';
import { tfjsPeer } from '../cpu/bench/tfjs-peer';
import type { MlpConfig, Peer } from '../cpu/bench/workload';
import { choice } from '../sim/field-kinds';
import { markdownTable } from './cli-common';
import { runCli, terminalProgress, UsageError } from './cli-errors';
import { outputTarget, writeOutput } from './output';

const PEERS = ['deltascope', 'deltascope-1t', 'tfjs-wasm', 'tfjs-cpu', 'numpy', 'numpy-1t'] as const;
type PeerName = (typeof PEERS)[number];

const HELP = `Usage: npm run bench:cpu -- [options]

  --depth N          ReLU layers (default 20)
  --widths LIST      comma-separated widths (default 128,256,512,1024)
  --batches LIST     batch sizes (default 32,128,256,512)
  --repeats N        timed passes per peer and configuration; the median is reported (default 3)
  --threads N        threads of deltascope's kernels (default: all cores)
  --peers LIST       any of ${PEERS.join(',')} (default all;
                     -1t: on one thread)
  --budget SECONDS   skip a peer where one pass would take longer (default 20; the whole
                     default grid then takes about 10 minutes on 2 cores)
  --format table|json (default table)
  -h, --help
`;

function positive(name: string, value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x) || x < 1) throw new UsageError(`--${name} must be a positive integer (got '${value}')`);
  return x;
}

function positives(name: string, value: string): number[] {
  return value.split(',').map((v) => positive(name, v.trim()));
}

async function startPeer(name: PeerName, threads: number | undefined): Promise<Peer> {
  switch (name) {
    case 'deltascope':
      return deltascopePeer(name, threads);
    case 'deltascope-1t':
      return deltascopePeer(name, 1);
    case 'tfjs-wasm':
      return tfjsPeer('wasm');
    case 'tfjs-cpu':
      return tfjsPeer('cpu');
    case 'numpy':
      return numpyPeer(name);
    case 'numpy-1t':
      return numpyPeer(name, 1);
  }
}

function table(peers: Peer[], rows: GridRow[]): string {
  const names = peers.map((p) => p.name);
  const ratioTo = ['tfjs-wasm', 'numpy', 'numpy-1t'].filter((n) => names.includes(n) && names[0] !== n);
  const compared = names.slice(1).filter((n) => rows.some((r) => r.agreement[n] !== undefined));
  const head = ['depth', 'width', 'batch', ...names.flatMap((n) => [`${n} ms`, 'GFLOP/s']), ...ratioTo.map((n) => `× ${n}`), ...compared.map((n) => `Δ ${n}`)];
  const fixed = (x: number | undefined | null, digits: number): string => (x === undefined || x === null ? '—' : x.toFixed(digits));
  const body = rows.map((r) => {
    const first = r.results[names[0]!];
    return [
      String(r.depth), String(r.width), String(r.batch),
      ...names.flatMap((n) => [fixed(r.results[n]?.ms, 1), fixed(r.results[n]?.gflops, 2)]),
      ...ratioTo.map((n) => fixed(first && r.results[n] ? r.results[n]!.ms / first.ms : null, 2)),
      ...compared.map((n) => (r.agreement[n] === undefined ? '—' : r.agreement[n]!.toExponential(1))),
    ];
  });
  return markdownTable(head, body);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      depth: { type: 'string', default: '20' },
      widths: { type: 'string', default: '128,256,512,1024' },
      batches: { type: 'string', default: '32,128,256,512' },
      repeats: { type: 'string', default: '3' },
      threads: { type: 'string' },
      peers: { type: 'string', default: PEERS.join(',') },
      budget: { type: 'string', default: '20' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const format = values.format === undefined ? 'table' : choice(['table', 'json'] as const).parse(values.format, '--format', {});
  const depth = positive('depth', values.depth);
  const widths = positives('widths', values.widths);
  const batches = positives('batches', values.batches);
  const repeats = positive('repeats', values.repeats);
  const threads = values.threads === undefined ? undefined : positive('threads', values.threads);
  const budget = Number(values.budget);
  if (!(budget > 0)) throw new UsageError(`--budget must be a positive number of seconds (got '${values.budget}')`);
  const names = values.peers.split(',').map((s) => s.trim());
  const unknown = names.find((n) => !(PEERS as readonly string[]).includes(n));
  if (unknown !== undefined) throw new UsageError(`unknown peer '${unknown}' (choose from ${PEERS.join(', ')})`);

  const peers: Peer[] = [];
  const unavailable: string[] = [];
  for (const name of names as PeerName[]) {
    try {
      peers.push(await startPeer(name, threads));
    } catch (err) {
      unavailable.push(`${name}: ${(err as Error).message}`);
    }
  }
  if (peers.length === 0) throw new Error(`no peer could start (${unavailable.join('; ')})`);
  const configs: MlpConfig[] = widths.flatMap((width) => batches.map((batch) => ({ depth, width, batch })));
  const progress = terminalProgress();
  let done = 0;
  const rows = await runGrid(peers, configs, {
    repeats,
    budgetMs: budget * 1000,
    onProgress: (message) => progress?.({ fraction: done++ / configs.length, message }),
  });
  progress?.({ fraction: 1, message: 'done' });

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.versions.node}`;
  const described = peers.map((p) => `${p.name}: ${p.describe()}`);
  for (const p of peers) p.dispose();
  // The one output writer (src/cli/output.ts): a reader that stops reading ends it quietly.
  if (format === 'json') {
    await writeOutput(outputTarget(null), [`${JSON.stringify({ machine, peers: described, unavailable, repeats, rows }, null, 2)}\n`]);
    return 0;
  }
  await writeOutput(outputTarget(null), [
    [
      `machine: ${machine}`,
      ...described,
      ...unavailable.map((u) => `not run: ${u}`),
      `ms per forward + backward pass (median of ${repeats}, peers interleaved); GFLOP/s = 2·batch·width²·(2·depth − 1) / time;`,
      `× peer: its time over ${peers[0]!.name}'s; Δ peer: relative L2 distance of its input gradient from ${peers[0]!.name}'s`,
      '  (same data; 0: the same bits; larger where a pre-activation rounds to the other side of 0 and a ReLU mask flips)',
      '',
      table(peers, rows),
      '',
    ].join('\n'),
  ]);
  return 0;
}

await runCli('bench:cpu', () => main(process.argv.slice(2)));
