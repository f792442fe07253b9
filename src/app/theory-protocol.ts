/** Messages between the page and the theory worker (mean-field curves and the phase diagram). */
import type { RunActivation, SimConfig } from '../sim/config';
import type { RunTheoryInfo } from '../sim/stats';

export interface CurvesRequest { type: 'curves'; id: number; config: SimConfig }
export interface PhaseRequest {
  type: 'phase';
  id: number;
  /** The activation forward and the derivative backward: both decide χ₁. */
  run: RunActivation;
  /** Axis ranges: σ_w² in [0, w2Max], σ_b² in [0, b2Max]. */
  w2Max: number;
  b2Max: number;
}
export type TheoryRequest = CurvesRequest | PhaseRequest;

export interface CurvesReply {
  type: 'curves';
  id: number;
  /** Predicted deltaRms per layer, keyed by activation spec (0 where float64 cannot hold it). */
  curves: Record<string, number[]>;
  /** Predicted deltaLog10 per layer, finite at any depth. */
  log10: Record<string, number[]>;
  info: Record<string, RunTheoryInfo>;
}

export interface PhaseData {
  /** Canonical specs of the activation and of the derivative used backward. */
  activation: string;
  derivative: string;
  w2Max: number;
  b2Max: number;
  /** χ₁ on a grid (97 × 73): chi1[i][j] at σ_b² = b2[i], σ_w² = w2[j]. */
  w2: number[];
  b2: number[];
  chi1: number[][];
  /** Edge of chaos: for each σ_b² of edgeB2, the σ_w² where χ₁ = 1 (NaN where there is none in range). */
  edgeB2: number[];
  edgeW2: number[];
}

export interface PhaseReply { type: 'phase'; id: number; data: PhaseData }
export interface ErrorReply { type: 'error'; id: number; message: string }
export type TheoryReply = CurvesReply | PhaseReply | ErrorReply;
