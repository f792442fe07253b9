/**
 * The trained network: an input layer (task dimension → width), `depth` hidden width × width layers
 * and a linear head (width → outputs). Layers are numbered 1 … depth + 2 like the simulation's
 * 1 … depth, and their weights come from the same generator calls (generateWeights / generateBias
 * of src/sim/layers.ts), so hidden layer l here has the weights layer l of a simulation would have
 * for the same seed and init when the input layer is square.
 */
import { ConfigError } from '../config-error';
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
  const biases = shapes.map(({ layer, kind, nOut }) => {
    if (kind === 'head') return new Float32Array(nOut);
    const b = generateBias(c.seed, layer, nOut, c.sigmaB2) ?? new Float32Array(nOut);
    if (c.biasInit !== 0) for (let i = 0; i < nOut; i++) b[i] += c.biasInit;
    return b;
  });
  const slopes = new Float32Array(shapes.length).fill(c.activation.param);
  return { shapes, weights, biases, slopes };
}

export function paramCount(shapes: LayerShape[]): number {
  return shapes.reduce((n, s) => n + s.nIn * s.nOut + s.nOut, 0);
}

/** Bytes of parameters, gradients and optimizer state, to refuse sizes beyond a device up front. */
export function checkModelSize(shapes: LayerShape[], limitBytes: number, what: string): void {
  const bytes = paramCount(shapes) * 4 * 4;
  if (bytes > limitBytes) {
    const shown = compareBytes(bytes, limitBytes);
    throw new ConfigError(`the model needs ${shown.need} for parameters, gradients and optimizer state; ${what} allows ${shown.limit} (reduce depth or width)`);
  }
}
