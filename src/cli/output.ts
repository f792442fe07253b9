/**
 * The one output writer of the command-line tools. `outputTarget` checks `--out FILE` before
 * anything is computed (a missing folder, a directory, a path that cannot be written are bad
 * input: exit 2, one line). `writeOutput` streams the rendered chunks, so no output is ever built
 * as one string, and writes a file atomically: into a temporary file beside the target, renamed
 * over it only once every byte is written and flushed. A failed write (a full disk) removes the
 * temporary file and leaves an existing target unchanged and no new one behind.
 */
import { accessSync, closeSync, constants, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './cli-errors';

/** Where the output goes: stdout, a regular file (replaced atomically), or a device or FIFO (written in place). */
export type OutputTarget =
  | { kind: 'stdout' }
  | { kind: 'file'; path: string; given: string; existed: boolean; mode: number }
  | { kind: 'special'; path: string; given: string };

/** A write that failed for a reason outside the command line (a full disk, a vanished folder): exit 1. */
export class OutputError extends Error {
  override name = 'OutputError';
}

const errorCode = (e: unknown): string => (e as NodeJS.ErrnoException)?.code ?? '';

/** A system error in words: "no space left on device (ENOSPC)". */
function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text = /^[A-Z]+: ([^,]+)/.exec(err?.message ?? '')?.[1];
  return err?.code ? `${text ?? err.code.toLowerCase()} (${err.code})` : String(err?.message ?? e);
}

/** Checks `--out` before computing; throws UsageError with one line when the path cannot take the output. */
export function outputTarget(given: string | null): OutputTarget {
  if (given === null) return { kind: 'stdout' };
  const bad = (why: string): UsageError => new UsageError(`--out ${given}: ${why}`);
  let path = resolve(given);
  let stat: Stats | undefined;
  try {
    stat = statSync(path);
  } catch (e) {
    if (errorCode(e) === 'ENOTDIR') throw bad(`a part of the path is a file, not a folder`);
    if (errorCode(e) !== 'ENOENT') throw bad(describe(e));
  }
  if (stat?.isDirectory()) throw bad('is a directory; give a file name');
  if (stat && !stat.isFile()) {
    // A device (/dev/null) is written in place, never replaced; opening it to append writes nothing.
    // A FIFO would block until read: it is only checked for permission.
    try {
      if (stat.isFIFO()) accessSync(path, constants.W_OK);
      else closeSync(openSync(path, 'a'));
    } catch (e) {
      throw bad(`cannot be written: ${describe(e)}`);
    }
    return { kind: 'special', path, given };
  }
  // The temporary file goes beside the real file a symbolic link points to.
  if (stat) path = realpathSync(path);
  const folder = dirname(path);
  let folderStat: Stats;
  try {
    folderStat = statSync(folder);
  } catch (e) {
    throw bad(errorCode(e) === 'ENOENT' ? `the folder ${folder} does not exist` : `its folder ${folder} cannot be used: ${describe(e)}`);
  }
  if (!folderStat.isDirectory()) throw bad(`${folder} is not a folder`);
  try {
    if (stat) accessSync(path, constants.W_OK);
    // The one sure test that the temporary file can be made there (root passes every access check,
    // and /proc or /sys refuse only the open).
    const temp = temporaryPath(path);
    closeSync(openSync(temp, 'wx'));
    unlinkSync(temp);
  } catch (e) {
    throw bad(`cannot be written: ${describe(e)}`);
  }
  return { kind: 'file', path, given, existed: stat !== undefined, mode: stat ? stat.mode & 0o7777 : 0o666 };
}

/** Bytes gathered before one write call: the chunks are lines, far too small to write one by one. */
const WRITE_BYTES = 1 << 20;

/** Joins small chunks into pieces of about WRITE_BYTES characters. */
function* batched(chunks: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= WRITE_BYTES) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.join('');
}

/** The low-level writes a file target uses; tests inject failures (a full disk) through them. */
export interface FileIo {
  write(fd: number, text: string): void;
}

const NODE_IO: FileIo = {
  write(fd, text) {
    const bytes = Buffer.from(text, 'utf8');
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
  },
};

/** A new temporary name beside `path`, hidden: `.name.<pid>.<random>.tmp`. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

function writeFileAtomically(target: Extract<OutputTarget, { kind: 'file' }>, chunks: Iterable<string>, io: FileIo): void {
  const temp = temporaryPath(target.path);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', target.mode);
    for (const piece of batched(chunks)) io.write(fd, piece);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, target.path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already gone.
    }
    if (!(e instanceof Error) || !('code' in e)) throw e;
    throw new OutputError(`could not write ${target.given}: ${describe(e)}; ${target.existed ? 'the existing file is unchanged' : 'no file was left behind'}`);
  }
}

function writeInPlace(target: Extract<OutputTarget, { kind: 'special' }>, chunks: Iterable<string>, io: FileIo): void {
  let fd: number | null = null;
  try {
    fd = openSync(target.path, 'w');
    for (const piece of batched(chunks)) io.write(fd, piece);
  } catch (e) {
    if (!(e instanceof Error) || !('code' in e)) throw e;
    throw new OutputError(`could not write ${target.given}: ${describe(e)}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Set once stdout's reader has gone (EPIPE); other stdout errors, kept for the writer to report. */
let stdoutClosed = false;
let stdoutFailure: unknown = null;
let watchingStdout = false;

function watchStdout(): void {
  if (watchingStdout) return;
  watchingStdout = true;
  process.stdout.on('error', (e) => {
    if (errorCode(e) === 'EPIPE') stdoutClosed = true;
    else stdoutFailure ??= e;
  });
}

/**
 * Streams to stdout, waiting for 'drain' when the pipe is full. A reader that stops reading (`| head`)
 * closes the pipe: writing then stops quietly, as for any Unix filter.
 */
async function writeStdout(chunks: Iterable<string>): Promise<void> {
  const out = process.stdout;
  watchStdout();
  for (const piece of batched(chunks)) {
    if (stdoutClosed || stdoutFailure) break;
    if (!out.write(piece)) {
      await new Promise<void>((done) => {
        const finish = (): void => {
          out.off('drain', finish);
          out.off('close', finish);
          out.off('error', finish);
          done();
        };
        out.on('drain', finish);
        out.on('close', finish);
        out.on('error', finish);
      });
    }
  }
  if (stdoutFailure) throw new OutputError(`could not write to stdout: ${describe(stdoutFailure)}`);
}

/** Writes the chunks to the target checked by `outputTarget`; a file is written atomically. */
export async function writeOutput(target: OutputTarget, chunks: Iterable<string>, io: FileIo = NODE_IO): Promise<void> {
  switch (target.kind) {
    case 'stdout':
      return writeStdout(chunks);
    case 'file':
      return writeFileAtomically(target, chunks, io);
    case 'special':
      return writeInPlace(target, chunks, io);
  }
}

/** The one stderr line after a file was written. */
export function wroteLine(target: OutputTarget): string | null {
  return target.kind === 'stdout' ? null : `wrote ${target.given}`;
}
