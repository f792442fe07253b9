/**
 * What the `sim`, `train` and `bench` commands share: their options and --help, read from the
 * configuration table (src/sim/config-fields.ts), and the main loop of the commands that print one result.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../sim/config-error';
import {
  fieldText, fieldsOf, isCliOption, readField, type Command, type FieldId, type FieldValues, type Format,
} from '../sim/config-fields';
import { count, integer } from '../sim/field-kinds';
import { UsageError } from './cli-errors';
import { outputTarget, writeOutput, wroteLine } from './output';

export type { EngineKind, Format } from '../sim/config-fields';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The node:util parseArgs options of `command`: every field it uses, by flag. */
export function commandOptions(command: Command): Options {
  const options: Options = {};
  for (const { field } of fieldsOf(command)) {
    options[field.flag] = field.short
      ? { type: field.kind.arg === undefined ? 'boolean' : 'string', short: field.short }
      : { type: field.kind.arg === undefined ? 'boolean' : 'string' };
  }
  return options;
}

/** The command line's values by field id, as text (switches as true). */
export type CommandLine = Partial<Record<FieldId, string | boolean>>;

/**
 * Refuses, with one line, an option given twice (parseArgs would keep the last one silently) and an
 * empty value; `isList` names the options whose message adds that a list goes in one value.
 */
export function refuseRepeatsAndEmpties(tokens: ReturnType<typeof parseArgs>['tokens'] & object, isList: (flag: string) => boolean = () => false): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) {
      throw new UsageError(`option --${token.name} is given twice; give it once${isList(token.name) ? ' (a list goes in one value, comma separated)' : ''}`);
    }
    seen.add(token.name);
    if (typeof token.value === 'string' && token.value.trim() === '') throw new UsageError(`option --${token.name} needs a value (got an empty one)`);
  }
}

/**
 * Reads argv against `command`'s options. Refused with one line: unknown options and stray
 * arguments (parseArgs, strict), an option given twice (parseArgs would keep the last one
 * silently) and an empty value (`--out ''` would otherwise mean stdout, `--sigma-w2 ''` no σ_w²).
 */
export function readCommandLine(command: Command, argv: string[]): CommandLine {
  const { values, tokens } = parseArgs({ args: argv, options: commandOptions(command), strict: true, allowPositionals: false, tokens: true });
  refuseRepeatsAndEmpties(tokens, (flag) => fieldsOf(command).find(({ field }) => field.flag === flag)?.field.kind.arg === 'LIST');
  const line: CommandLine = {};
  for (const { id, field } of fieldsOf(command)) {
    const value = values[field.flag];
    if (typeof value === 'string' || typeof value === 'boolean') line[id] = value;
  }
  return line;
}

/** The options of `command` that say how it runs (engine, output, seeds, …); those only the command line has refuse as usage errors. */
export function readRunOptions<C extends Command>(command: C, line: CommandLine): FieldValues<C, 'run'> {
  const out: Record<string, unknown> = {};
  for (const { id, field } of fieldsOf(command, 'run')) {
    try {
      out[id] = readField(command, id, line[id]);
    } catch (err) {
      throw err instanceof ConfigError && isCliOption(field) ? new UsageError(err.message) : err;
    }
  }
  return out as FieldValues<C, 'run'>;
}

const HELP_COLUMN = 26;

/** The --help lines of `command`'s options, under their sections; defaults and integer ranges from the table. */
export function optionsHelp(command: Command, section = 'Options'): string {
  const groups = new Map<string, string[]>();
  for (const { id, field, use } of fieldsOf(command)) {
    const arg = field.arg ?? use.choices?.join('|') ?? field.kind.arg;
    const left = `  ${field.short ? `-${field.short}, ` : '    '}--${field.flag}${arg ? ` ${arg}` : ''}`;
    const ranged = (field.kind === integer || field.kind === count) && use.min !== undefined && use.max !== undefined;
    const shown = use.default === false ? '' : fieldText(id, use.default);
    const line = `${left.padEnd(HELP_COLUMN - 1)} ${use.help}${ranged ? `, ${use.min} … ${use.max}` : ''}${shown ? ` (default ${shown})` : ''}`;
    const group = use.group ?? section;
    groups.set(group, [...(groups.get(group) ?? []), line]);
  }
  return [...groups].map(([group, lines]) => `${group}:\n${lines.join('\n')}`).join('\n');
}

/** A command that computes one result and prints it in the chosen format. */
export interface OutputCommand<A extends { format: Format; out: string | null }, R> {
  help(): string;
  parse(argv: string[]): A;
  compute(args: A): Promise<R>;
  /** The output in pieces (lines, or a few KiB of JSON): it is streamed, never built as one string. */
  render(result: R, format: Format): Iterable<string>;
}

/**
 * --help, or parse → check --out → compute → render, streamed to --out FILE (atomically, see
 * output.ts) or stdout. The output path is checked before anything is computed. Returns the exit code.
 */
export async function runOutputCommand<A extends { format: Format; out: string | null }, R>(argv: string[], command: OutputCommand<A, R>): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(command.help());
    return 0;
  }
  const args = command.parse(argv);
  const target = outputTarget(args.out);
  const result = await command.compute(args);
  await writeOutput(target, command.render(result, args.format));
  const wrote = wroteLine(target);
  if (wrote) process.stderr.write(`${wrote}\n`);
  return 0;
}

/** A Markdown table with right-aligned columns, as the benchmarks print them. */
export function markdownTable(head: string[], body: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
