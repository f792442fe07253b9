/**
 * One forward and backward pass of the trained network over a batch, built from the shared layer
 * kernels (forwardLayer, backwardLayer of src/sim/layers.ts) and the training kernels (kernels.ts,
 * losses.ts). Used by the CPU trainer's step and checkpoints and by the gradient tests; evaluating
 * the loss alone needs only forwardPass and lossHead.
 */
import { backwardLayer, forwardLayer, singleActs } from '../layers';
import { preluSlopeGrad, weightGrad } from './kernels';
import { lossHead, type LossKind, type LossSums } from './losses';
import type { ModelParams, ResolvedModelActivations } from './model';

/** Buffers for one batch size: s_l and h_l for every layer, δ ping-pong, gradients. */
export class Workspace {
  readonly s: Float32Array[];
  readonly h: Float32Array[];
  readonly deltas: Float32Array[];
  readonly gW: Float32Array[];
  readonly gB: Float32Array[];
  readonly gSlope: Float32Array;
  readonly acc: Float64Array;
  readonly g: Float32Array;
  constructor(readonly model: ModelParams, readonly batch: number) {
    this.s = model.shapes.map((sh) => new Float32Array(batch * sh.nOut));
    this.h = model.shapes.map((sh) => new Float32Array(batch * sh.nOut));
    this.deltas = model.shapes.map((sh) => new Float32Array(batch * sh.nOut));
    this.gW = model.shapes.map((sh) => new Float32Array(sh.nIn * sh.nOut));
    this.gB = model.shapes.map((sh) => new Float32Array(sh.nOut));
    this.gSlope = new Float32Array(model.shapes.length);
    const widest = Math.max(...model.shapes.map((sh) => Math.max(sh.nIn, sh.nOut)));
    this.acc = new Float64Array(widest);
    this.g = new Float32Array(batch * widest);
  }
}

/** Forward pass over `batch` rows of x: fills ws.s and ws.h; the head (last layer) is linear. */
export function forwardPass(
  model: ModelParams, acts: ResolvedModelActivations, x: Float32Array, batch: number, ws: Workspace,
): Float32Array {
  const L = model.shapes.length;
  let input = x;
  for (let l = 0; l < L; l++) {
    const { nIn, nOut } = model.shapes[l];
    const head = l === L - 1;
    forwardLayer(
      model.weights[l], model.biases[l], input, ws.s[l], ws.h[l], batch, nIn, nOut,
      singleActs(head ? acts.linear : acts.act.def, head ? 0 : model.slopes[l], nOut),
    );
    input = ws.h[l];
  }
  return ws.h[L - 1];
}

/**
 * Backward pass after forwardPass: δ at the head from the loss, then δ_l for every layer (ws.deltas),
 * and ∂L/∂W, ∂L/∂b (and ∂L/∂slope for PReLU) of the mean loss times `gradScale·batch`
 * (gradScale = 1/batch gives the batch mean; a checkpoint's pass in chunks passes 1/n).
 */
export function backwardPass(
  model: ModelParams, acts: ResolvedModelActivations, x: Float32Array, y: Float32Array, batch: number,
  lossKind: LossKind, ws: Workspace, gradScale = 1 / batch,
): LossSums {
  const L = model.shapes.length;
  const sums = lossHead(ws.h[L - 1], y, batch, model.shapes[L - 1].nOut, lossKind, ws.deltas[L - 1]);
  for (let l = L - 1; l >= 0; l--) {
    const { nIn, nOut } = model.shapes[l];
    const below = l === 0 ? x : ws.h[l - 1];
    weightGrad(ws.deltas[l], below, batch, nIn, nOut, ws.gW[l], ws.gB[l], gradScale, ws.acc);
    if (l === 0) break;
    const backParam = acts.back === acts.act ? model.slopes[l - 1] : acts.back.param;
    if (acts.learnedSlope) {
      ws.gSlope[l - 1] = preluSlopeGrad(model.weights[l], ws.deltas[l], ws.s[l - 1], batch, nIn, nOut, gradScale);
    }
    backwardLayer(model.weights[l], ws.deltas[l], null, ws.s[l - 1], ws.g, ws.deltas[l - 1], batch, nIn, nOut, singleActs(acts.back.def, backParam, nIn), 1, ws.acc);
  }
  return sums;
}

export function lossKindOf(classification: boolean): LossKind {
  return classification ? 'cross-entropy' : 'mse';
}
