/**
 * The Training view's exports: every checkpoint of every network (and of every seed of a seed
 * sweep) as JSON and CSV. One network of one seed: the text `npm run train -- --format json|csv`
 * writes for the same configuration (the CSV under comment lines with its configuration), `timing`
 * null (the pace is the visitor's). Several: `{ "networks": [ { "label", …that JSON } ] }`, and one
 * CSV table with `network` and `seed` columns first.
 */
import { toJson, type EngineInfo } from '../../sim/stats';
import { trainJson, trainDocument, trainToCsv } from '../../sim/train/format';
import { trainSummary } from '../../sim/train/run';
import { trainConfigJson, type TrainConfig } from '../../sim/train/train-config';
import type { Checkpoint, TrainResult } from '../../sim/train/trainer';
import type { ExportFile } from '../export';
import type { TrainNetwork } from './train-labels';

/** One trained network of one seed, as the command line's TrainResult. */
function resultOf(config: TrainConfig, checkpoints: Checkpoint[], engine: EngineInfo): TrainResult {
  return { config, engine, ...trainSummary(config), checkpoints, timing: { ms: NaN, msPerStep: NaN } };
}

/** Every network and seed: its name, its result. */
function results(networks: readonly TrainNetwork[], engine: EngineInfo): { label: string; result: TrainResult }[] {
  return networks.flatMap(({ run, label }) => {
    const seeds = run.seedCheckpoints.length > 1 ? run.seedCheckpoints : [run.checkpoints];
    return seeds.map((checkpoints, k) => ({ label, result: resultOf({ ...run.config, seed: run.config.seed + k }, checkpoints, engine) }));
  });
}

/** A file name that says what is inside: the task, each network's activation and init, the step reached. */
export function trainStem(networks: readonly TrainNetwork[]): string {
  const c = networks[0]?.run.config;
  if (!c) return 'deltascope-train';
  const nets = networks.map(({ run }) => `${run.activation}-${run.config.init.spec}`.replace(/[^a-z0-9.-]+/gi, '')).join('_vs_');
  const seeds = networks[0].run.seedCheckpoints.length;
  const step = Math.max(0, ...networks.map((n) => n.run.checkpoints.at(-1)?.step ?? 0));
  return `deltascope-train-${c.task}-${nets}-d${c.depth}-w${c.width}-s${c.seed}${seeds > 1 ? `-x${seeds}` : ''}-step${step}`;
}

export function trainJsonFile(networks: readonly TrainNetwork[], engine: EngineInfo): ExportFile {
  const all = results(networks, engine);
  const text = all.length === 1
    ? trainJson(all[0].result)
    : `${toJson({ networks: all.map(({ label, result }) => ({ label, ...trainDocument(result) })) })}\n`;
  return { name: `${trainStem(networks)}.json`, text, type: 'application/json' };
}

export function trainCsvFile(networks: readonly TrainNetwork[], engine: EngineInfo): ExportFile {
  const all = results(networks, engine);
  const header = all.map(({ label, result }) => `# ${all.length > 1 ? `network "${label}" seed ${result.config.seed}: ` : ''}config ${JSON.stringify(trainConfigJson(result.config))}`);
  if (all.length === 1) return { name: `${trainStem(networks)}.csv`, text: [...header, trainToCsv(all[0].result)].join('\n'), type: 'text/csv' };
  const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const tables = all.map(({ label, result }) => {
    const [columns, ...rows] = trainToCsv(result).trimEnd().split('\n');
    return { columns, rows: rows.map((r) => `${quoted(label)},${result.config.seed},${r}`) };
  });
  const text = [...header, `network,seed,${tables[0].columns}`, ...tables.flatMap((t) => t.rows)].join('\n');
  return { name: `${trainStem(networks)}.csv`, text: `${text}\n`, type: 'text/csv' };
}
