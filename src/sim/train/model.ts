/**
 * The trained network: an input layer (task dimension → width), `depth` hidden width × width layers
 * and a linear head (width → outputs). With --norm the input and hidden layers normalize u_l = W h + b
 * (s_l = γ ⊙ N(u_l) + β, γ = 1 and β = 0 unless learned with --affine; a BatchNorm layer has no bias,
 * which the batch mean it subtracts would cancel, as PyTorch's bias=False before BatchNorm); with --residual the hidden
 * layers add α·f(s_l) to the stream h_{l−1}. Layers are numbered 1 … depth + 2 like the simulation's
 * 1 … depth, and their weights come from the same generator calls (generateWeights / generateBias
 * of src/sim/layers.ts), so hidden layer l here has the weights layer l of a simulation would have
 * for the same seed and init when the input layer is square.
 */
import { ConfigError } from '../config-error';
import type { NormKind } from '../config-fields';
import { compareBytes } from '../memory';
import { activationFn, getActivation, type ActivationDef, type ActivationFn } from '../activations';
import { weightDistribution } from '../inits';
import { generateBias, generateWeights } from '../layers';
import { orthogonalMatrix } from '../orthogonal';
import type { TrainConfig } from './train-config';

export type LayerKind = 'input' | 'hidden' | 'head';

export interface LayerShape {
  /** 1-based. */
  layer: number;
  kind: LayerKind;
  nIn: number;
  nOut: number;
}

export interface ModelParams {
  shapes: LayerShape[];
  weights: Float32Array[];
  biases: Float32Array[];
  /**
   * The activation parameter of each layer (index l−1). For PReLU this is the learned slope, one per
   * layer (shared by the layer's units, as in He et al. 2015's "channel-shared" variant); the head's is unused.
   */
  slopes: Float32Array;
  /** The architecture: the normalization and α of the hidden layers' stream (0: plain), γ and β learned or not. */
  arch: ModelArch;
  /** Per layer: γ and β of a normalized layer (one per unit; empty for the head and without a normalization). */
  gamma: Float32Array[];
  beta: Float32Array[];
  /** Per layer: BatchNorm's running averages of the batch mean and variance (empty without BatchNorm), for evaluation. */
  runMean: Float32Array[];
  runVar: Float32Array[];
}

export interface ModelArch {
  norm: NormKind;
  alpha: number;
  affine: boolean;
}

/** Whether layer l (0-based) is normalized: every layer but the head, with --norm. */
export function isNormalized(model: Pick<ModelParams, 'arch' | 'shapes'>, l: number): boolean {
  return model.arch.norm !== 'none' && model.shapes[l].kind !== 'head';
}

/** Whether layer l (0-based) learns a bias: all but BatchNorm's layers, whose batch mean cancels it. */
export function hasBias(model: Pick<ModelParams, 'arch' | 'shapes'>, l: number): boolean {
  return !(model.arch.norm === 'batch' && isNormalized(model, l));
}

/** α of layer l's residual stream (0-based): the hidden layers' α, 0 for the input layer and the head. */
export function streamAlpha(model: Pick<ModelParams, 'arch' | 'shapes'>, l: number): number {
  return model.shapes[l].kind === 'hidden' ? model.arch.alpha : 0;
}

export function modelShapes(depth: number, width: number, inputDim: number, outputs: number): LayerShape[] {
  const shapes: LayerShape[] = [{ layer: 1, kind: 'input', nIn: inputDim, nOut: width }];
  for (let l = 2; l <= depth + 1; l++) shapes.push({ layer: l, kind: 'hidden', nIn: width, nOut: width });
  shapes.push({ layer: depth + 2, kind: 'head', nIn: width, nOut: outputs });
  return shapes;
}

/**
 * Orthogonal init for a non-square layer: the top-left nOut × nIn block of a max(nIn, nOut) random
 * orthogonal matrix, whose rows (nOut ≤ nIn) or columns (nOut > nIn) are orthonormal (Saxe et al. 2014).
 */
function semiOrthogonal(seed: number, layer: number, nIn: number, nOut: number, gain: number): Float32Array {
  const n = Math.max(nIn, nOut);
  const q = orthogonalMatrix(n, seed, layer, gain);
  const w = new Float32Array(nOut * nIn);
  for (let i = 0; i < nOut; i++) for (let j = 0; j < nIn; j++) w[i * nIn + j] = q[i * n + j];
  return w;
}

export interface ResolvedModelActivations {
  act: ActivationFn;
  /** The derivative used backward (the --backward override or the activation's own). */
  back: ActivationFn;
  /** True when the activation's parameter is learned (PReLU). */
  learnedSlope: boolean;
  linear: ActivationDef;
}

export function modelActivations(c: TrainConfig): ResolvedModelActivations {
  const { activation } = c;
  return { act: activationFn(activation), back: activationFn(activation.derivative), learnedSlope: activation.name === 'prelu', linear: getActivation('linear') };
}

export function initModel(c: TrainConfig, inputDim: number, outputs: number): ModelParams {
  const shapes = modelShapes(c.depth, c.width, inputDim, outputs);
  const weights = shapes.map(({ layer, nIn, nOut }) => {
    const dist = weightDistribution(c.init, nIn, nOut);
    if (dist.kind === 'orthogonal' && nIn !== nOut) return semiOrthogonal(c.seed, layer, nIn, nOut, dist.gain);
    return generateWeights(c.seed, layer, nIn, nOut, c.init);
  });
  const arch: ModelArch = { norm: c.norm, alpha: c.alpha, affine: c.affine };
  const biases = shapes.map(({ layer, kind, nOut }, l) => {
    if (kind === 'head' || !hasBias({ arch, shapes }, l)) return new Float32Array(nOut);
    const b = generateBias(c.seed, layer, nOut, c.sigmaB2) ?? new Float32Array(nOut);
    if (c.biasInit !== 0) for (let i = 0; i < nOut; i++) b[i] += c.biasInit;
    return b;
  });
  const slopes = new Float32Array(shapes.length).fill(c.activation.param);
  const normalized = (l: number): boolean => isNormalized({ arch, shapes }, l);
  const perUnit = (fill: number, when: (l: number) => boolean) => shapes.map((s, l) => new Float32Array(when(l) ? s.nOut : 0).fill(fill));
  const batchNorm = (l: number): boolean => c.norm === 'batch' && normalized(l);
  return {
    shapes, weights, biases, slopes, arch,
    gamma: perUnit(1, normalized), beta: perUnit(0, normalized), runMean: perUnit(0, batchNorm), runVar: perUnit(1, batchNorm),
  };
}

/** Weights and the biases learned (and, with --affine, γ and β of the normalized layers). */
export function paramCount(shapes: LayerShape[], arch: ModelArch = { norm: 'none', alpha: 0, affine: false }): number {
  const model = { arch, shapes };
  return shapes.reduce((n, s, l) => n + s.nIn * s.nOut + (hasBias(model, l) ? s.nOut : 0) + (arch.affine && isNormalized(model, l) ? 2 * s.nOut : 0), 0);
}

/** Bytes of parameters, gradients and optimizer state, to refuse sizes beyond a device up front. */
export function checkModelSize(shapes: LayerShape[], limitBytes: number, what: string): void {
  const bytes = paramCount(shapes) * 4 * 4;
  if (bytes > limitBytes) {
    const shown = compareBytes(bytes, limitBytes);
    throw new ConfigError(`the model needs ${shown.need} for parameters, gradients and optimizer state; ${what} allows ${shown.limit} (reduce depth or width)`);
  }
}
