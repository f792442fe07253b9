/**
 * One forward and backward pass of the trained network over a batch, built from the shared layer
 * kernels (forwardLayer, applyDerivative of src/sim/layers.ts) and the training kernels (kernels.ts,
 * losses.ts), with each layer's product on the backend (src/sim/backend.ts: the reference's float64
 * loops or the WebAssembly kernels). Used by the CPU trainer's step and checkpoints and by the
 * gradient tests; evaluating the loss alone needs only forwardPass and lossHead.
 */
import { Allocations, type CpuBackend } from '../backend';
import { applyDerivative, forwardLayer } from '../layers';
import { referenceBackend } from '../reference-backend';
import { biasGrad, preluSlopeGrad } from './kernels';
import { lossHead, type LossKind, type LossSums } from './losses';
import type { ModelParams, ResolvedModelActivations } from './model';

/**
 * Buffers for one batch size, in the backend's memory: the input rows x, s_l and h_l for every
 * layer, δ per layer, gradients. `free()` gives them back.
 */
export class Workspace {
  readonly x: Float32Array;
  readonly s: Float32Array[];
  readonly h: Float32Array[];
  readonly deltas: Float32Array[];
  readonly gW: Float32Array[];
  readonly gB: Float32Array[];
  readonly gSlope: Float32Array;
  private readonly mem: Allocations;
  constructor(readonly model: ModelParams, readonly batch: number, readonly backend: CpuBackend = referenceBackend()) {
    const mem = (this.mem = new Allocations(backend));
    this.x = mem.alloc(batch * model.shapes[0].nIn);
    this.s = model.shapes.map((sh) => mem.alloc(batch * sh.nOut));
    this.h = model.shapes.map((sh) => mem.alloc(batch * sh.nOut));
    this.deltas = model.shapes.map((sh) => mem.alloc(batch * sh.nOut));
    this.gW = model.shapes.map((sh) => mem.alloc(sh.nIn * sh.nOut));
    this.gB = model.shapes.map((sh) => new Float32Array(sh.nOut));
    this.gSlope = new Float32Array(model.shapes.length);
  }

  free(): void {
    this.mem.freeAll();
  }
}

/** Forward pass over `batch` rows of x (ws.x or any backend matrix): fills ws.s and ws.h; the head (last layer) is linear. */
export function forwardPass(
  model: ModelParams, acts: ResolvedModelActivations, x: Float32Array, batch: number, ws: Workspace,
): Float32Array {
  const L = model.shapes.length;
  let input = x;
  for (let l = 0; l < L; l++) {
    const { nIn, nOut } = model.shapes[l];
    const head = l === L - 1;
    forwardLayer(
      ws.backend, model.weights[l], model.biases[l], input, ws.s[l], ws.h[l], { batch, nIn, nOut },
      head ? acts.linear : acts.act.def, head ? 0 : model.slopes[l],
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
    const shape = { batch, nIn, nOut };
    const below = l === 0 ? x : ws.h[l - 1];
    ws.backend.weightGrad(ws.gW[l], ws.deltas[l], below, gradScale, shape);
    biasGrad(ws.deltas[l], batch, nOut, ws.gB[l], gradScale);
    if (l === 0) break;
    // g = Wᵀδ (∂ℓ/∂h_{l−1}) first, then δ_{l−1} = g ⊙ f′(s_{l−1}) in place.
    const g = ws.deltas[l - 1];
    ws.backend.backward(g, ws.deltas[l], model.weights[l], shape);
    if (acts.learnedSlope) ws.gSlope[l - 1] = preluSlopeGrad(g, ws.s[l - 1], batch * nIn, gradScale);
    const backParam = acts.back === acts.act ? model.slopes[l - 1] : acts.back.param;
    applyDerivative(g, ws.s[l - 1], batch * nIn, acts.back.def, backParam);
  }
  return sums;
}

export function lossKindOf(classification: boolean): LossKind {
  return classification ? 'cross-entropy' : 'mse';
}
