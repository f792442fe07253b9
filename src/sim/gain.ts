/**
 * The measured gain of δ over a run and the badge it earns: the one place the thresholds are
 * written (the README's table and the app's help quote them). Both come from `deltaLog10`, so they
 * hold at any depth.
 *
 * With L layers, the total gain is T = deltaRms_1 / deltaRms_L (δ at the input over δ at the
 * output) and the mean per-layer factor is g = T^(1/(L−1)), the geometric mean of the factors
 * δ picks up layer by layer on its way down.
 */
import { DELTA_ZERO_CAUSE_LABEL, type RunResult } from './stats';

export type GradientTrend = 'vanishes' | 'holds' | 'grows' | 'explodes';

/**
 * Decades of the total gain T at which the badge changes: vanishes for T < 10^−1, holds up to
 * 10^1, grows up to 10^3, explodes beyond.
 */
export const BADGE_DECADES = { vanishes: -1, grows: 1, explodes: 3 } as const;

const power = (e: number): string => `10^${e}`;

/** The rule in words: the app's help under its key numbers and the README quote it. */
export const BADGE_RULE =
  'The badge follows from the total gain T = deltaRms at layer 1 / deltaRms at the output (the mean factor per layer is T^(1/(depth − 1))): ' +
  `vanishes for T < ${power(BADGE_DECADES.vanishes)}, holds up to ${power(BADGE_DECADES.grows)}, grows up to ${power(BADGE_DECADES.explodes)}, explodes beyond; ` +
  'where δ is exactly 0 at layer 1 it shows 0 and the cause.';

/** The badge of a total gain of 10^decades. */
export function trendOf(decades: number): GradientTrend {
  if (decades < BADGE_DECADES.vanishes) return 'vanishes';
  if (decades > BADGE_DECADES.explodes) return 'explodes';
  if (decades > BADGE_DECADES.grows) return 'grows';
  return 'holds';
}

export interface RunGain {
  /** log₁₀ T: deltaLog10 at layer 1 minus deltaLog10 at the output. */
  totalLog10: number;
  /** g = T^(1/(L−1)). */
  perLayer: number;
}

/** T and g of a run; null with one layer, or where δ is 0, Inf or NaN at either end. */
export function runGain(run: RunResult): RunGain | null {
  const n = run.layers.length - 1;
  const first = run.layers[0]?.deltaLog10;
  const last = run.layers[n]?.deltaLog10;
  if (n < 1 || !Number.isFinite(first) || !Number.isFinite(last)) return null;
  const totalLog10 = first - last;
  return { totalLog10, perLayer: 10 ** (totalLog10 / n) };
}

/** Mean per-layer factor g (NaN where runGain is null). Below 1 δ vanishes towards the input, above 1 it explodes. */
export function perLayerGain(run: RunResult): number {
  return runGain(run)?.perLayer ?? NaN;
}

export interface GradientBadge {
  /** The trend, or what stands in for one where δ at layer 1 is not a positive finite number. */
  kind: GradientTrend | 'zero' | 'nan';
  text: string;
}

/** The badge a run's numbers earn (the app's key numbers, the command line's summary line). */
export function gradientBadge(run: RunResult): GradientBadge {
  const first = run.layers[0];
  const gain = runGain(run);
  if (!first || Number.isNaN(first.deltaLog10)) return { kind: 'nan', text: 'NaN' };
  if (first.deltaLog10 === Infinity) return { kind: 'explodes', text: 'explodes (Inf)' };
  if (first.deltaLog10 === -Infinity) return { kind: 'zero', text: `0: ${DELTA_ZERO_CAUSE_LABEL[first.deltaZeroCause]}` };
  if (!gain) return { kind: 'holds', text: 'holds' };
  const kind = trendOf(gain.totalLog10);
  return { kind, text: kind };
}
