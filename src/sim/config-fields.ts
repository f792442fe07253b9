/**
 * The one configuration table: a descriptor per field, shared by simulation (`sim`), training
 * (`train`) and the benchmark (`bench`). Everything else is built from it: the two gates
 * (normalizeConfig, normalizeTrainConfig) and their JSON edge, the CLI option tables and --help
 * (src/cli/cli-common.ts), the URL codecs and the form validation of the two views
 * (src/app/view-fields.ts). Adding a field is one entry here, plus the engine code that uses it.
 *
 * Shapes the next fields take, so they fit without new machinery:
 *   --engine reference|cpu|webgpu    `ENGINES` grows; per-command `choices` narrow it where needed;
 *   --threads N                      `integer` with a `run` part.
 *   mixed layers `relu+tanh`, `relu@0.75+tanh@0.25` inside the comma list: `activationList` splits
 *   each entry on `+` and `@`, and an entry resolves to its parts (ids, weights) instead of one ref.
 * A field shared by simulation and training gets both a `sim` and a `train` use.
 */
import { ACTIVATION_NAMES } from './activations';
import {
  activation, activationList, backwardSpec, choice, choiceList, count, file, flag, initSpec, integer, integerList, optional, optionalAs, orWord, real,
  type FieldInput, type Kind, type Limits,
} from './field-kinds';
import { INIT_NAMES } from './inits';
import { parseActivation, parseInit, parseMixedActivation } from './specs';

export const TASK_NAMES = ['xor', 'spirals', 'circles', 'gaussians', 'teacher'] as const;
export type TaskName = (typeof TASK_NAMES)[number];
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];
const TOP_MODES = ['random', 'mse'] as const;
export type TopMode = (typeof TOP_MODES)[number];
const ENGINES = ['reference', 'cpu', 'webgpu'] as const;
export type EngineKind = (typeof ENGINES)[number];
const FORMATS = ['table', 'json', 'csv'] as const;
export const NORMS = ['none', 'layer', 'batch'] as const;
/** N in s_l = N(u_l): none, LayerNorm (each example over its units) or BatchNorm (each unit over the batch). */
export type NormKind = (typeof NORMS)[number];
/** The residual stream's α, or `auto` for α = 1/√depth. */
export type ResidualSetting = number | 'auto';
/**
 * What `bench` can time: deltascope's WebGPU engine (its forward+backward passes alone, and whole
 * runs with the statistics), its fast CPU kernels (all cores, one), its reference CPU engine, and
 * the peers tfjs 4.22 (webgpu on the same device, wasm, cpu) and numpy (all cores, one).
 */
