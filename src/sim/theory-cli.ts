/**
 * Theory beside a simulation, as the command line and the app use it: `addTheory` annotates a
 * SimResult (theoryQ, theoryDeltaRms, theoryDeltaLog10 on every layer; q*, χ₁, ξ on every run),
 * `theoryOnly` builds a SimResult-shaped prediction without simulating (engine kind 'theory').
 */
import type { SimConfig } from './config';
import { engineStats } from './stat-schema';
import { LAYER_STATS, type LayerStats, type RunResult, type SimResult } from './stats';
import { layerTheory, type LayerTheory } from './layer-theory';
import { withTheoryMeanSq } from './spectrum';
import { layerExpectationsOf, mixtureOf } from './theory';

/** The mean-field prediction of every run of a configuration, by activation spec. */
export type ConfigTheory = Record<string, LayerTheory>;

export function configTheory(config: SimConfig): ConfigTheory {
  return Object.fromEntries(config.activations.map((run) => [run.spec, layerTheory(config, run)]));
}

/**
 * A copy of `result` with theory fields on every layer and run (the input is not changed).
 * `theory` is the configuration's prediction when it was computed elsewhere (the app's worker).
 */
export function addTheory(result: SimResult, theory: ConfigTheory = configTheory(result.config)): SimResult {
  const runs = result.runs.map((run): RunResult => {
    const t = theory[run.activation];
    const layers = run.layers.map((l): LayerStats => ({
      ...l, theoryQ: t.q[l.layer - 1], theoryDeltaRms: t.deltaRms[l.layer - 1], theoryDeltaLog10: t.deltaLog10[l.layer - 1],
      theoryStreamGradLog10: t.streamGradLog10[l.layer - 1],
    }));
    const spectrum = run.spectrum && withTheoryMeanSq(run.spectrum, t.chi);
    return { ...run, layers, theory: t.run, ...(spectrum ? { spectrum } : {}) };
  });
  return { ...result, runs };
}

/** Every statistic of LAYER_STATS without a mean-field value: NaN (null in JSON); flags false; causes null. */
const NO_PREDICTION = Object.fromEntries(
  engineStats(LAYER_STATS).filter(([, s]) => s.optional === undefined)
    .map(([name, s]) => [name, s.type === 'boolean' ? false : s.type === 'enum' ? null : NaN]),
);

/**
 * The mean-field prediction in the shape of a SimResult: deltaRms and deltaLog10, streamGradRms and streamGradLog10, preactStd (√q) and preactLog10, activationRms,
 * meanAbsFprime, zeroFraction and fprimeZeroFraction are expectations; the other statistics
 * (deltaMaxAbs, deadFraction, …) have no mean-field value and are NaN (null in JSON).
 */
export function theoryOnly(config: SimConfig): SimResult {
  const start = performance.now();
  const runs = config.activations.map((activation): RunResult => {
    const t = layerTheory(config, activation);
    // q usually settles on q*: reuse the expectations while it repeats.
    const at = layerExpectationsOf(mixtureOf(activation, config.width));
    let lastQ = t.q[0];
    let last = at(lastQ);
    const expectations = (q: number) => (q === lastQ ? last : (lastQ = q, last = at(q)));
    const layers = t.q.map((q, i) => ({
      layer: i + 1,
      ...NO_PREDICTION,
      deltaRms: t.deltaRms[i],
      deltaLog10: t.deltaLog10[i],
      streamGradRms: 10 ** t.streamGradLog10[i],
      streamGradLog10: t.streamGradLog10[i],
      preactStd: Math.sqrt(q),
      preactLog10: Math.log10(q) / 2,
      ...expectations(q),
      theoryQ: q,
      theoryDeltaRms: t.deltaRms[i],
      theoryDeltaLog10: t.deltaLog10[i],
      theoryStreamGradLog10: t.streamGradLog10[i],
    }) as LayerStats);
    return { activation: activation.spec, backward: config.backward?.spec ?? null, layers, theory: t.run };
  });
  return { config, engine: { kind: 'theory' }, runs, timing: { ms: performance.now() - start } };
}
