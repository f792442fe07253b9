/**
 * What is tracked at each checkpoint, as training's statistics schema (the machinery of
 * src/sim/stat-schema.ts, like the simulation's in src/sim/stats.ts), and the one place raw
 * accumulators become published numbers: both trainers fill `RawTrainLayer`s from a pass over the
 * whole training set and call `finalizeCheckpoint`.
 *
 * Dead unit: h_l is exactly 0 for every training example. Revival: a unit dead at one checkpoint
 * and alive at a later one (`revived` counts those dead at the previous checkpoint; `revivedEver`
 * the distinct units revived at least once so far).
 */
import {
  emptyRecord, finalizeStats, type AccTable, type RecordOf, type StatTable, type StatsOf,
} from '../stat-schema';
import { ScaledSum, rmsOf } from '../stats';
import type { LayerKind, LayerShape } from './model';
import type { Checkpoint, SplitMetrics } from './trainer';

/** The kernels (and the CPU functions named in src/sim/train/kernels.ts) that fill training's records. */
export type TrainProducer = 'train_unit_stats' | 'train_segment_rms';

/**
 * What train_unit_stats.wgsl (accumulateLayer on the CPU) sums per unit of a layer over the whole
 * training set; the host merges the units' records in float64.
 */
export const TRAIN_UNIT_SUMS = {
  /** Finite δ entries. */
  delta: { kind: 'scaled', by: 'train_unit_stats' },
  zeroCount: { kind: 'count', by: 'train_unit_stats' },
  /** Non-finite s, h or δ entries. */
  nonFinite: { kind: 'count', by: 'train_unit_stats' },
  /** Non-finite δ entries (deltaRms is then NaN). */
  deltaNonFinite: { kind: 'count', by: 'train_unit_stats' },
} as const satisfies AccTable<TrainProducer>;

/** The GPU's per-unit record: the sums, and whether the unit's h is nonzero for some example (kept per unit: the dead mask). */
export const TRAIN_UNIT_RECORD = {
  ...TRAIN_UNIT_SUMS,
  alive: { kind: 'count', by: 'train_unit_stats' },
} as const satisfies AccTable<TrainProducer>;

/** Σx² of a segment of a flat buffer (a layer's weights, biases or gradients), with its non-finite count. */
export const SEGMENT_SUMS = {
  squares: { kind: 'scaled', by: 'train_segment_rms' },
  nonFinite: { kind: 'count', by: 'train_segment_rms' },
} as const satisfies AccTable<TrainProducer>;

export type SegmentSums = RecordOf<typeof SEGMENT_SUMS>;

/**
 * A unit's state over the training set, in `RawTrainLayer.alive` (and the GPU record's `alive`, the
 * largest seen): dead (h is a finite 0 for every example), alive (nonzero for some), or non-finite
 * (Inf/NaN for some: NaN is neither dead nor revived).
 */
export const UNIT_DEAD = 0;
export const UNIT_ALIVE = 1;
export const UNIT_NON_FINITE = 2;

export type RawTrainLayer = RecordOf<typeof TRAIN_UNIT_SUMS> & {
  /** Per unit: UNIT_DEAD, UNIT_ALIVE or UNIT_NON_FINITE. */
  alive: Uint8Array;
  /** The full-training-set gradients ∂L/∂W (nOut × nIn) and ∂L/∂b, and W itself. */
  gradW: SegmentSums;
  gradB: SegmentSums;
  weights: SegmentSums;
  slope?: number;
};

/** What a layer's statistics are finalized with: its shape, the examples, and the dead-unit tracking. */
export interface TrainLayerContext {
  examples: number;
  nIn: number;
  nOut: number;
  dead: number;
  revived: number;
  revivedEver: number;
}

/**
 * How a GPU training statistic is compared with the CPU trainer's (tests/browser/train-parity.test.ts):
 * `delta` and `grad` by relative difference (each with its tolerance), `units` and `fraction` by
 * absolute difference, `exact` equal, `slope` to 4 digits (PReLU); `unchecked`: revival counts, which
 * depend on the whole history of units crossing zero.
 */
