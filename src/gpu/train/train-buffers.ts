/**
 * The one owner of a training run's GPU memory. Parameters, gradients and optimizer state live in
 * flat buffers with one layout (see ParamLayout) for the whole run; activations are sized for the
 * largest pass (minibatch, whole training set, test set or a grid chunk).
 */
import { ConfigError } from '../../sim/config';
import { compareBytes, formatBytes } from '../../sim/memory';
import { usable } from '../memory-plan';
import type { LayerShape } from '../../sim/train/model';
import { BufferOwner } from '../buffers';
import { SEGMENT_RECORD } from './train-segment-rms';
import { UNIT_RECORD } from './train-unit-stats';

/** Float offsets of every layer's weights, biases, the slopes and γ, β in the flat parameter buffer. */
export interface ParamLayout {
  wOff: number[];
  bOff: number[];
  slopeOff: number;
  /** A normalized layer's γ and β (nOut each; the head's are empty: an offset with no floats). */
  gammaOff: number[];
  betaOff: number[];
  /** Weights occupy [0, decayEnd): weight decay applies there only. */
  decayEnd: number;
  count: number;
}

const align4 = (n: number): number => Math.ceil(n / 4) * 4;

export function paramLayout(shapes: LayerShape[], normalized: (l: number) => boolean): ParamLayout {
  const wOff: number[] = [];
  let at = 0;
  for (const s of shapes) {
    wOff.push(at);
    at = align4(at + s.nIn * s.nOut); // the shared kernels read weights as vec4 from a multiple of 4
  }
  const decayEnd = at;
  const bOff: number[] = [];
  for (const s of shapes) {
    bOff.push(at);
    at += s.nOut;
  }
  const slopeOff = at;
  at += shapes.length;
  const gammaOff: number[] = [];
  const betaOff: number[] = [];
  shapes.forEach((s, l) => {
    const n = normalized(l) ? s.nOut : 0;
    gammaOff.push(at);
    betaOff.push(at + n);
    at += 2 * n;
  });
  return { wOff, bOff, slopeOff, gammaOff, betaOff, decayEnd, count: align4(at) };
}

export interface TrainSizes {
  shapes: LayerShape[];
  /** Which layers are normalized (the normalization's buffers are sized for them). */
  normalized: (l: number) => boolean;
  /** Rows of the largest pass. */
  rows: number;
  batch: number;
  inputDim: number;
  outputs: number;
  trainN: number;
  testN: number;
}

const STORAGE = GPUBufferUsage.STORAGE;

export class TrainBuffers extends BufferOwner {
  readonly layout: ParamLayout;
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  readonly m: GPUBuffer;
  readonly v: GPUBuffer;
  readonly xTrain: GPUBuffer;
  readonly yTrain: GPUBuffer;
  readonly xTest: GPUBuffer;
  readonly yTest: GPUBuffer;
  readonly xGrid: GPUBuffer;
  readonly xb: GPUBuffer;
  readonly yb: GPUBuffer;
  /** Pre-activations of every layer: layer l at l·rows·maxUnits. */
  readonly s: GPUBuffer;
  readonly h: GPUBuffer[];
  readonly d: [GPUBuffer, GPUBuffer];
  /** ∂ℓ/∂h of the layer being passed and the one below it, from the shared backward kernel (ping-pong: the residual stream adds the one above). */
  readonly gUp: [GPUBuffer, GPUBuffer];
  /** A normalized layer's ŝ (laid out like S), 1/σ per group (rStride per layer), running mean and variance (2·maxUnits per layer), and e = ∂ℓ/∂u. */
  readonly sHat: GPUBuffer;
  readonly invStd: GPUBuffer;
  readonly running: GPUBuffer;
  readonly e: GPUBuffer;
  readonly rStride: number;
  /** (loss, correct) per example: training set at 0, test set at 2·rows. */
  readonly rowLoss: GPUBuffer;
  readonly unitStats: GPUBuffer;
  readonly segments: GPUBuffer;
  readonly segOut: GPUBuffer;
  /** Bound where a kernel's binding is unused by training: `dummy` for one read (g_{l+1} of a plain net), `sink` for one written (the h store, δ beside g). */
  readonly dummy: GPUBuffer;
  readonly sink: GPUBuffer;
  readonly maxUnits: number;
  readonly sStride: number;
  readonly unitOff: number[];
  readonly totalUnits: number;

  /** Bytes the buffers need, checked against the device before any is created. */
  static bytesNeeded(z: TrainSizes): { total: number; largest: number } {
    const layout = paramLayout(z.shapes, z.normalized);
    const maxUnits = Math.max(...z.shapes.map((s) => s.nOut));
    const L = z.shapes.length;
    const sBytes = L * z.rows * maxUnits * 4;
    const hBytes = z.shapes.reduce((a, s) => a + z.rows * s.nOut * 4, 0);
    // A normalization keeps ŝ as large as S, 1/σ and the running averages per layer, and e.
    const normBytes = z.shapes.some((_s, l) => z.normalized(l)) ? sBytes + L * (Math.max(z.rows, maxUnits) + 2 * maxUnits) * 4 + z.rows * maxUnits * 4 : 0;
    const total = layout.count * 16 + sBytes + hBytes + normBytes + 4 * z.rows * maxUnits * 4 + (z.trainN + z.testN + z.rows) * (z.inputDim + z.outputs) * 4;
    return { total, largest: Math.max(sBytes, layout.count * 4, z.rows * maxUnits * 4) };
  }

