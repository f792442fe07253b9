/**
 * What the Initialization view's charts draw: one ShownRun per network of every result on screen
 * (the pinned runs in their order, then the last run unless it is one of them), each with the label
 * that tells it apart from the others and its colour. A label names the activation and the settings
 * in which its result differs from the other results on screen ("ReLU · LeCun normal" beside
 * "ReLU · He normal"); a pin's own label replaces the settings.
 */
import { fieldText, type FieldId } from '../sim/config-fields';
import { residualAlpha, type SimConfig } from '../sim/config';
import { findInit } from '../sim/inits';
import type { RunResult, SimResult } from '../sim/stats';
import type { ConfigTheory } from '../sim/theory-cli';
import type { LayerTheory } from '../sim/layer-theory';
import { formatValue } from './chart-data';
import { activationLabel, seriesColors } from './palette';
import { viewFields } from './view-fields';

/** One result on screen: the last run or a pinned one. */
export interface ShownEntry {
  /** 'live' for the last run, else the pin's id. */
  key: string;
  result: SimResult;
  /** The visitor's label (pins only). */
  label: string | null;
  /** The mean-field prediction of its configuration, once it has arrived. */
  theory: ConfigTheory | null;
}

export interface ShownRun {
  /** Unique on screen: the entry's key and the activation spec. */
  key: string;
  entryKey: string;
  label: string;
  color: string;
  result: SimResult;
  run: RunResult;
  /** The run's mean-field prediction, once it has arrived. */
  theory: LayerTheory | null;
}

/** How many seeds a result aggregates. */
export const seedCount = (r: SimResult): number => r.seeds?.count ?? 1;

/** One setting in words, e.g. "He normal", "σ_w² 1.5", "depth 50", "8 seeds"; '' for a default that goes without saying. */
export function settingText(id: FieldId, config: SimConfig, seeds: number): string {
  switch (id) {
    case 'init': {
      if (config.init.name === 'custom') return `σ_w² ${formatValue(config.sigmaW2)}`;
      if (config.init.name === 'orthogonal' && config.init.spec !== 'orthogonal') return `orthogonal (gain ${config.init.param})`;
      return findInit(config.init.name)?.label ?? config.init.spec;
    }
    case 'sigmaW2': return `σ_w² ${formatValue(config.sigmaW2)}`;
    case 'sigmaB2': return config.sigmaB2 ? `σ_b² ${formatValue(config.sigmaB2)}` : '';
    case 'seeds': return seeds > 1 ? `${seeds} seeds` : '';
    case 'backward': return config.backward ? `backward f′ of ${activationLabel(config.backward.spec)}` : '';
    case 'top': return config.top === 'mse' ? 'MSE output gradient' : '';
    case 'spectrum': return config.spectrum ? 'Jacobian spectrum' : '';
    // The architecture as the literature names it: "residual α = 1/√50", "BatchNorm".
    case 'residual': {
      if (config.residual === 'auto') return `residual α = 1/√${config.depth}`;
      return residualAlpha(config.residual, config.depth) > 0 ? `residual α = ${formatValue(config.residual)}` : '';
    }
    case 'norm': return config.norm === 'layer' ? 'LayerNorm' : config.norm === 'batch' ? 'BatchNorm' : '';
    default: {
      const entry = viewFields('sim').find((f) => f.id === id);
      const text = fieldText(id, (config as unknown as Record<string, unknown>)[id]);
      // A quiet field (one the URL leaves out at its default) goes without saying at its default.
      if (entry?.field.quiet && text === fieldText(id, entry.use.default)) return '';
      return `${entry?.field.label ?? id} ${text}`;
    }
  }
}

