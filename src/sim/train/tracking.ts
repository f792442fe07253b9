/**
 * What is tracked at each checkpoint, and the one place raw accumulators become published numbers
 * (like finalizeLayer for the simulation): both trainers fill `RawTrainLayer`s from a pass over the
 * whole training set and call `finalizeCheckpoint`.
 *
 * Dead unit: h_l is exactly 0 for every training example. Revival: a unit dead at one checkpoint
 * and alive at a later one (`revived` counts those dead at the previous checkpoint; `revivedEver`
 * the distinct units revived at least once so far).
 */
import { ScaledSum, rmsOf } from '../stats';
import type { LayerShape } from './model';
import type { Checkpoint, SplitMetrics, TrainLayerStats } from './trainer';

export interface RawTrainLayer {
  /** Scaled Σδ² over the training set (finite entries). */
  deltaScale: number;
  deltaSsq: number;
  /** Scaled sums of squares of the full-training-set gradients ∂L/∂W (nOut × nIn) and ∂L/∂b. */
  gradW: ScaledSquares;
  gradB: ScaledSquares;
  weightRms: number;
  zeroCount: number;
  /** 1 where the unit's h is nonzero for some training example. */
  alive: Uint8Array;
  /** Count of non-finite s, h or δ entries. */
  nonFinite: number;
  /** Count of non-finite δ entries (then deltaRms is NaN). */
  deltaNonFinite: number;
  slope?: number;
}

/** Σx² of `count` values as scale²·ssq, with the count of non-finite values left out. */
export interface ScaledSquares {
  scale: number;
  ssq: number;
  count: number;
  nonFinite: number;
}

export function scaledSquaresOf(a: ArrayLike<number>): ScaledSquares {
  const s = new ScaledSum();
  let bad = 0;
  for (let k = 0; k < a.length; k++) {
    if (Number.isFinite(a[k])) s.add(a[k]);
    else bad++;
  }
  return { scale: s.scale, ssq: s.ssq, count: a.length, nonFinite: bad };
}

export function rmsOfSquares(q: ScaledSquares): number {
  return q.nonFinite > 0 ? NaN : rmsOf(q.scale, q.ssq, q.count);
}

export function emptyRawTrainLayer(shape: LayerShape): RawTrainLayer {
  const none = (count: number): ScaledSquares => ({ scale: 0, ssq: 0, count, nonFinite: 0 });
  return {
    deltaScale: 0, deltaSsq: 0, gradW: none(shape.nIn * shape.nOut), gradB: none(shape.nOut),
    weightRms: 0, zeroCount: 0, alive: new Uint8Array(shape.nOut), nonFinite: 0, deltaNonFinite: 0,
  };
}

/** Accumulates one chunk of examples into raw: δ, zeros, alive units and non-finite entries. */
export function accumulateLayer(raw: RawTrainLayer, s: Float32Array, h: Float32Array, d: Float32Array, rows: number, n: number): void {
  const sum = new ScaledSum();
  sum.scale = raw.deltaScale;
  sum.ssq = raw.deltaSsq;
  for (let k = 0; k < rows * n; k++) {
    const x = d[k];
    if (Number.isFinite(x)) sum.add(x);
    else { raw.nonFinite++; raw.deltaNonFinite++; }
    if (!Number.isFinite(s[k]) || !Number.isFinite(h[k])) raw.nonFinite++;
    if (h[k] === 0) raw.zeroCount++;
    else raw.alive[k % n] = 1;
  }
  raw.deltaScale = sum.scale;
  raw.deltaSsq = sum.ssq;
}

export function weightRmsOf(w: Float32Array): number {
  return rmsOfSquares(scaledSquaresOf(w));
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
  /** Records layer l's (0-based) alive mask; returns revivals since the previous checkpoint and so far. */
  update(l: number, alive: Uint8Array): { revived: number; revivedEver: number; dead: number } {
    let revived = 0, ever = 0, dead = 0;
    const prev = this.prevDead?.[l];
    for (let j = 0; j < alive.length; j++) {
      if (alive[j]) {
        if (prev && prev[j]) revived++;
        if (this.everDead[l][j]) this.everRevived[l][j] = 1;
      } else {
        dead++;
        this.everDead[l][j] = 1;
      }
      ever += this.everRevived[l][j];
    }
    return { revived, revivedEver: ever, dead };
  }
  /** Call after all layers of a checkpoint were updated. */
  commit(alive: Uint8Array[]): void {
    this.prevDead = alive.map((a) => a.map((v) => (v ? 0 : 1)));
  }
}

export function finalizeCheckpoint(
  step: number, raws: RawTrainLayer[], shapes: LayerShape[], n: number, train: SplitMetrics, test: SplitMetrics,
  tracker: DeadTracker,
): Checkpoint {
  const layers: TrainLayerStats[] = raws.map((raw, l) => {
    const { nOut } = shapes[l];
    const { revived, revivedEver, dead } = tracker.update(l, raw.alive);
    const deltaRms = raw.deltaNonFinite > 0 ? NaN : rmsOf(raw.deltaScale, raw.deltaSsq, n * nOut);
    const stats: TrainLayerStats = {
      layer: shapes[l].layer,
      kind: shapes[l].kind,
      units: nOut,
      deltaRms,
      weightGradRms: rmsOfSquares(raw.gradW),
      biasGradRms: rmsOfSquares(raw.gradB),
      weightRms: raw.weightRms,
      zeroFraction: raw.zeroCount / (n * nOut),
      deadFraction: dead / nOut,
      deadUnits: dead,
      revived,
      revivedEver,
      nonFinite: raw.nonFinite > 0,
    };
    if (raw.slope !== undefined) stats.slope = raw.slope;
    return stats;
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
