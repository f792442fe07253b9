/**
 * Text renderings of a SimResult: JSON (the documented schema), CSV (every layer, every statistic)
 * and a readable table. Pure functions, shared by the CLI and the app's exports.
 */
import { configJson } from './config';
import { gradientBadge, perLayerGain } from './gain';
import { runNotes } from './notes';
import { SPECTRUM_SUMMARY, spectrumRows, type RunSpectrum } from './spectrum';
import { type StatFormat, type StatValue } from './stat-schema';
import { LAYER_STATS, LAYER_STAT_DEFS, adapterLabel, engineLabel, toJson, type LayerStatName, type LayerStats, type SeedBand, type SimResult } from './stats';

/** Formats a number for humans and for CSV: Inf/NaN stay visible as words, exact zero as 0. */
export function formatValue(x: number | undefined, digits = 4): string {
  if (x === undefined) return '';
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? Number(x.toPrecision(digits)).toString() : x.toExponential(digits - 1);
}

/**
 * The number a base-10 logarithm stands for, written like formatValue, also far beyond float64's
 * range: formatLog10(-1254.3) is '5.012e-1255'. −Infinity is 0.
 */
export function formatLog10(lg: number, digits = 4): string {
  if (!Number.isFinite(lg) || Math.abs(lg) < 300) return formatValue(10 ** lg, digits);
  let e = Math.floor(lg);
  let m = Number((10 ** (lg - e)).toFixed(digits - 1));
  if (m >= 10) { m /= 10; e += 1; }
  return `${m.toFixed(digits - 1)}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

/** A CSV cell: numbers with 9 digits (Inf/NaN as words), booleans and strings as they are. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? formatValue(v, 9) : String(v);
}

/** Writes a statistic's value for a text table by its format; undefined as an empty cell. */
export function formatStat(value: StatValue | undefined, format: StatFormat = 'value'): string {
  if (value === undefined || typeof value !== 'number') return value === undefined ? '' : String(value);
  if (format === 'integer') return String(value);
  if (format === 'log10') return formatLog10(value);
  if (format === 'percent') return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : formatValue(value);
  return formatValue(value, 4);
}

/**
 * The JSON output's document (`--format json`): the config in its documented shape with the seed
 * count (1 unless --seeds), the runs without the charts' bulky details.
 */
export function resultDocument(result: SimResult): object {
  const config = { ...configJson(result.config), seeds: result.seeds?.count ?? 1 };
  return { ...result, config, runs: result.runs.map(({ details: _details, ...run }) => run) };
}

/** The JSON output as one string (the app's export; the command line streams `resultDocument`). */
export function resultJson(result: SimResult): string {
  return `${toJson(resultDocument(result))}\n`;
}

/** The first line of the table: what was run, in words. */
export function configHeadline(result: SimResult): string {
  const { config } = result;
  return `deltascope · depth ${config.depth} · width ${config.width} · batch ${config.batch} · init ${config.init.spec} (σ_w² = ${formatValue(config.sigmaW2)}, σ_b² = ${formatValue(config.sigmaB2)}) · ${result.seeds ? `seeds ${result.seeds.first}…${result.seeds.first + result.seeds.count - 1} (per-layer medians)` : `seed ${config.seed}`} · top ${config.top}` +
    (config.backward ? ` · backward ${config.backward.spec}` : '');
}

/** The engine that computed the result, its adapter or its threads. */
function engineLine({ engine }: SimResult): string {
  return `engine ${engine.kind}${engine.adapter ? ` · ${adapterLabel(engine.adapter)}` : ''}${engine.threads ? ` · ${engineLabel(engine)}` : ''}`;
}

/**
 * Comment lines for the top of a CSV (`#`, as pandas' `comment='#'` and R's `comment.char` skip
 * them): the headline, the engine, and the normalized configuration as JSON, seeds included.
 */
export function csvHeader(result: SimResult, prefix = ''): string[] {
  return [
    `# ${prefix}${configHeadline(result)}`,
    `# ${prefix}${engineLine(result)}`,
    `# ${prefix}config ${JSON.stringify((resultDocument(result) as { config: object }).config)}`,
  ];
}