export type TrainParity = 'delta' | 'grad' | 'units' | 'fraction' | 'exact' | 'slope' | 'unchecked';

function segmentRms(q: SegmentSums, count: number): number {
  return q.nonFinite > 0 ? NaN : rmsOf(q.squares.scale, q.squares.ssq, count);
}

/** Every per-layer checkpoint statistic of training, declared once (CSV columns, JSON fields, parity list). */
export const TRAIN_LAYER_STATS = {
  deltaRms: {
    unit: 'δ', definition: '√(mean over the training set and units of δ_l²), δ_l = ∂ℓ/∂s_l per example', label: 'δ rms',
    finalize: (r, c) => (r.deltaNonFinite > 0 ? NaN : rmsOf(r.delta.scale, r.delta.ssq, c.examples * c.nOut)), parity: 'delta',
  },
  weightGradRms: {
    unit: '∂L/∂W', definition: 'RMS of the full-training-set gradient ∂L/∂W_l = Σ δ_l h_{l−1}ᵀ / n', label: '∇W rms',
    finalize: (r, c) => segmentRms(r.gradW, c.nIn * c.nOut), parity: 'grad',
  },
  biasGradRms: {
    unit: '∂L/∂b', definition: 'RMS of ∂L/∂b_l over the training set', finalize: (r, c) => segmentRms(r.gradB, c.nOut), parity: 'grad',
  },
  weightRms: { unit: 'W', definition: 'RMS of W_l', finalize: (r, c) => segmentRms(r.weights, c.nIn * c.nOut), parity: 'grad' },
  zeroFraction: {
    unit: 'fraction', definition: 'fraction of h_l entries exactly 0 (from a finite s_l) over the training set', label: 'zero', format: 'percent',
    finalize: (r, c) => r.zeroCount / (c.examples * c.nOut), parity: 'fraction',
  },
  deadFraction: {
    unit: 'fraction', definition: 'fraction of units whose h_l is 0 for every training example (NaN is not dead)', label: 'dead', format: 'percent',
    finalize: (_r, c) => c.dead / c.nOut, parity: 'fraction',
  },
  deadUnits: { unit: 'units', definition: 'units whose h_l is 0 for every training example (NaN is not dead)', finalize: (_r, c) => c.dead, parity: 'units' },
  revived: {
    unit: 'units', definition: 'units dead at the previous checkpoint and alive at this one', finalize: (_r, c) => c.revived, parity: 'unchecked',
  },
  revivedEver: {
    unit: 'units', definition: 'distinct units that so far were alive at a checkpoint after being dead at an earlier one',
    label: 'revived ever', format: 'integer', finalize: (_r, c) => c.revivedEver, parity: 'unchecked',
  },
  slope: {
    unit: '1', definition: 'the learned PReLU slope of this layer (absent for other activations and the head)', optional: 'learnedSlope',
    finalize: (r) => r.slope ?? NaN, parity: 'slope',
  },
  nonFinite: {
    type: 'boolean', unit: 'boolean', definition: 'any Inf/NaN in s, h or δ of this layer', finalize: (r) => r.nonFinite > 0, parity: 'exact',
  },
} as const satisfies StatTable<RawTrainLayer, TrainLayerContext, TrainParity>;

export type TrainStatName = keyof typeof TRAIN_LAYER_STATS;

/** TRAIN_LAYER_STATS through the generic definition type, for code that reads any entry's fields. */
export const TRAIN_STAT_DEFS: StatTable<RawTrainLayer, TrainLayerContext, TrainParity> = TRAIN_LAYER_STATS;

export type TrainLayerStats = {
  /** 1 = the input layer, depth + 2 = the head. */
  layer: number;
  kind: LayerKind;
  units: number;
} & StatsOf<typeof TRAIN_LAYER_STATS>;

export function scaledSquaresOf(a: ArrayLike<number>): SegmentSums {
  const s = new ScaledSum();
  let bad = 0;
  for (let k = 0; k < a.length; k++) {
    if (Number.isFinite(a[k])) s.add(a[k]);
    else bad++;
  }
  return { squares: { scale: s.scale, ssq: s.ssq }, nonFinite: bad };
}