/** The settings of a result that the view carries (all but the activations), with the engine, in table order (the derivative and the top last). */
function settings(result: SimResult): [string, string][] {
  const seeds = seedCount(result);
  // The derivative and the output gradient read best after the sizes.
  const late = (id: FieldId): number => (id === 'backward' || id === 'top' ? 1 : 0);
  const out: [string, string][] = viewFields('sim')
    .filter(({ id }) => id !== 'activations')
    .sort((a, b) => late(a.id) - late(b.id))
    .map(({ id }) => [id, settingText(id, result.config, seeds)]);
  out.push(['engine', result.engine.kind === 'webgpu' ? 'WebGPU' : 'CPU']);
  return out;
}

/**
 * For each of several setting lists ([id, words] in the same order), the words of the settings in
 * which it differs from the others. σ_w² is left out where the inits differ: the init's words say it
 * (a named init implies σ_w², a custom one is named by it).
 */
export function differingSettings(all: readonly (readonly [string, string])[][]): string[][] {
  if (all.length < 2) return all.map(() => []);
  const differs = new Set(all[0].filter(([, text], i) => all.some((s) => s[i][1] !== text)).map(([id]) => id));
  if (differs.has('init')) differs.delete('sigmaW2');
  return all.map((s) => s.filter(([id, text]) => differs.has(id) && text !== '').map(([, text]) => text));
}

/** For each result, the settings in which it differs from the others, in words. */
export function distinguishingSettings(results: readonly SimResult[]): string[][] {
  return differingSettings(results.map(settings));
}

/** The settings every entry shares, in words (the line under the results' title). */
export function sharedSettings(results: readonly SimResult[]): string[] {
  const all = results.map(settings);
  if (!all.length) return [];
  return all[0].filter(([, text], i) => text !== '' && all.every((s) => s[i][1] === text)).map(([, text]) => text);
}

/** A configuration's name before it has a result (a pin waiting to run): its activations and init. */
export function configName(config: SimConfig): string {
  return [config.activations.map((a) => activationLabel(a.spec)).join(' vs '), settingText('init', config, 1)].join(' · ');
}

/** Each entry's name: the visitor's label, or its activations and the settings that tell it apart. */
export function entryLabels(entries: readonly ShownEntry[]): string[] {
  const parts = distinguishingSettings(entries.map((e) => e.result));
  return entries.map((e, i) => e.label ?? [e.result.runs.map((r) => activationLabel(r.activation)).join(' vs '), ...parts[i]].join(' · '));
}

/** The whole configuration of a result in one line (PNG captions). */
export function configLine(result: SimResult): string {
  const names = result.runs.map((r) => activationLabel(r.activation)).join(', ');
  // A custom init is already named by its σ_w².
  const custom = result.config.init.name === 'custom';
  return [names, ...settings(result).filter(([id, text]) => text !== '' && !(custom && id === 'sigmaW2')).map(([, text]) => text)].join(' · ');
}

/** The charts' networks: every run of every entry, labelled and coloured. */
export function shownRuns(entries: readonly ShownEntry[]): ShownRun[] {
  const parts = distinguishingSettings(entries.map((e) => e.result));
  const runs = entries.flatMap((entry, i) => entry.result.runs.map((run) => {
    const name = activationLabel(run.activation);
    const several = entry.result.runs.length > 1;
    const label = entry.label ? (several ? `${entry.label}: ${name}` : entry.label) : [name, ...parts[i]].join(' · ');
    const theory = entry.theory?.[run.activation] ?? null;
    return { key: `${entry.key}/${run.activation}`, entryKey: entry.key, label, result: entry.result, run, theory };
  }));
  // Two runs nothing tells apart (the same settings run twice) are numbered.
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.label, (count.get(r.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const colors = seriesColors(runs.map((r) => r.run.activation));
  return runs.map((r, i) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return { ...r, label: (count.get(r.label) ?? 1) > 1 ? `${r.label} #${n}` : r.label, color: colors[i] };
  });
}

/** The deepest network on screen (the charts' layer axis). */
export function maxDepth(runs: readonly ShownRun[]): number {
  return Math.max(1, ...runs.map((r) => r.result.config.depth));
}
