/**
 * One forward and backward pass of the trained network over a batch, built from the shared layer
 * kernels (forwardLayer, backwardLayer, deltaFromStream of src/sim/layers.ts) and the training
 * kernels (kernels.ts, losses.ts), with each layer's product on the backend (src/sim/backend.ts:
 * the reference's float64 loops or the WebAssembly kernels). Used by the CPU trainer's step and
 * checkpoints and by the gradient tests; evaluating the loss alone needs only forwardPass and lossHead.
 */
import { Allocations, type CpuBackend } from '../backend';
import { backwardLayer, deltaFromStream, forwardLayer, singleActs } from '../layers';
import { referenceBackend } from '../reference-backend';
import { affineGrad, biasGrad, preluSlopeGrad, trainNormBackward, trainNormForward, type NormLayer, type NormMode } from './kernels';
import { lossHead, type LossKind, type LossSums } from './losses';
import { hasBias, isNormalized, streamAlpha, type ModelParams, type ResolvedModelActivations } from './model';

/**
 * Buffers for one batch size; what a product reads or writes is in the backend's memory: the input
 * rows x, s_l and h_l for every layer, δ per layer, g and e, the weight gradients. A normalized
 * layer's ŝ and 1/σ, the other gradients and γ ⊙ δ are ordinary arrays. `free()` gives the
 * backend's back.
 */
export class Workspace {
  readonly x: Float32Array;
  readonly s: Float32Array[];
  readonly h: Float32Array[];
  readonly deltas: Float32Array[];
  readonly gW: Float32Array[];
  readonly gB: Float32Array[];
  readonly gSlope: Float32Array;
  readonly gGamma: Float32Array[];
  readonly gBeta: Float32Array[];
  /** ŝ = N(u) and 1/σ per group of each normalized layer (empty arrays elsewhere). */
  readonly sHat: Float32Array[];
  readonly invStd: Float32Array[];
  /** g = ∂ℓ/∂h of the layer being passed and the one below it; e = ∂ℓ/∂u; γ ⊙ δ. */
  readonly g: [Float32Array, Float32Array];
  readonly e: Float32Array;
  readonly scratch: Float32Array;
  private readonly mem: Allocations;
  constructor(readonly model: ModelParams, readonly batch: number, readonly backend: CpuBackend = referenceBackend()) {
    const mem = (this.mem = new Allocations(backend));
    const layer = (n: number, when = true): Float32Array => new Float32Array(when ? batch * n : 0);
    this.x = mem.alloc(batch * model.shapes[0].nIn);
    this.s = model.shapes.map((sh) => mem.alloc(batch * sh.nOut));
    this.h = model.shapes.map((sh) => mem.alloc(batch * sh.nOut));
    this.deltas = model.shapes.map((sh) => mem.alloc(batch * sh.nOut));
    this.gW = model.shapes.map((sh) => mem.alloc(sh.nIn * sh.nOut));
    this.gB = model.shapes.map((sh) => new Float32Array(sh.nOut));
    this.gSlope = new Float32Array(model.shapes.length);
    this.gGamma = model.gamma.map((g) => new Float32Array(g.length));
    this.gBeta = model.beta.map((b) => new Float32Array(b.length));
    this.sHat = model.shapes.map((sh, l) => layer(sh.nOut, isNormalized(model, l)));
    this.invStd = model.shapes.map((sh, l) => new Float32Array(isNormalized(model, l) ? (model.arch.norm === 'batch' ? sh.nOut : batch) : 0));
    const widest = Math.max(...model.shapes.map((sh) => Math.max(sh.nIn, sh.nOut)));
    this.g = [mem.alloc(batch * widest), mem.alloc(batch * widest)];
    this.e = mem.alloc(batch * widest);
    this.scratch = new Float32Array(batch * widest);
  }

  /** Layer l's normalization state (l normalized). */
  normLayer(l: number): NormLayer {
    const m = this.model;
    return {
      kind: m.arch.norm as NormLayer['kind'], gamma: m.gamma[l], beta: m.beta[l], runMean: m.runMean[l], runVar: m.runVar[l],
      sHat: this.sHat[l], invStd: this.invStd[l],
    };
  }

  free(): void {
    this.mem.freeAll();
  }
}