/** Column order of the CSV: layer, then every statistic of LAYER_STATS; optional ones only when some layer has them. */
export const CSV_COLUMNS: (keyof LayerStats)[] = ['layer', ...(Object.keys(LAYER_STATS) as LayerStatName[])];

/** The seed bands' columns of a band row: each quantile as `<stat>_p10` … `<stat>_p90`, each fraction (and the seed count) as named. */
function bandColumns(band: SeedBand): [string, (b: SeedBand) => unknown][] {
  const b = band as unknown as Record<string, unknown>;
  return Object.keys(b).filter((k) => k !== 'layer').flatMap((k): [string, (b: SeedBand) => unknown][] => {
    const v = b[k];
    if (v && typeof v === 'object') {
      return (['p10', 'p25', 'p75', 'p90'] as const).map((q): [string, (x: SeedBand) => unknown] => [
        `${k}_${q}`, (x) => ((x as unknown as Record<string, Record<string, number> | undefined>)[k])?.[q],
      ]);
    }
    return [[k === 'seeds' ? 'seedCount' : k, (x) => (x as unknown as Record<string, unknown>)[k]]];
  });
}

/**
 * The CSV line by line (each with its newline), so an output of any size streams: every layer of
 * every run, one row each; with seeds, the layers are medians and the seed bands follow as columns.
 */
export function* csvLines(result: Pick<SimResult, 'runs'>): Generator<string> {
  const present = CSV_COLUMNS.filter((c) => result.runs.some((r) => r.layers.some((l) => l[c] !== undefined)));
  const firstBand = result.runs.find((r) => r.seedBands?.length)?.seedBands?.[0];
  const bands = firstBand ? bandColumns(firstBand) : [];
  yield `${['activation', 'backward', ...present, ...bands.map(([name]) => name)].join(',')}\n`;
  for (const run of result.runs) {
    for (const [i, layer] of run.layers.entries()) {
      const cells = present.map((c) => csvCell(layer[c]));
      const band = run.seedBands?.[i];
      yield `${[run.activation, run.backward ?? '', ...cells, ...bands.map(([, get]) => csvCell(band ? get(band) : undefined))].join(',')}\n`;
    }
  }
  yield* spectrumCsvLines(result);
}

/**
 * With --spectrum the CSV goes on, after one blank line, with a second section: one row per run and
 * requested depth of the Jacobian spectrum's summary (README, "The Jacobian's singular values").
 */
function* spectrumCsvLines(result: Pick<SimResult, 'runs'>): Generator<string> {
  const runs = result.runs.filter((r) => r.spectrum);
  if (runs.length === 0) return;
  const present = SPECTRUM_SUMMARY.filter((f) => runs.some((r) => r.spectrum?.[f] !== undefined));
  yield '\n';
  yield `${['activation', 'backward', 'spectrumDepth', 'inputs', ...present].join(',')}\n`;
  for (const run of runs) {
    for (const row of spectrumRows(run.spectrum!)) {
      yield `${[run.activation, run.backward ?? '', row.depth, row.inputs, ...present.map((f) => csvCell(row[f]))].join(',')}\n`;
    }
  }
}

export function toCsv(result: Pick<SimResult, 'runs'>): string {
  return [...csvLines(result)].join('');
}