  /** Refuses sizes beyond 7/8 of the device's buffer limit or of the budget (the margin of src/gpu/memory-plan.ts). */
  static check(z: TrainSizes, limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }, budget: number): void {
    const { total, largest } = TrainBuffers.bytesNeeded(z);
    const maxBinding = usable(Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize));
    if (largest > maxBinding) {
      const shown = compareBytes(largest, maxBinding);
      throw new ConfigError(`this network needs a ${shown.need} GPU buffer; the trainer uses at most ${shown.limit} per buffer, 7/8 of the device's limit (reduce depth, width, train-size or test-size)`);
    }
    if (total > usable(budget)) {
      const shown = compareBytes(total, usable(budget));
      throw new ConfigError(`training needs ${shown.need} of GPU memory; the trainer plans for at most ${shown.limit}, 7/8 of its ${formatBytes(budget)} budget (reduce depth, width, train-size or test-size)`);
    }
  }

  constructor(device: GPUDevice, z: TrainSizes) {
    super(device);
    const L = z.shapes.length;
    this.layout = paramLayout(z.shapes, z.normalized);
    this.maxUnits = Math.max(...z.shapes.map((s) => s.nOut));
    this.sStride = z.rows * this.maxUnits;
    const n = this.layout.count * 4;
    this.params = this.make('train params', n, STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    this.grads = this.make('train grads', n, STORAGE);
    this.m = this.make('train optimizer m', n, STORAGE);
    this.v = this.make('train optimizer v', n, STORAGE);
    const data = STORAGE | GPUBufferUsage.COPY_DST;
    this.xTrain = this.make('train x', z.trainN * z.inputDim * 4, data);
    this.yTrain = this.make('train y', z.trainN * z.outputs * 4, data);
    this.xTest = this.make('test x', z.testN * z.inputDim * 4, data);
    this.yTest = this.make('test y', z.testN * z.outputs * 4, data);
    this.xGrid = this.make('grid x', z.rows * z.inputDim * 4, data);
    this.xb = this.make('minibatch x', z.batch * z.inputDim * 4, STORAGE);
    this.yb = this.make('minibatch y', z.batch * z.outputs * 4, STORAGE);
    this.s = this.make('train pre-activations', L * this.sStride * 4, STORAGE);
    this.h = z.shapes.map((s, l) => this.make(`train activations layer ${l + 1}`, z.rows * s.nOut * 4, STORAGE | GPUBufferUsage.COPY_SRC));
    this.d = [this.make('train deltas A', this.sStride * 4, STORAGE), this.make('train deltas B', this.sStride * 4, STORAGE)];
    this.gUp = [this.make('train upstream gradient A', this.sStride * 4, STORAGE), this.make('train upstream gradient B', this.sStride * 4, STORAGE)];
    const norm = z.shapes.some((_s, l) => z.normalized(l));
    this.rStride = Math.max(z.rows, this.maxUnits);
    this.sHat = norm ? this.make('train normalized ŝ', L * this.sStride * 4, STORAGE) : this.make('train normalized ŝ (unused)', 16, STORAGE);
    this.invStd = this.make('train normalization 1/σ', (norm ? L * this.rStride : 1) * 4, STORAGE);
    this.running = this.make('train running averages', (norm ? L * 2 * this.maxUnits : 1) * 4, STORAGE | GPUBufferUsage.COPY_DST);
    this.e = norm ? this.make('train normalization backward e', this.sStride * 4, STORAGE) : this.make('train e (unused)', 16, STORAGE);
    this.rowLoss = this.make('train row losses', 4 * z.rows * 4, STORAGE | GPUBufferUsage.COPY_SRC);
    this.unitOff = [];
    let u = 0;
    for (const s of z.shapes) {
      this.unitOff.push(u);
      u += s.nOut;
    }
    this.totalUnits = u;
    this.unitStats = this.make('train unit stats', u * UNIT_RECORD.words * 4, STORAGE | GPUBufferUsage.COPY_SRC);
    // Segments: gradient weights (L), gradient biases (L), parameter weights (L).
    const seg = new Uint32Array(6 * L);
    z.shapes.forEach((s, l) => {
      seg.set([this.layout.wOff[l], s.nIn * s.nOut], 2 * l);
      seg.set([this.layout.bOff[l], s.nOut], 2 * (L + l));
    });
    this.segments = this.make('train segments', seg.byteLength, data);
    device.queue.writeBuffer(this.segments, 0, seg);
    this.segOut = this.make('train segment sums', 3 * L * SEGMENT_RECORD.words * 4, STORAGE | GPUBufferUsage.COPY_SRC);
    this.dummy = this.make('unused binding', 16, STORAGE);
    this.sink = this.make('unused writable binding', 16, STORAGE);
  }
}
