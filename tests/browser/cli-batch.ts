/**
 * Runs command lines through tests/browser/cli-rows.ts, many in one Node process, and the contract
 * every command line keeps (src/cli/cli-errors.ts): exit 0 with its output, or one line on stderr
 * and exit 2 (bad input or setup) or 1 (anything else), never a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RowRequest, RowResult } from './cli-rows';

export type { RowRequest, RowResult };

/**
 * Runs the rows in one process and answers their results in order. It runs beside the caller (a
 * test file can drive its browser pages meanwhile); await the answer where the results are needed.
 */
export function runRows(rows: readonly RowRequest[], timeoutMs = 170_000): Promise<RowResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ds-rows-'));
  const rowsFile = join(dir, 'rows.json');
  const resultsFile = join(dir, 'results.json');
  writeFileSync(rowsFile, JSON.stringify(rows));
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/browser/cli-rows.ts', rowsFile, resultsFile], {
    timeout: timeoutMs, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    child.on('close', (status, signal) => {
      if (status !== 0) reject(new Error(`the row runner failed (${status ?? signal}): ${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(readFileSync(resultsFile, 'utf8')) as RowResult[]);
    });
  });
}

/** The lines written to stderr. */
export const stderrLines = (r: RowResult): string[] => r.stderr.split('\n').filter((l) => l.trim() !== '');

/** Refused: exactly one line on stderr, `tool: …`, nothing on stdout, no stack trace. */
export function expectOneLine(r: RowResult, tool: string, label: string): string {
  const lines = stderrLines(r);
  expect(lines, `${label}: one stderr line, got:\n${r.stderr}`).toHaveLength(1);
  expect(lines[0], label).toMatch(new RegExp(`^${tool}: `));
  expect(r.stderr, label).not.toMatch(/\n\s+at .*:\d+/);
  expect(r.stdout, `${label}: nothing on stdout`).toBe('');
  return lines[0];
}