/**
 * Forward pass over `batch` rows of x (ws.x or any backend matrix): fills ws.s and ws.h; the head
 * (last layer) is linear. `mode` says how a BatchNorm layer is evaluated: `step` (a training step:
 * batch statistics, running averages updated), `train` (batch statistics: the checkpoint's pass over
 * the training set) or `eval` (the running averages: the test set and the decision boundary).
 */
export function forwardPass(
  model: ModelParams, acts: ResolvedModelActivations, x: Float32Array, batch: number, ws: Workspace, mode: NormMode = 'eval',
): Float32Array {
  const L = model.shapes.length;
  let input = x;
  for (let l = 0; l < L; l++) {
    const { nIn, nOut } = model.shapes[l];
    const shape = { batch, nIn, nOut };
    const head = l === L - 1;
    const f = singleActs(head ? acts.linear : acts.act.def, head ? 0 : model.slopes[l], nOut);
    if (isNormalized(model, l)) {
      forwardLayer(ws.backend, model.weights[l], model.biases[l], input, ws.s[l], ws.h[l], shape, null);
      trainNormForward(ws.s[l], ws.normLayer(l), input, ws.h[l], batch, nOut, mode, f, streamAlpha(model, l));
    } else {
      forwardLayer(ws.backend, model.weights[l], model.biases[l], input, ws.s[l], ws.h[l], shape, f, streamAlpha(model, l));
    }
    input = ws.h[l];
  }
  return ws.h[L - 1];
}

/**
 * Backward pass after forwardPass (with batch statistics): δ at the head from the loss, then for every
 * layer from the top e_l = N′ᵀ(γ ⊙ δ_l) (δ_l itself unnormalized), ∂L/∂W, ∂L/∂b (and ∂L/∂γ, ∂L/∂β,
 * ∂L/∂slope), g_{l−1} = W_lᵀ e_l (+ g_l across a residual layer) and δ_{l−1} = c·g_{l−1} ⊙ f′ (c = α
 * of layer l−1's stream, else 1), all of the mean loss times `gradScale·batch` (gradScale = 1/batch
 * gives the batch mean; a checkpoint's pass over the training set passes 1/n).
 */
export function backwardPass(
  model: ModelParams, acts: ResolvedModelActivations, x: Float32Array, y: Float32Array, batch: number,
  lossKind: LossKind, ws: Workspace, gradScale = 1 / batch,
): LossSums {
  const L = model.shapes.length;
  const sums = lossHead(ws.h[L - 1], y, batch, model.shapes[L - 1].nOut, lossKind, ws.deltas[L - 1]);
  let g = 0;
  for (let l = L - 1; l >= 0; l--) {
    const { nIn, nOut } = model.shapes[l];
    const shape = { batch, nIn, nOut };
    const below = l === 0 ? x : ws.h[l - 1];
    let e = ws.deltas[l];
    if (isNormalized(model, l)) {
      const norm = ws.normLayer(l);
      if (model.arch.affine) affineGrad(ws.deltas[l], norm.sHat, batch, nOut, ws.gGamma[l], ws.gBeta[l], gradScale);
      trainNormBackward(ws.deltas[l], norm, ws.e, ws.scratch, batch, nOut);
      e = ws.e;
    }
    ws.backend.weightGrad(ws.gW[l], e, below, gradScale, shape);
    if (hasBias(model, l)) biasGrad(e, batch, nOut, ws.gB[l], gradScale);
    else ws.gB[l].fill(0);
    if (l === 0) break;
    const backParam = acts.back === acts.act ? model.slopes[l - 1] : acts.back.param;
    const c = streamAlpha(model, l - 1) || 1;
    // g of layer l (above) is added across a residual layer l: h_l = h_{l−1} + α·f(s_l).
    const gAbove = streamAlpha(model, l) > 0 ? ws.g[g] : null;
    backwardLayer(ws.backend, model.weights[l], e, gAbove, ws.g[1 - g], shape);
    g = 1 - g;
    deltaFromStream(ws.g[g], ws.s[l - 1], ws.deltas[l - 1], batch, nIn, singleActs(acts.back.def, backParam, nIn), c);
    if (acts.learnedSlope) ws.gSlope[l - 1] = preluSlopeGrad(ws.g[g], ws.s[l - 1], batch * nIn, c * gradScale);
  }
  return sums;
}

export function lossKindOf(classification: boolean): LossKind {
  return classification ? 'cross-entropy' : 'mse';
}
