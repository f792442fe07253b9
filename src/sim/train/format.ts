/** Text renderings of a TrainResult: JSON, CSV (every checkpoint × layer) and a readable table. */
import { csvCell, formatValue, tableCell, tableLayers } from '../format';
import { adapterLabel, engineLabel, toJson } from '../stats';
import { trainConfigJson } from './train-config';
import { TRAIN_LAYER_STATS, TRAIN_STAT_DEFS, type TrainStatName } from './tracking';
import type { Checkpoint, TrainLayerStats, TrainResult } from './trainer';

/** The CSV's layer columns: the layer's identity, then every statistic of TRAIN_LAYER_STATS. */
const LAYER_COLUMNS: (keyof TrainLayerStats)[] = ['layer', 'kind', 'units', ...(Object.keys(TRAIN_LAYER_STATS) as TrainStatName[])];

/** The per-layer table's statistic columns (labels and formats from TRAIN_LAYER_STATS), shown when some layer has them. */
const TABLE_COLUMNS: readonly TrainStatName[] = ['deltaRms', 'weightGradRms', 'zeroFraction', 'deadFraction', 'revivedEver', 'slope'];

/** The JSON output's document (`--format json`): the config in its documented shape. */
export function trainDocument(result: TrainResult): object {
  return { ...result, config: trainConfigJson(result.config) };
}

/** The JSON output as one string (the app's export; the command line streams `trainDocument`). */
export function trainJson(result: TrainResult): string {
  return `${toJson(trainDocument(result))}\n`;
}

/** One row per checkpoint and layer (each with its newline); the checkpoint's loss and accuracy repeat on each of its rows. */
export function* trainCsvLines(result: Pick<TrainResult, 'checkpoints'>): Generator<string> {
  yield `${['step', 'trainLoss', 'trainAccuracy', 'testLoss', 'testAccuracy', ...LAYER_COLUMNS].join(',')}\n`;
  for (const c of result.checkpoints) {
    const head = [c.step, c.train.loss, c.train.accuracy, c.test.loss, c.test.accuracy].map(csvCell);
    for (const l of c.layers) yield `${[...head, ...LAYER_COLUMNS.map((k) => csvCell(l[k]))].join(',')}\n`;
  }
}

export function trainToCsv(result: Pick<TrainResult, 'checkpoints'>): string {
  return [...trainCsvLines(result)].join('');
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

function pct(x: number | null): string {
  if (x === null) return '—';
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : formatValue(x);
}

/** Dead units over all non-head layers as a fraction. */
export function hiddenDeadFraction(c: Checkpoint): number {
  const layers = c.layers.filter((l) => l.kind !== 'head');
  const units = layers.reduce((a, l) => a + l.units, 0);
  return units === 0 ? 0 : layers.reduce((a, l) => a + l.deadUnits, 0) / units;
}

export function trainToTable(result: TrainResult): string {
  const { config: c, checkpoints } = result;
  const out: string[] = [];
  out.push(
    `deltascope train · task ${c.task}${c.task === 'gaussians' ? ` (${c.classes} classes)` : ''} · ${c.activation.spec} · init ${c.init.spec} · depth ${c.depth} (+ input layer and head) · width ${c.width}`,
  );
  out.push(
    `${c.optimizer} lr ${formatValue(c.lr)}${c.optimizer === 'momentum' ? ` μ ${c.momentum}` : ''}${c.weightDecay ? ` · weight decay ${formatValue(c.weightDecay)}` : ''} · batch ${c.batchSize} · ${c.steps} steps · train ${c.trainSize} / test ${c.testSize} · seed ${c.seed}`,
  );
  const a = result.engine.adapter;
  const how = a ? ` · ${adapterLabel(a)}` : result.engine.threads ? ` · ${engineLabel(result.engine)}` : '';
  out.push(`engine ${result.engine.kind}${how} · ${result.timing.ms.toFixed(0)} ms (${result.timing.msPerStep.toFixed(3)} ms/step)`);
  out.push('');
  const cols = ['step', 'train loss', 'train acc', 'test loss', 'test acc', 'dead', 'revived', 'δ rms L1', '∇W rms L1'];
  const w = 11;
  out.push(cols.map((s) => pad(s, w)).join(' '));
  for (const k of checkpoints) {
    const first = k.layers[0];
    out.push([
      String(k.step), formatValue(k.train.loss), pct(k.train.accuracy), formatValue(k.test.loss), pct(k.test.accuracy),
      pct(hiddenDeadFraction(k)), String(k.revivals), formatValue(first.deltaRms), formatValue(first.weightGradRms),
    ].map((s) => pad(s, w)).join(' '));
  }
  const last = checkpoints.at(-1)!;
  out.push('');
  out.push(`per layer at step ${last.step} (layer 1 = input layer, ${last.layers.length} = head; over the whole training set):`);
  const columns = TABLE_COLUMNS.filter((k) => last.layers.some((l) => l[k] !== undefined));
  out.push(['layer', 'kind', ...columns.map((k) => TRAIN_STAT_DEFS[k].label ?? k)].map((s) => pad(s, w)).join(' '));
  for (const n of tableLayers(last.layers.length)) {
    const l = last.layers[n - 1];
    const row = [String(l.layer), l.kind, ...columns.map((k) => tableCell(l, k, TRAIN_STAT_DEFS[k].format))];
    out.push(row.map((s) => pad(s, w)).join(' '));
  }
  out.push(`units revived (dead at one checkpoint, alive at a later one): ${last.revivedUnits}`);
  return `${out.join('\n')}\n`;
}
