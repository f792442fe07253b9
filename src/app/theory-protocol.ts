/** Messages between the page and the theory worker (a configuration's mean-field prediction and the phase diagram). */
import type { RunActivation, SimConfig } from '../sim/config';
import type { ConfigTheory } from '../sim/theory-cli';

export interface TheoryOfRequest { type: 'theory'; id: number; config: SimConfig }
export interface PhaseRequest {
  type: 'phase';
  id: number;
  /** The activation forward and the derivative backward: both decide χ₁. */
  run: RunActivation;
  /** Axis ranges: σ_w² in [0, w2Max], σ_b² in [0, b2Max]. */
  w2Max: number;
  b2Max: number;
}
export type TheoryRequest = TheoryOfRequest | PhaseRequest;

export interface TheoryOfReply {
  type: 'theory';
  id: number;
  /** Per activation spec: q, χ and deltaRms per layer, and q*, χ₁, ξ of the run (configTheory). */
  theory: ConfigTheory;
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
export type TheoryReply = TheoryOfReply | PhaseReply | ErrorReply;
