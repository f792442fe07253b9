/**
 * The one exit-code policy of the command-line tools: bad input, and a setup the user must fix (no
 * browser, a browser that does not start, no WebGPU adapter) → one line on stderr and exit 2;
 * anything else that fails → one line and exit 1. Never a stack trace (set DELTASCOPE_DEBUG=1 for one).
 * Errors are told apart by class name, so those thrown in the headless page count the same.
 */

/** A malformed command line (unknown flag, missing value, …). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs throws TypeErrors with codes; turn them into one readable line. */
export function usageFromParseArgs(err: unknown): UsageError | null {
  const e = err as { code?: string; message?: string };
  if (!e?.code?.startsWith('ERR_PARSE_ARGS')) return null;
  const msg = e.message ?? 'invalid arguments';
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return new UsageError(`unknown option ${unknown[1]} (see --help)`);
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(msg);
  if (missing) return new UsageError(`option ${missing[1].split(',').pop()!.trim()} needs a value`);
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(msg);
  if (ambiguous) return new UsageError(`option ${ambiguous[1]} needs a value; write ${ambiguous[1]}=VALUE for one that starts with '-'`);
  const positional = /Unexpected argument '([^']+)'/.exec(msg);
  if (positional) return new UsageError(`unexpected argument '${positional[1]}' (options start with --; see --help)`);
  return new UsageError(msg.split('\n')[0]);
}

/** Errors of the environment the user must fix: no browser, one that does not start, no WebGPU adapter. */
const SETUP_ERRORS = new Set(['BrowserMissingError', 'BrowserLaunchError', 'WebGpuUnavailableError']);
/** Bad input, and setup errors: exit 2. */
const USER_ERRORS = new Set(['ConfigError', 'UsageError', ...SETUP_ERRORS]);

export function isSetupError(err: unknown): err is Error {
  return err instanceof Error && SETUP_ERRORS.has(err.name);
}

export function exitCodeFor(err: unknown): number {
  return err instanceof Error && USER_ERRORS.has(err.name) ? 2 : 1;
}

/** Runs a CLI main function and maps failures to the exit-code policy. */
export async function runCli(tool: string, main: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await main()) ?? 0;
  } catch (err) {
    const usage = usageFromParseArgs(err);
    const error = usage ?? err;
    const message = error instanceof Error ? error.message : String(error);
    // One line, whatever the error: a native library's message (Dawn's) may run over several.
    process.stderr.write(`${tool}: ${message.split('\n')[0].trim()}\n`);
    if (process.env.DELTASCOPE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = exitCodeFor(error);
  }
}

/** Progress on stderr, only when stderr is a terminal (never pollutes piped output). */
export function terminalProgress(): ((p: { fraction: number; message: string }) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = '';
  return ({ fraction, message }) => {
    const line = `\r[${(fraction * 100).toFixed(0).padStart(3)}%] ${message}`.padEnd(60);
    if (line !== last) process.stderr.write(line);
    last = line;
    if (fraction >= 1) process.stderr.write('\r'.padEnd(61) + '\r');
  };
}
