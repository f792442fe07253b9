import { expect, test } from 'vitest';
import { ConfigError } from '../sim/config';
import { parseBenchArgs } from './bench-args';
import { UsageError } from './cli-errors';

test('the grid is every depth × width × batch, each a normalized configuration', () => {
  const a = parseBenchArgs(['--depths', '2,3', '--widths', '8', '--batches', '1,4', '-a', 'tanh', '--no-cpu', '--format', 'json']);
  expect(a.configs.map((c) => [c.depth, c.width, c.batch])).toEqual([[2, 8, 1], [2, 8, 4], [3, 8, 1], [3, 8, 4]]);
  expect(a.configs.every((c) => c.activations.length === 1 && c.activations[0].spec === 'tanh')).toBe(true);
  // --no-cpu: no CPU engine is timed.
  expect(a).toMatchObject({ engines: ['webgpu', 'webgpu-run'], format: 'json', timing: { iterations: 2, repeats: 3, warmup: 1 } });
});

test("the issue's MLP by default, deltascope's engines, the peers with --peers, exactly --engines", () => {
  const a = parseBenchArgs([]);
  expect(a.configs.map((c) => [c.depth, c.width, c.batch, c.activations[0].spec, c.init.spec])).toEqual([[20, 256, 256, 'relu', 'he-normal']]);
  expect(a.engines).toEqual(['webgpu', 'webgpu-run', 'cpu', 'reference']);
  expect(parseBenchArgs(['--peers']).engines).toEqual(['webgpu', 'webgpu-run', 'cpu', 'cpu-1t', 'reference', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'numpy', 'numpy-1t']);
  expect(parseBenchArgs(['--peers', '--no-cpu']).engines).toEqual(['webgpu', 'webgpu-run', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'numpy', 'numpy-1t']);
  expect(parseBenchArgs(['--engines', 'tfjs-wasm,cpu']).engines).toEqual(['tfjs-wasm', 'cpu']);
  expect(parseBenchArgs(['--budget', '2.5', '--gpu-memory', '64', '--threads', '3', '--autotune', '--out', 'b.json'])).toMatchObject({ budgetMs: 2500, gpuMemoryBytes: 64 * 2 ** 30, threads: 3, autotune: true, out: 'b.json' });
  expect(parseBenchArgs([]).threads).toBeNull();
});

test.each([
  [['--format', 'csv'], /--format must be one of table, json/, UsageError],
  [['--depths', '0,4'], /--depths needs integers ≥ 1/, UsageError],
  [['--iterations', '0'], /--iterations must be an integer between 1 and 1000/, UsageError],
  [['--widths', '20000'], /width must be between 1 and 16384/, ConfigError],
  [['-a', 'relu,tanh'], /give one activation/, ConfigError],
  [['--repeats', '2', '--repeats', '3'], /option --repeats is given twice/, UsageError],
  [['--engines', 'webgpu,gpu'], /unknown engines 'gpu' \(--engines must be one of webgpu, webgpu-run, cpu/, UsageError],
  [['--engines', 'cpu,cpu'], /--engines lists 'cpu' twice/, UsageError],
  [['--engines', 'cpu', '--peers'], /--engines lists exactly what is timed/, UsageError],
  [['--budget', '0'], /--budget must be a number above 0/, UsageError],
  [['--engines', 'reference', '--threads', '2'], /--threads sets the threads of the cpu engine, which this bench does not time/, UsageError],
])('%j is refused with one line', (argv, message, kind) => {
  expect(() => parseBenchArgs(argv)).toThrow(kind);
  expect(() => parseBenchArgs(argv)).toThrow(message);
});

test("an architecture is timed on deltascope's WebGPU engines alone: the CPU pass and the peers are the plain MLP", () => {
  const a = parseBenchArgs(['--residual', 'auto', '--norm', 'layer', '--no-cpu', '--depths', '16']);
  expect(a.configs.map((c) => [c.alpha, c.norm])).toEqual([[0.25, 'layer']]);
  expect(() => parseBenchArgs(['--norm', 'batch'])).toThrow(/^--residual and --norm are timed on deltascope's WebGPU engine alone \(--engines webgpu,webgpu-run\); cpu, reference time the plain MLP$/);
  expect(() => parseBenchArgs(['--residual', '1', '--engines', 'webgpu,tfjs-wasm'])).toThrow(UsageError);
});
