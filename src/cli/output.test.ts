import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { UsageError } from './cli-errors';
import { OutputError, outputTarget, writeOutput, type FileIo } from './output';

const dir = (): string => mkdtempSync(join(tmpdir(), 'ds-out-'));

/** Writes for real until `limit` bytes have gone out, then fails as a full disk does. */
function diskOf(limit: number): FileIo & { pieces: number[] } {
  let written = 0;
  const pieces: number[] = [];
  return {
    pieces,
    write(fd, text) {
      pieces.push(text.length);
      const bytes = Buffer.byteLength(text);
      if (written + bytes > limit) {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      written += bytes;
      writeFileSync(fd, text);
    },
  };
}

function* lines(count: number, width = 100): Generator<string> {
  for (let i = 0; i < count; i++) yield `${String(i).padStart(width - 1, '0')}\n`;
}

describe('--out is checked before anything is computed (#15 item 4)', () => {
  const refused = (path: string, message: RegExp): void => {
    let caught: unknown;
    try {
      outputTarget(path);
    } catch (e) {
      caught = e;
    }
    expect(caught, path).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  };

  test('a missing folder, a directory, a path through a file, a folder that takes no file', () => {
    const d = dir();
    writeFileSync(join(d, 'file'), 'x');
    refused(join(d, 'missing', 'x.csv'), /the folder .*missing does not exist/);
    refused(d, /is a directory; give a file name/);
    refused(join(d, 'file', 'x.csv'), /a part of the path is a file, not a folder/);
    // procfs refuses the open even to root, whom every access check lets through.
    refused('/proc/deltascope-x.csv', /cannot be written/);
    expect(readdirSync(d)).toEqual(['file']);
  });

  test('stdout, a new file, an existing file and a device are accepted', () => {
    const d = dir();
    writeFileSync(join(d, 'old.csv'), 'old');
    expect(outputTarget(null)).toEqual({ kind: 'stdout' });
    expect(outputTarget(join(d, 'new.csv'))).toMatchObject({ kind: 'file', existed: false });
    expect(outputTarget(join(d, 'old.csv'))).toMatchObject({ kind: 'file', existed: true });
    expect(outputTarget('/dev/null')).toMatchObject({ kind: 'special' });
    // The probe left nothing behind.
    expect(readdirSync(d)).toEqual(['old.csv']);
  });
});

describe('a file is written atomically (#15 item 3)', () => {
  test('a full disk leaves an existing file whole and no temporary file', async () => {
    const d = dir();
    const path = join(d, 'out.csv');
    writeFileSync(path, 'the previous result\n');
    const target = outputTarget(path);
    const io = diskOf(3 << 20);
    const failure = await writeOutput(target, lines(80_000), io).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OutputError);
    expect((failure as Error).message).toBe(`could not write ${path}: no space left on device (ENOSPC); the existing file is unchanged`);
    expect(io.pieces.length).toBeGreaterThan(1);
    expect(readFileSync(path, 'utf8')).toBe('the previous result\n');
    expect(readdirSync(d)).toEqual(['out.csv']);
  });

  test('a full disk leaves no new file behind', async () => {
    const d = dir();
    const path = join(d, 'new.csv');
    const failure = await writeOutput(outputTarget(path), lines(80_000), diskOf(1000)).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(/no space left on device \(ENOSPC\); no file was left behind$/);
    expect(readdirSync(d)).toEqual([]);
  });

  test('a render that fails midway leaves the old file too', async () => {
    const d = dir();
    const path = join(d, 'out.json');
    writeFileSync(path, '{}');
    function* broken(): Generator<string> {
      yield* lines(20_000);
      throw new RangeError('Invalid string length');
    }
    await expect(writeOutput(outputTarget(path), broken())).rejects.toThrow(RangeError);
    expect(readFileSync(path, 'utf8')).toBe('{}');
    expect(readdirSync(d)).toEqual(['out.json']);
  });

  test('it streams: 8 MB of lines go out in pieces of about 1 MiB, and the file holds every byte (#15 item 7)', async () => {
    const d = dir();
    const path = join(d, 'big.csv');
    const io = diskOf(Infinity);
    await writeOutput(outputTarget(path), lines(80_000), io);
    expect(readFileSync(path, 'utf8').length).toBe(80_000 * 100);
    expect(io.pieces.length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...io.pieces)).toBeLessThanOrEqual((1 << 20) + 100);
  });
});
