/// <reference lib="webworker" />
/**
 * Mean-field theory off the main thread: the per-layer prediction of deltaRms for a config, and the
 * χ₁ grid and edge of chaos for the phase diagram. The moments are memoized per activation
 * (src/sim/moment-table.ts), so a fine grid takes ~0.1–0.3 s even for gelu or selu.
 */
import { edgeOfChaos, chi1Grid } from '../sim/phase';
import { layerTheory } from '../sim/theory';
import type { RunTheoryInfo } from '../sim/stats';
import type { PhaseData, TheoryReply, TheoryRequest } from './theory-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const GRID_W = 97;
const GRID_B = 73;
const EDGE_POINTS = 73;

const linspace = (max: number, n: number): number[] => Array.from({ length: n }, (_, i) => (max * i) / (n - 1));

scope.onmessage = (event: MessageEvent<TheoryRequest>) => {
  const req = event.data;
  try {
    if (req.type === 'curves') {
      const curves: Record<string, number[]> = {};
      const log10: Record<string, number[]> = {};
      const info: Record<string, RunTheoryInfo> = {};
      for (const run of req.config.activations) {
        const t = layerTheory(req.config, run);
        curves[run.spec] = t.deltaRms;
        log10[run.spec] = t.deltaLog10;
        info[run.spec] = t.run;
      }
      scope.postMessage({ type: 'curves', id: req.id, curves, log10, info } satisfies TheoryReply);
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
