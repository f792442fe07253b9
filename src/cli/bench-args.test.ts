import { expect, test } from 'vitest';
import { ConfigError } from '../sim/config';
import { parseBenchArgs } from './bench-args';
import { UsageError } from './cli-errors';

test('the grid is every depth × width × batch, each a normalized configuration', () => {
  const a = parseBenchArgs(['--depths', '2,3', '--widths', '8', '--batches', '1,4', '-a', 'tanh', '--no-cpu', '--format', 'json']);
  expect(a.configs.map((c) => [c.depth, c.width, c.batch])).toEqual([[2, 8, 1], [2, 8, 4], [3, 8, 1], [3, 8, 4]]);
  expect(a.configs.every((c) => c.activations.length === 1 && c.activations[0].spec === 'tanh')).toBe(true);
  expect(a).toMatchObject({ cpu: null, format: 'json', timing: { iterations: 2, repeats: 3, warmup: 1 } });
  expect(parseBenchArgs([]).cpu).toEqual({ engine: 'cpu', threads: null });
  expect(parseBenchArgs(['--engine', 'reference']).cpu).toEqual({ engine: 'reference', threads: null });
  expect(parseBenchArgs(['--threads', '3']).cpu).toEqual({ engine: 'cpu', threads: 3 });
});

test.each([
  [['--format', 'csv'], /--format must be one of table, json/, UsageError],
  [['--depths', '0,4'], /--depths needs integers ≥ 1/, UsageError],
  [['--iterations', '0'], /--iterations must be an integer between 1 and 1000/, UsageError],
  [['--widths', '20000'], /width must be between 1 and 16384/, ConfigError],
  [['-a', 'relu,tanh'], /give one activation/, ConfigError],
  [['--repeats', '2', '--repeats', '3'], /option --repeats is given twice/, UsageError],
  [['--engine', 'webgpu'], /--engine must be one of reference, cpu/, UsageError],
  [['--engine', 'reference', '--threads', '2'], /--threads sets the threads of --engine cpu; it cannot be combined with --engine reference/, UsageError],
])('%j is refused with one line', (argv, message, kind) => {
  expect(() => parseBenchArgs(argv)).toThrow(kind);
  expect(() => parseBenchArgs(argv)).toThrow(message);
});