export const BENCH_ENGINES = ['webgpu', 'webgpu-run', 'cpu', 'cpu-1t', 'reference', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu', 'numpy', 'numpy-1t'] as const;
export type BenchEngine = (typeof BENCH_ENGINES)[number];
export type Format = (typeof FORMATS)[number];

/** The command line runs at most this many seeds (the app fewer: `viewMax`). */
const MAX_SEEDS = 10_000;

export type Command = 'sim' | 'train' | 'bench';
export const COMMANDS: readonly Command[] = ['sim', 'train', 'bench'];

/** 'config': part of the normalized configuration the engines get; 'run': how the command runs it (engine, output). */
export type Part = 'config' | 'run';

/** How one command uses a field. */
export interface FieldUse<V> extends Limits {
  default: V;
  /** The --help line; the default (and an integer's range) is appended from the table. */
  help: string;
  /** The --help section the option is listed under. */
  group?: string;
  /** False: this command's view (URL and form) leaves the field out although it has a URL key. */
  view?: boolean;
  /** The view accepts at most this much (the app runs at most 32 seeds at once). */
  viewMax?: number;
}

export interface Field<V> {
  part: Part;
  /** The long option, and the field's name in messages (`--flag` for an option only the command line has). */
  flag: string;
  short?: string;
  /** The --help placeholder when the kind's does not say it (K for a class count). */
  arg?: string;
  /** The URL query key; the training view prefixes it with `t.`. */
  url?: string;
  /** What the forms call the field: their messages say this instead of the flag. */
  label?: string;
  /** Ids of the fields whose values decide whether this one is valid: a field checked alone is checked with them. */
  context?: readonly string[];
  /** The field applies only while the field `field` (an id) has one of these values (σ_w² to the custom init): else views leave it out. */
  when?: { field: string; is: string | readonly string[] };
  /** A URL leaves the field out while it has its default. */
  quiet?: boolean;
  kind: Kind<V>;
  sim?: FieldUse<V>;
  train?: FieldUse<V>;
  bench?: FieldUse<V>;
}

type Consistent<T> = { [K in keyof T]: T[K] extends { kind: Kind<infer V> } ? Field<V> : never };
/** Checks at compile time that every default and choice matches its field's kind. */
function defineFields<const T extends Consistent<T>>(fields: T): T {
  return fields;
}

const SEED = { min: 0, max: 0xffffffff } as const;
const SIGMA = { min: 0, max: 1e6 } as const;

export const FIELDS = defineFields({
  task: {
    part: 'config', flag: 'task', short: 't', url: 'task', label: 'task', kind: choice(TASK_NAMES),
    train: { default: 'xor', help: 'the task, 2-D inputs in about [-1, 1]²', group: 'Task' },
  },
  classes: {
    part: 'config', flag: 'classes', arg: 'K', url: 'k', label: 'classes', context: ['task'], when: { field: 'task', is: 'gaussians' },
    kind: integer,
    train: { default: 3, min: 2, max: 16, help: 'classes of the gaussians task', group: 'Task' },
  },
  noise: {
    part: 'config', flag: 'noise', url: 'noise', label: 'noise', quiet: true, kind: real,
    train: { default: 0, min: 0, max: 10, help: 'input noise std (teacher: target noise)', group: 'Task' },
  },
  activations: {
    part: 'config', flag: 'activation', short: 'a', url: 'act', label: 'activation', kind: activationList,
    sim: {
      default: [parseMixedActivation('relu')],
      help: 'activations to compare, comma separated; name:value sets a parameter (leaky-relu:0.2); relu+tanh mixes them in one layer, in equal groups of units or with shares (relu@0.75+tanh@0.25)',
    },
  },
  activation: {
    part: 'config', flag: 'activation', short: 'a', url: 'act', label: 'activation', kind: activation,
    train: {
      default: parseActivation('relu'), group: 'Network',
      help: `one of ${ACTIVATION_NAMES.join(', ')}; name:value sets its parameter; prelu's slope is learned, one per layer`,
    },
    bench: { default: parseActivation('relu'), help: 'the activation timed' },
  },
  backward: {
    part: 'config', flag: 'backward', url: 'back', label: 'backward derivative', kind: backwardSpec,
    sim: { default: null, help: "use this activation's derivative in the backward pass of every run (none: each its own)" },
    train: { default: null, help: "use this activation's derivative in the backward pass", group: 'Network', view: false },
  },
  init: {
    part: 'config', flag: 'init', short: 'i', url: 'init', label: 'init', kind: initSpec,
    sim: { default: parseInit('he-normal'), help: 'weight init' },
    train: { default: parseInit('he-normal'), help: INIT_NAMES.join(', '), group: 'Network' },
  },
  sigmaW2: {
    part: 'config', flag: 'sigma-w2', url: 'sw2', label: 'σ_w²', context: ['init'], when: { field: 'init', is: 'custom' },
    kind: optional(real),
    sim: { default: null, ...SIGMA, help: 'custom init W ~ N(0, X/fan_in) (implies --init custom)' },
    train: { default: null, ...SIGMA, help: 'custom init W ~ N(0, X/fan_in) (implies --init custom)', group: 'Network' },
  },
  sigmaB2: {
    part: 'config', flag: 'sigma-b2', url: 'sb2', label: 'σ_b²', quiet: true, kind: real,
    sim: { default: 0, ...SIGMA, help: 'biases ~ N(0, X); 0: no bias' },
    train: { default: 0, ...SIGMA, help: 'hidden biases ~ N(bias-init, X)', group: 'Network' },
  },
  biasInit: {
    part: 'config', flag: 'bias-init', url: 'bias', label: 'bias mean', quiet: true, kind: real,
    train: { default: 0, min: -1e6, max: 1e6, help: 'mean of the hidden biases; strongly negative kills relu units', group: 'Network' },
  },
  residual: {
    part: 'config', flag: 'residual', url: 'res', label: 'residual α', quiet: true, kind: orWord('auto', real),
    sim: { default: 0, min: 0, max: 1000, help: 'residual stream h_l = h_{l-1} + α·f(s_l); 0: plain h_l = f(s_l); auto: α = 1/√depth' },
    train: { default: 0, min: 0, max: 1000, help: 'residual stream on the hidden layers, h_l = h_{l-1} + α·f(s_l); 0: plain; auto: α = 1/√depth', group: 'Network' },
    bench: { default: 0, min: 0, max: 1000, help: 'residual α (0: plain; auto: 1/√depth)' },
  },
  norm: {
    part: 'config', flag: 'norm', url: 'norm', label: 'normalization', quiet: true, kind: choice(NORMS),
    sim: { default: 'none', help: 's_l = N(u_l): none, layer (each example over its units) or batch (each unit over the batch); (u − mean)/√(var + 1e-5)' },
    train: { default: 'none', help: 'normalization of the input and hidden layers: none, layer, or batch (batch statistics in training, running averages on the test set)', group: 'Network' },
    bench: { default: 'none', help: 'normalization timed: none, layer or batch' },
  },
  affine: {
    part: 'config', flag: 'affine', url: 'affine', label: 'learned γ and β', quiet: true, context: ['norm'], when: { field: 'norm', is: ['layer', 'batch'] },
    kind: flag,
    train: { default: false, help: "learn the normalization's scale γ and shift β per unit (from 1 and 0); needs --norm layer or batch", group: 'Network' },
  },
  inputStd: {
    part: 'config', flag: 'input-std', url: 'xstd', label: 'input std', quiet: true, kind: real,
    sim: { default: 1, min: 0, aboveMin: true, max: 1e6, help: 'inputs x ~ N(0, X²), so q_1 = σ_w² X² + σ_b² (a small X puts tanh near its linear regime)' },
  },
  depth: {
    part: 'config', flag: 'depth', short: 'd', url: 'depth', label: 'depth', kind: integer,
    sim: { default: 100, min: 1, max: 100_000, help: 'layers' },
    train: { default: 4, min: 0, max: 2000, help: 'hidden width × width layers', group: 'Network' },
  },
  width: {
    part: 'config', flag: 'width', short: 'w', url: 'width', label: 'width', kind: integer,
    sim: { default: 256, min: 1, max: 16_384, help: 'units per layer' },
    train: { default: 32, min: 1, max: 4096, help: 'units per hidden layer', group: 'Network' },
  },
  batch: {
    part: 'config', flag: 'batch', short: 'b', url: 'batch', label: 'batch', kind: integer,
    sim: { default: 32, min: 1, max: 65_536, help: 'inputs per batch' },
  },
  optimizer: {
    part: 'config', flag: 'optimizer', url: 'opt', label: 'optimizer', kind: choice(OPTIMIZER_NAMES),
    train: { default: 'adam', help: 'the update rule', group: 'Optimizer' },
  },
  lr: {
    part: 'config', flag: 'lr', url: 'lr', label: 'learning rate', kind: real,
    train: { default: 0.01, min: 0, aboveMin: true, max: 1e6, help: 'learning rate', group: 'Optimizer' },
  },
  momentum: {
    part: 'config', flag: 'momentum', url: 'mom', label: 'momentum', when: { field: 'optimizer', is: 'momentum' }, kind: real,
    train: { default: 0.9, min: 0, max: 1, help: 'momentum μ for --optimizer momentum', group: 'Optimizer' },
  },
  beta1: {
    part: 'config', flag: 'beta1', kind: real,
    train: { default: 0.9, min: 0, max: 1, help: "Adam's β₁, below 1 (Kingma & Ba 2015)", group: 'Optimizer' },
  },
  beta2: {
    part: 'config', flag: 'beta2', kind: real,
    train: { default: 0.999, min: 0, max: 1, help: "Adam's β₂, below 1", group: 'Optimizer' },
  },
  eps: {
    part: 'config', flag: 'eps', kind: real,
    train: { default: 1e-8, min: 0, aboveMin: true, max: 1, help: "Adam's ε", group: 'Optimizer' },
  },
  weightDecay: {
    part: 'config', flag: 'weight-decay', url: 'wd', label: 'weight decay', quiet: true, kind: real,
    train: { default: 0, min: 0, max: 1e6, help: 'L2 penalty on the weights, added to the gradient', group: 'Optimizer' },
  },
  batchSize: {
    part: 'config', flag: 'batch-size', short: 'b', url: 'batch', label: 'batch size', context: ['trainSize'], kind: integer,
    train: { default: 32, min: 1, max: 65_536, help: 'examples per step, sampled with replacement (= train-size: full batch)', group: 'Optimizer' },
  },
  steps: {
    part: 'config', flag: 'steps', url: 'steps', label: 'steps', kind: integer,
    train: { default: 1000, min: 0, max: 10_000_000, help: 'optimizer steps', group: 'Optimizer' },
  },
  every: {
    part: 'config', flag: 'every', arg: 'K', url: 'every', label: 'every k', kind: integer,
    train: { default: 50, min: 1, max: 10_000_000, help: 'a checkpoint every K steps, plus step 0 and the last', group: 'Optimizer' },
  },
  seed: {
    part: 'config', flag: 'seed', short: 's', url: 'seed', label: 'seed', kind: integer,
    sim: { default: 1, ...SEED, help: 'seed of the inputs, weights and δ at the output' },
    train: { default: 1, ...SEED, help: 'seed of the task, the init and the minibatches', group: 'Optimizer' },
  },
  seeds: {
    part: 'run', flag: 'seeds', url: 'seeds', label: 'seeds', quiet: true, context: ['seed'], kind: count,
    sim: { default: 1, min: 1, max: MAX_SEEDS, viewMax: 32, help: 'run seeds seed … seed+N−1; layers hold per-layer medians, seedBands the 10/25/75/90% quantiles' },
  },
  top: {
    part: 'config', flag: 'top', url: 'top', label: 'top', quiet: true, kind: choice(TOP_MODES),
    sim: { default: 'random', help: 'δ at the output: random N(0,1), or mse: ∂/∂s of ½‖h − t‖² with t ~ N(0,1)' },
  },
  weightGrads: {
    part: 'config', flag: 'weight-grads', kind: flag,
    sim: { default: false, help: 'also report weightGradRms (RMS of δ_l h_{l-1}ᵀ / batch)' },
  },
  spectrum: {
    part: 'config', flag: 'spectrum', url: 'spec', label: 'Jacobian spectrum', quiet: true, kind: flag,
    sim: { default: false, help: "add the singular values of the input-output Jacobian J = ∂h_d/∂h_0 of one input per run (Pennington et al. 2017), width at most 1024" },
  },
  spectrumAt: {
    part: 'config', flag: 'spectrum-at', url: 'specAt', label: 'spectrum depths', quiet: true, context: ['spectrum', 'depth'],
    when: { field: 'spectrum', is: 'true' }, kind: optionalAs('final', integerList),
    sim: { default: null, min: 1, help: 'the depths d whose J_d the spectrum gives, comma separated; final: the network\'s depth' },
  },
  spectrumInputs: {
    part: 'config', flag: 'spectrum-inputs', url: 'specIn', label: 'spectrum inputs', quiet: true, context: ['spectrum'],
    when: { field: 'spectrum', is: 'true' }, kind: count,
    sim: { default: 1, min: 1, max: 16, help: 'inputs whose Jacobians are pooled at every depth (the first of the batch)' },
  },
  trainSize: {
    part: 'config', flag: 'train-size', url: 'ntrain', label: 'training examples', quiet: true, kind: integer,
    train: { default: 256, min: 1, max: 1_000_000, help: 'training examples', group: 'Task' },
  },
  testSize: {
    part: 'config', flag: 'test-size', url: 'ntest', label: 'test examples', quiet: true, kind: integer,
    train: { default: 256, min: 1, max: 1_000_000, help: 'test examples', group: 'Task' },
  },
  theory: {
    part: 'run', flag: 'theory', kind: flag,
    sim: { default: false, help: 'add the mean-field prediction (Poole et al. 2016; Schoenholz et al. 2017): theoryQ and theoryDeltaRms per layer, q*, χ₁ and the depth scale ξ per run' },
  },
  theoryOnly: {
    part: 'run', flag: 'theory-only', kind: flag,
    sim: { default: false, help: 'print the mean-field prediction without simulating' },
  },
  depths: {
    part: 'run', flag: 'depths', kind: integerList,
    bench: { default: [20], min: 1, help: 'depths, comma separated' },
  },
  widths: {
    part: 'run', flag: 'widths', kind: integerList,
    bench: { default: [256], min: 1, help: 'widths' },
  },
  batches: {
    part: 'run', flag: 'batches', kind: integerList,
    bench: { default: [256], min: 1, help: 'batch sizes' },
  },
  peers: {
    part: 'run', flag: 'peers', kind: flag,
    bench: { default: false, help: 'also time the peers: tfjs 4.22 (webgpu on the same device, wasm, cpu) and numpy (all cores, one)' },
  },
  engines: {
    part: 'run', flag: 'engines', kind: optional(choiceList(BENCH_ENGINES)),
    bench: { default: null, help: `time exactly these, in this order: ${BENCH_ENGINES.join(', ')} (default: deltascope's, and the peers with --peers)` },
  },
  iterations: {
    part: 'run', flag: 'iterations', kind: count,
    bench: { default: 2, min: 1, max: 1000, help: 'forward+backward passes per GPU submit' },
  },
  repeats: {
    part: 'run', flag: 'repeats', kind: count,
    bench: { default: 3, min: 1, max: 1000, help: 'timed passes per engine and configuration, interleaved; the median is reported' },
  },
  warmup: {
    part: 'run', flag: 'warmup', kind: count,
    bench: { default: 1, min: 0, max: 1000, help: 'untimed passes first (up to 3 more within a second, so JavaScript is optimized)' },
  },
  budget: {
    part: 'run', flag: 'budget', kind: real,
    bench: { default: 20, min: 0, aboveMin: true, max: 86_400, help: 'seconds: skip an engine where one pass would take longer' },
  },
  autotune: {
    part: 'run', flag: 'autotune', kind: flag,
    bench: { default: false, help: 'time the matmul variants on this adapter first, a software one too (cached for later runs)' },
  },
  gpuMemory: {
    part: 'run', flag: 'gpu-memory', kind: real,
    bench: { default: 4, min: 0, aboveMin: true, max: 1_000_000, help: 'GiB of GPU memory a run may use (WebGPU does not report it); beyond it weights are regenerated' },
  },
  peakTflops: {
    part: 'run', flag: 'peak-tflops', kind: optional(real),
    bench: { default: null, min: 0, aboveMin: true, max: 100_000, help: "the GPU's fp32 peak in TFLOP/s, for the % of peak column (default: from a table of known GPUs)" },
  },
  noCpu: {
    part: 'run', flag: 'no-cpu', kind: flag,
    bench: { default: false, help: "skip deltascope's CPU engines" },
  },
  engine: {
    part: 'run', flag: 'engine', short: 'e', kind: choice(ENGINES),
    sim: {
      default: 'cpu',
      help: 'cpu: WebAssembly SIMD on every core, float32 sums; reference: float64 sums on one thread, the source of truth; webgpu runs the WGSL kernels in-process (Dawn), else in headless Chromium',
    },
    train: {
      default: 'cpu', group: 'Output',
      help: 'cpu: WebAssembly SIMD on every core; reference: float64 sums on one thread; webgpu trains in-process (Dawn), else in headless Chromium; the weights stay on the GPU',
    },
  },
  threads: {
    part: 'run', flag: 'threads', kind: optional(count),
    sim: { default: null, min: 1, max: 1024, help: 'threads of --engine cpu (default: every core)' },
    train: { default: null, min: 1, max: 1024, help: 'threads of --engine cpu (default: every core)', group: 'Output' },
    bench: { default: null, min: 1, max: 1024, help: 'threads of the cpu engine (default: every core; cpu-1t: one)' },
  },
  format: {
    part: 'run', flag: 'format', short: 'f', kind: choice(FORMATS),
    sim: { default: 'table', help: 'output format' },
    train: { default: 'table', help: 'output format', group: 'Output' },
    bench: { default: 'table', choices: ['table', 'json'], help: 'output format' },
  },
  out: {
    part: 'run', flag: 'out', short: 'o', kind: optional(file),
    sim: { default: null, help: 'write the output to FILE instead of stdout' },
    train: { default: null, help: 'write the output to FILE instead of stdout', group: 'Output' },
    bench: { default: null, help: 'write the output to FILE instead of stdout' },
  },
  help: {
    part: 'run', flag: 'help', short: 'h', kind: flag,
    sim: { default: false, help: 'this help' },
    train: { default: false, help: 'this help', group: 'Output' },
    bench: { default: false, help: 'this help' },
  },
});

type Table = typeof FIELDS;
export type FieldId = keyof Table;
/** The ids of the fields `command` uses in `part`. */
export type FieldIdsOf<C extends Command, P extends Part> = {
  [K in FieldId]: Table[K] extends { part: P } & Record<C, object> ? K : never
}[FieldId];
export type FieldValue<K extends FieldId> = Table[K] extends { kind: Kind<infer V> } ? V : never;
/** The values of the fields `command` uses in `part`, as the table's parsers give them. */
export type FieldValues<C extends Command, P extends Part> = { [K in FieldIdsOf<C, P>]: FieldValue<K> };
/** The ids of the fields `command`'s view carries: those with a URL key, unless its use says `view: false`. */
export type ViewFieldIdsOf<C extends Command> = {
  [K in FieldId]: Table[K] extends { url: string } & Record<C, infer U> ? (U extends { view: false } ? never : K) : never
}[FieldId];
/** What a caller may hand in for them: anything absent (undefined or null) takes its default. */
export type RawFields<C extends Command, P extends Part> = { [K in FieldIdsOf<C, P>]?: FieldInput | null };

/** A field with its use by one command. */
export interface UsedField {
  id: FieldId;
  field: Field<unknown>;
  use: FieldUse<unknown>;
}

/** The fields `command` uses (in `part`, or all), in table order. */
export function fieldsOf(command: Command, part?: Part): UsedField[] {
  const out: UsedField[] = [];
  for (const [id, f] of Object.entries(FIELDS) as [FieldId, Field<unknown>][]) {
    const use = f[command];
    if (use && (part === undefined || f.part === part)) out.push({ id, field: f, use });
  }
  return out;
}

/** True for an option only the command line has (engine, output, …): no view carries it. */
export function isCliOption(field: Field<unknown>): boolean {
  return field.part === 'run' && field.url === undefined;
}

/** A field's name in messages: its flag; `--flag` for an option only the command line has. */
function messageName(field: Field<unknown>): string {
  return isCliOption(field) ? `--${field.flag}` : field.flag;
}

export function isGiven(input: FieldInput | null | undefined): input is FieldInput {
  return input !== undefined && input !== null;
}

function useOf(command: Command, id: FieldId): { field: Field<unknown>; use: FieldUse<unknown> } {
  const field = FIELDS[id] as Field<unknown>;
  const use = field[command];
  if (!use) throw new Error(`internal: ${command} has no field ${id}`);
  return { field, use };
}

/** One field's value: the input parsed and checked against this command's limits, or the default when absent. */
export function readField<C extends Command, K extends FieldId>(command: C, id: K, input: FieldInput | null | undefined, limits: Limits = {}): FieldValue<K> {
  const { field, use } = useOf(command, id);
  if (!isGiven(input)) return use.default as FieldValue<K>;
  return field.kind.parse(input, messageName(field), { ...use, ...limits }) as FieldValue<K>;
}

/** Every field of `command` in `part`, in table order (the first bad one throws its ConfigError). */
export function readFields<C extends Command, P extends Part>(command: C, part: P, raw: RawFields<C, P>): FieldValues<C, P> {
  const out: Record<string, unknown> = {};
  const given = raw as Partial<Record<FieldId, FieldInput | null>>;
  for (const { id } of fieldsOf(command, part)) out[id] = readField(command, id, given[id]);
  return out as FieldValues<C, P>;
}

/** The configuration fields of `command` as the JSON output documents them (canonical spec strings), in table order. */
export function fieldsJson(command: Command, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { id, field } of fieldsOf(command, 'config')) out[id] = field.kind.json(values[id]);
  return out;
}

/** A field's value as one piece of text (URL, --help); '' for none. */
export function fieldText(id: FieldId, value: unknown): string {
  return (FIELDS[id] as Field<unknown>).kind.text(value);
}