export function emptyRawTrainLayer(shape: LayerShape): RawTrainLayer {
  const none = emptyRecord(SEGMENT_SUMS);
  return { ...emptyRecord(TRAIN_UNIT_SUMS), alive: new Uint8Array(shape.nOut), gradW: none, gradB: none, weights: none };
}

/** train_unit_stats.wgsl: accumulates one chunk of examples into raw: δ, zeros, alive units and non-finite entries. */
export function accumulateLayer(raw: RawTrainLayer, s: Float32Array, h: Float32Array, d: Float32Array, rows: number, n: number): void {
  const sum = new ScaledSum();
  sum.scale = raw.delta.scale;
  sum.ssq = raw.delta.ssq;
  for (let k = 0; k < rows * n; k++) {
    const x = d[k];
    if (Number.isFinite(x)) sum.add(x);
    else { raw.nonFinite++; raw.deltaNonFinite++; }
    // NaN is not dead: a unit counts as zero (and dead) only where its s and h are finite.
    if (!Number.isFinite(s[k]) || !Number.isFinite(h[k])) {
      raw.nonFinite++;
      raw.alive[k % n] = UNIT_NON_FINITE;
    } else if (h[k] === 0) raw.zeroCount++;
    else raw.alive[k % n] = Math.max(raw.alive[k % n], UNIT_ALIVE);
  }
  raw.delta = { scale: sum.scale, ssq: sum.ssq };
}

/** Keeps the dead masks between checkpoints to count revivals. */
export class DeadTracker {
  private prevDead: Uint8Array[] | null = null;
  private everDead: Uint8Array[];
  private everRevived: Uint8Array[];
  constructor(shapes: LayerShape[]) {
    this.everDead = shapes.map((s) => new Uint8Array(s.nOut));
    this.everRevived = shapes.map((s) => new Uint8Array(s.nOut));
  }
  /** Records layer l's (0-based) unit states; returns revivals since the previous checkpoint and so far. */
  update(l: number, alive: Uint8Array): { revived: number; revivedEver: number; dead: number } {
    let revived = 0, ever = 0, dead = 0;
    const prev = this.prevDead?.[l];
    for (let j = 0; j < alive.length; j++) {
      if (alive[j] === UNIT_ALIVE) {
        if (prev && prev[j]) revived++;
        if (this.everDead[l][j]) this.everRevived[l][j] = 1;
      } else if (alive[j] === UNIT_DEAD) {
        dead++;
        this.everDead[l][j] = 1;
      }
      ever += this.everRevived[l][j];
    }
    return { revived, revivedEver: ever, dead };
  }
  /** Call after all layers of a checkpoint were updated. */
  commit(alive: Uint8Array[]): void {
    this.prevDead = alive.map((a) => a.map((v) => (v === UNIT_DEAD ? 1 : 0)));
  }
}

export function finalizeCheckpoint(
  step: number, raws: RawTrainLayer[], shapes: LayerShape[], n: number, train: SplitMetrics, test: SplitMetrics,
  tracker: DeadTracker,
): Checkpoint {
  const layers = raws.map((raw, l): TrainLayerStats => {
    const { layer, kind, nIn, nOut } = shapes[l];
    const ctx = { examples: n, nIn, nOut, ...tracker.update(l, raw.alive) };
    return { layer, kind, units: nOut, ...finalizeStats(TRAIN_LAYER_STATS, raw, ctx, { learnedSlope: raw.slope !== undefined }) } as TrainLayerStats;
  });
  tracker.commit(raws.map((r) => r.alive));
  return {
    step, train, test, layers,
    revivals: layers.reduce((a, l) => a + l.revived, 0),
    revivedUnits: layers.reduce((a, l) => a + l.revivedEver, 0),
  };
}

export function splitMetrics(lossSum: number, correct: number, n: number, classification: boolean): SplitMetrics {
  return { loss: lossSum / n, accuracy: classification ? correct / n : null };
}
