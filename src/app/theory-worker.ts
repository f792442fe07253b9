/// <reference lib="webworker" />
/**
 * Mean-field theory off the main thread: a configuration's per-layer prediction (configTheory, what
 * the command line's --theory adds), and the χ₁ grid and edge of chaos for the phase diagram. The
 * moments are memoized per activation (src/sim/moment-table.ts), so a fine grid takes ~0.1–0.3 s
 * even for gelu or selu.
 */
import { edgeOfChaos, chi1Grid } from '../sim/phase';
import { configTheory } from '../sim/theory-cli';
import type { PhaseData, TheoryReply, TheoryRequest } from './theory-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const GRID_W = 97;
const GRID_B = 73;
const EDGE_POINTS = 73;

const linspace = (max: number, n: number): number[] => Array.from({ length: n }, (_, i) => (max * i) / (n - 1));

scope.onmessage = (event: MessageEvent<TheoryRequest>) => {
  const req = event.data;
  try {
    if (req.type === 'theory') {
      scope.postMessage({ type: 'theory', id: req.id, theory: configTheory(req.config) } satisfies TheoryReply);
      return;
    }
    const a = req.run;
    const w2 = linspace(req.w2Max, GRID_W);
    const b2 = linspace(req.b2Max, GRID_B);
    const edgeB2 = linspace(req.b2Max, EDGE_POINTS);
    const data: PhaseData = {
      activation: a.spec, derivative: a.derivative.spec, w2Max: req.w2Max, b2Max: req.b2Max,
      w2, b2, chi1: chi1Grid(a, w2, b2),
      edgeB2, edgeW2: edgeOfChaos(a, edgeB2, { maxSigmaW2: req.w2Max, scanSteps: 48 }),
    };
    scope.postMessage({ type: 'phase', id: req.id, data } satisfies TheoryReply);
  } catch (err) {
    scope.postMessage({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) } satisfies TheoryReply);
  }
};
