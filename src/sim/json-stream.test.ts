import { describe, expect, test } from 'vitest';
import { jsonChunks, outputReplacer } from './json-stream';
import { normalizeConfig } from './config';
import { runReference } from './cpu-engine';
import { toJson } from './stats';
import { seededRandom } from '../../tests/reference/random';

const LEAVES: unknown[] = [0, -0, 1.5, -3e-300, 1e308, NaN, Infinity, -Infinity, true, false, null, undefined, '', 'a"b\\c\n\u2028', 'δ', new Float32Array([1, 2])];

function documentOf(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth === 0 || r < 0.3) return LEAVES[Math.floor(rand() * LEAVES.length)];
  const n = Math.floor(rand() * 5);
  if (r < 0.65) return Array.from({ length: n }, () => documentOf(rand, depth - 1));
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) out[`k${Math.floor(rand() * 4)}${i % 2 ? '"x' : ''}`] = documentOf(rand, depth - 1);
  return out;
}

describe('jsonChunks writes JSON.stringify’s text in pieces (#15 item 7)', () => {
  test('500 random documents: the same text, at indents 0 and 2', () => {
    const rand = seededRandom(20261201);
    for (let i = 0; i < 500; i++) {
      const doc = documentOf(rand, 5);
      for (const indent of [0, 2]) {
        const want = JSON.stringify(doc, outputReplacer, indent);
        expect([...jsonChunks(doc, outputReplacer, indent)].join(''), `document ${i}, indent ${indent}`).toBe(want ?? '');
      }
    }
  });

  test('a result with NaN, Infinity and typed-array details: the same text as toJson, and no piece is the whole', () => {
    const config = normalizeConfig({ activations: 'linear,relu', sigmaW2: 1e6, sigmaB2: 0.1, depth: 30, width: 4, batch: 2 });
    const result = runReference(config, { details: true });
    const pieces = [...jsonChunks(result)];
    const text = pieces.join('');
    expect(text).toBe(toJson(result));
    expect(text).toContain('null');
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(text.length / 20);
  });
});
