import { describe, expect, test } from 'vitest';
import { ACTIVATIONS } from '../activations';
import { Stream, fillNormal, streamKey } from '../generator';
import { Workspace, backwardPass, forwardPass } from './backprop';
import { lossHead, type LossKind } from './losses';
import { initModel, modelActivations, type ModelParams } from './model';
import { normalizeTrainConfig, type RawTrainConfig } from './train-config';

// Central finite differences of the mean loss against the analytic ∂L/∂W, ∂L/∂b (and ∂L/∂slope for
// PReLU, ∂L/∂γ and ∂L/∂β with --affine) on a small network: input 2 → width 5, depth 3 hidden layers,
// head → 3 outputs, 4 examples; plain, and with the residual stream and the normalizations (BatchNorm
// with the batch statistics of a training step).
const BATCH = 4;
const EPS = 3e-3;

function lossOf(model: ModelParams, acts: ReturnType<typeof modelActivations>, x: Float32Array, y: Float32Array, kind: LossKind): number {
  const ws = new Workspace(model, BATCH);
  const z = forwardPass(model, acts, x, BATCH, ws, 'train');
  return lossHead(z, y, BATCH, 3, kind, null).lossSum / BATCH;
}

/** Signs of all pre-activations relative to the activation's kinks: a perturbation must not cross one. */
function kinkPattern(model: ModelParams, acts: ReturnType<typeof modelActivations>, x: Float32Array, kinks: number[]): string {
  const ws = new Workspace(model, BATCH);
  forwardPass(model, acts, x, BATCH, ws, 'train');
  return ws.s.slice(0, -1).map((s) => Array.from(s, (v) => kinks.map((k) => (v > k ? '+' : '-')).join('')).join('')).join('|');
}

const exact = ACTIVATIONS.filter((a) => a.exactDerivative);

const ARCHS: RawTrainConfig[] = [
  {}, { residual: 0.5 }, { norm: 'layer', affine: true }, { norm: 'batch', affine: true }, { residual: 'auto', norm: 'batch' },
];
const CASES: [string, RawTrainConfig][] = [
  ...exact.map((a): [string, RawTrainConfig] => [a.name, {}]),
  ...['relu', 'tanh', 'gelu', 'prelu', 'elu'].flatMap((name) => ARCHS.slice(1).map((arch): [string, RawTrainConfig] => [name, arch])),
];

describe.each(['cross-entropy', 'mse'] as LossKind[])('gradients vs finite differences (%s)', (kind) => {
  test.each(CASES.map(([name, arch]) => [`${name} ${JSON.stringify(arch)}`, name, arch] as const))('%s', (_label, name, arch) => {
    const config = normalizeTrainConfig({
      task: 'gaussians', classes: 3, activation: name, init: 'xavier-normal', depth: 3, width: 5, sigmaB2: 0.1, seed: 7, batchSize: 4, trainSize: 4, ...arch,
    });
    const model = initModel(config, 2, 3);
    const acts = modelActivations(config);
    const x = fillNormal(new Float32Array(BATCH * 2), streamKey(3, Stream.input, 0), 1);
    const y = new Float32Array(BATCH * 3);
    if (kind === 'cross-entropy') for (let b = 0; b < BATCH; b++) y[b * 3 + (b % 3)] = 1;
    else fillNormal(y, streamKey(3, Stream.target, 0), 1);

    const ws = new Workspace(model, BATCH);
    forwardPass(model, acts, x, BATCH, ws, 'train');
    backwardPass(model, acts, x, y, BATCH, kind, ws);

    const kinks = acts.act.def.kinks;
    const base = kinkPattern(model, acts, x, kinks);
    let checked = 0, skipped = 0;
    const check = (arr: Float32Array, k: number, analytic: number): void => {
      const w0 = arr[k];
      arr[k] = Math.fround(w0 + EPS);
      const up = arr[k];
      const lUp = lossOf(model, acts, x, y, kind);
      const pUp = kinks.length ? kinkPattern(model, acts, x, kinks) : '';
      arr[k] = Math.fround(w0 - EPS);
      const down = arr[k];
      const lDown = lossOf(model, acts, x, y, kind);
      const pDown = kinks.length ? kinkPattern(model, acts, x, kinks) : '';
      arr[k] = w0;
      if (kinks.length && (pUp !== base || pDown !== base)) { skipped++; return; }
      const fd = (lUp - lDown) / (up - down);
      expect(Math.abs(fd - analytic), `${name} param ${k}: fd ${fd} vs ${analytic}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(analytic));
      checked++;
    };
    let nonzero = 0;
    for (let l = 0; l < model.shapes.length; l++) {
      for (let k = 0; k < model.weights[l].length; k++) { check(model.weights[l], k, ws.gW[l][k]); if (ws.gW[l][k] !== 0) nonzero++; }
      for (let k = 0; k < model.biases[l].length; k++) check(model.biases[l], k, ws.gB[l][k]);
    }
    if (config.affine) {
      for (let l = 0; l < model.shapes.length - 1; l++) {
        for (let k = 0; k < model.gamma[l].length; k++) { check(model.gamma[l], k, ws.gGamma[l][k]); check(model.beta[l], k, ws.gBeta[l][k]); }
      }
    }
    if (acts.learnedSlope) {
      for (let l = 0; l < model.shapes.length - 1; l++) {
        expect(Math.abs(ws.gSlope[l])).toBeGreaterThan(0);
        check(model.slopes, l, ws.gSlope[l]);
      }
    }
    // Most parameters are away from kinks and most gradients are nonzero: the test is not vacuous.
    expect(checked).toBeGreaterThan(0.8 * (checked + skipped));
    expect(nonzero).toBeGreaterThan(20);
  });
});
