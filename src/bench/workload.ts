/**
 * The benchmark's workload, the MLP: forward + backward through `depth` ReLU layers of
 * width `width` for `batch` inputs, He init, the gradient of Σ h_depth with respect to the input
 * (what tfjs's `tf.grad` computes). Every peer runs this same loop; data comes from the project's
 * generator so the JavaScript peers see identical numbers (numpy draws its own).
 */
import { fillNormal, Stream, streamKey } from '../sim/generator';

export interface MlpConfig {
  depth: number;
  width: number;
  batch: number;
}

export interface MlpData {
  /** W_l, width × width row-major [out][in], N(0, 2/width). */
  weights: Float32Array[];
  /** x, batch × width, N(0, 1). */
  x: Float32Array;
}

/** The count: 2·batch·width²·(2·depth − 1) (depth forward and depth − 1 backward products). */
export function mlpFlops({ depth, width, batch }: MlpConfig): number {
  return 2 * batch * width * width * (2 * depth - 1);
}

export function mlpData({ depth, width, batch }: MlpConfig, seed = 1): MlpData {
  const std = Math.sqrt(2 / width);
  return {
    weights: Array.from({ length: depth }, (_, l) => fillNormal(new Float32Array(width * width), streamKey(seed, Stream.weight, l + 1), std)),
    x: fillNormal(new Float32Array(batch * width), streamKey(seed, Stream.input, 0), 1),
  };
}

/** One implementation of the loop. */
export interface Peer {
  /** Short name used on the command line and in the table. */
  readonly name: string;
  /** One line: library, version, backend, threads. */
  describe(): string;
  /**
   * Builds the network (untimed) from `data()`, drawn on first call and shared by the peers (the
   * GPU peers draw the same network on the device and never call it: at width 4096 it is GiBs).
   */
  prepare(config: MlpConfig, data: () => MlpData): Promise<void>;
  /** One timed forward + backward pass, result read back; milliseconds. */
  pass(): Promise<number>;
  /** The last pass's gradient with respect to the input, batch × width (null if not comparable). */
  gradient(): Promise<Float32Array | null>;
  /** Frees the network of the last prepare. */
  release(): void;
  dispose(): void;
}