/** Layers shown in the table: all when few, else about `rows` evenly spaced, always the first and the last. */
export function tableLayers(depth: number, rows = 40): number[] {
  if (depth <= rows) return Array.from({ length: depth }, (_, i) => i + 1);
  const step = Math.ceil(depth / rows);
  const picked = new Set<number>([1, depth]);
  for (let l = step; l < depth; l += step) picked.add(l);
  return [...picked].sort((a, b) => a - b);
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/**
 * The per-layer columns of the table (labels and formats from LAYER_STATS), shown when some layer
 * has them. δ, its prediction and ∇W come from their log10 fields, so no depth reads as 0.
 */
const TABLE_COLUMNS: readonly LayerStatName[] = ['deltaLog10', 'theoryDeltaLog10', 'deltaZeroFraction', 'zeroFraction', 'deadFraction', 'weightGradLog10'];

/** The column that carries '!' where the layer has Inf/NaN. */
const MARKED = new Set(['deltaRms', 'deltaLog10']);

/** A table cell of statistic `name`; δ rms carries '!' where the layer has Inf/NaN. */
export function tableCell<S extends { nonFinite: boolean }>(stats: S, name: keyof S & string, format: StatFormat = 'value'): string {
  const text = formatStat(stats[name] as StatValue | undefined, format);
  return MARKED.has(name) && stats.nonFinite ? `${text}!` : text;
}

/** The table's lines of a run's Jacobian spectrum: one per requested depth. */
function spectrumTableLines(spectrum: RunSpectrum): string[] {
  const pooled = spectrum.inputs > 1 ? ` (${spectrum.inputs} inputs pooled)` : '';
  return [`Jacobian spectrum J = ∂h_d/∂h_0${pooled}:`, ...spectrumRows(spectrum).map((row) =>
    `  d = ${row.depth}: mean σ² = ${formatLog10(row.log10MeanSq!)}` +
      (row.theoryLog10MeanSq !== undefined ? ` (theory ${formatLog10(row.theoryLog10MeanSq)})` : '') +
      ` · mean σ⁴ = ${formatValue(row.secondMomentSq)} · σ_max = ${formatLog10(row.log10Max!)} · σ_min = ${formatLog10(row.log10Min!)}` +
      ` · σ_max/σ_min = ${formatLog10(row.log10Max! - row.log10Min!)}`)];
}

export function toTable(result: SimResult): string {
  const { config, runs } = result;
  const columns = TABLE_COLUMNS.filter((c) => runs.some((r) => r.layers.some((l) => l[c] !== undefined)));
  const out: string[] = [];
  out.push(configHeadline(result));
  out.push(`${engineLine(result)} · ${result.timing.ms.toFixed(0)} ms`);
  out.push('layer 1 is next to the input, layer depth is the output; δ rms is √mean(δ²) over batch and units.');
  out.push('');
  const colW = 11;
  const sub = columns.map((c) => LAYER_STAT_DEFS[c].label ?? c);
  const groupW = sub.length * (colW + 1) - 1;
  out.push(`${pad('', 6)} ${runs.map((r) => pad(`── ${r.activation} ──`, groupW)).join(' │ ')}`);
  out.push(`${pad('layer', 6)} ${runs.map(() => sub.map((s) => pad(s, colW)).join(' ')).join(' │ ')}`);
  for (const l of tableLayers(config.depth)) {
    const cells = runs.map((r) => {
      const s = r.layers[l - 1];
      return columns.map((c) => pad(tableCell(s, c, LAYER_STAT_DEFS[c].format), colW)).join(' ');
    });
    out.push(`${pad(String(l), 6)} ${cells.join(' │ ')}`);
  }
  out.push('');
  for (const r of runs) {
    const gain = perLayerGain(r);
    const first = r.layers[0];
    out.push(
      `${r.activation}: δ rms at layer 1 = ${formatLog10(first.deltaLog10)} · mean per-layer gain ${Number.isNaN(gain) ? '–' : formatValue(gain)}` +
        ` · ${gradientBadge(r).text}`,
    );
    for (const note of runNotes(r)) out.push(`  ${note}`);
    if (r.layers.some((l) => l.nonFinite)) out.push(`  '!' marks the layers with Inf/NaN.`);
    if (r.spectrum) for (const line of spectrumTableLines(r.spectrum)) out.push(`  ${line}`);
    if (r.theory) {
      const t = r.theory;
      out.push(
        `  theory: q* = ${formatValue(t.qStar)} · χ₁ = ${formatValue(t.chi1)} · ξ = ${formatValue(t.depthScale)} layers · ` +
          `${t.chi1 < 1 ? 'ordered' : t.chi1 > 1 ? 'chaotic' : 'edge of chaos'}${t.note ? ` · ${t.note}` : ''}`,
      );
    }
  }
  if (tableLayers(config.depth).length < config.depth) out.push(`(${tableLayers(config.depth).length} of ${config.depth} layers shown; --format csv or json gives all)`);
  return `${out.join('\n')}\n`;
}
