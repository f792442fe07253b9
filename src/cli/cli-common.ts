/** What the commands share: engine and format choices, the main loop of `sim` and `train`, tables. */
import { writeFileSync } from 'node:fs';
import { UsageError } from './cli-errors';

export const ENGINES = ['cpu', 'webgpu'] as const;
export const FORMATS = ['table', 'json', 'csv'] as const;
export type EngineKind = (typeof ENGINES)[number];
export type Format = (typeof FORMATS)[number];

/** The value of --name, case-insensitive, from `allowed`; `fallback` when the flag is absent. */
export function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  const v = value.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  return v as T;
}

/** A command that computes one result and prints it in the chosen format. */
export interface OutputCommand<A extends { format: Format; out: string | null }, R> {
  help(): string;
  parse(argv: string[]): A;
  compute(args: A): Promise<R>;
  render(result: R, format: Format): string;
}

/** --help, or parse → compute → render, written to --out FILE or stdout. Returns the exit code. */
export async function runOutputCommand<A extends { format: Format; out: string | null }, R>(argv: string[], command: OutputCommand<A, R>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(command.help());
    return 0;
  }
  const args = command.parse(argv);
  const result = await command.compute(args);
  const text = command.render(result, args.format);
  if (args.out) {
    writeFileSync(args.out, text);
    process.stderr.write(`wrote ${args.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** A Markdown table with right-aligned columns, as the benchmarks print them. */
export function markdownTable(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
