/**
 * The names of the networks trained side by side: each one's activation and the settings in which
 * it differs from the others ("ReLU · LeCun normal" beside "ReLU · He normal"), or the visitor's
 * label; the same rule as the Initialization view's runs (../shown-runs.ts).
 */
import { fieldText } from '../../sim/config-fields';
import { findInit } from '../../sim/inits';
import type { TrainConfig } from '../../sim/train/train-config';
import { activationLabel, seriesColors } from '../palette';
import { differingSettings } from '../shown-runs';
import { viewFields } from '../view-fields';
import type { TrainRun } from './train-controller';

/** A network's settings in words, by field id (all but the activation), in table order. */
function words(c: TrainConfig): [string, string][] {
  return viewFields('train').filter(({ id }) => id !== 'activation').map(({ id, field }): [string, string] => {
    if (id === 'init') return [id, c.init.name === 'custom' ? `σ_w² ${c.sigmaW2}` : findInit(c.init.name)?.label ?? c.init.spec];
    return [id, `${field.label ?? id} ${fieldText(id, (c as unknown as Record<string, unknown>)[id])}`];
  });
}

/** One name per network: `labels[i]` where the visitor gave one, else the activation and what tells it apart. */
export function trainLabels(configs: readonly TrainConfig[], labels: readonly (string | null)[] = []): string[] {
  const parts = differingSettings(configs.map(words));
  const names = configs.map((c, i) => labels[i] ?? [activationLabel(c.activation.spec), ...parts[i]].join(' · '));
  // Networks nothing tells apart are numbered.
  return names.map((n, i) => (names.filter((m) => m === n).length > 1 ? `${n} #${names.slice(0, i + 1).filter((m) => m === n).length}` : n));
}

/** A network on the training charts: its run, its name and colour on screen. */
export interface TrainNetwork {
  run: TrainRun;
  label: string;
  color: string;
}

/** The networks as the charts show them: named (`labels`: the visitor's, where given) and coloured. */
export function trainNetworks(runs: readonly TrainRun[], labels: readonly (string | null)[] = []): TrainNetwork[] {
  const names = trainLabels(runs.map((r) => r.config), labels);
  const colors = seriesColors(runs.map((r) => r.activation));
  return runs.map((run, i) => ({ run, label: names[i], color: colors[i] }));
}
