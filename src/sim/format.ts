/**
 * Text renderings of a SimResult: CSV (every layer, every statistic) and a readable table.
 * Pure functions, shared by the CLI and the app's CSV export.
 */
import { type StatFormat } from './stat-schema';
import { LAYER_STATS, LAYER_STAT_DEFS, adapterLabel, type LayerStatName, type LayerStats, type RunResult, type SimResult } from './stats';

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

/** A CSV cell: numbers with 9 digits (Inf/NaN as words), booleans and strings as they are. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? formatValue(v, 9) : String(v);
}

/** Writes a statistic's value for a text table by its format; undefined as an empty cell. */
export function formatStat(value: number | boolean | undefined, format: StatFormat = 'value'): string {
  if (value === undefined || typeof value === 'boolean') return value === undefined ? '' : String(value);
  if (format === 'integer') return String(value);
  if (format === 'percent') return Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : formatValue(value);
  return formatValue(value, 4);
}

/** Column order of the CSV: layer, then every statistic of LAYER_STATS; optional ones only when some layer has them. */
export const CSV_COLUMNS: (keyof LayerStats)[] = ['layer', ...(Object.keys(LAYER_STATS) as LayerStatName[])];

/** The CSV line by line (each with its newline), so an output of any size streams. */
export function* csvLines(result: Pick<SimResult, 'runs'>): Generator<string> {
  const present = CSV_COLUMNS.filter((c) => result.runs.some((r) => r.layers.some((l) => l[c] !== undefined)));
  yield `${['activation', 'backward', ...present].join(',')}\n`;
  for (const run of result.runs) {
    for (const layer of run.layers) {
      const cells = present.map((c) => csvCell(layer[c]));
      yield `${[run.activation, run.backward ?? '', ...cells].join(',')}\n`;
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

/**
 * Mean per-layer gain of δ between the output and layer 1: (deltaRms_1 / deltaRms_depth)^(1/(depth−1)).
 * Below 1 the gradient vanishes towards the input, above 1 it explodes. NaN when undefined.
 */
export function perLayerGain(run: RunResult): number {
  const first = run.layers[0]?.deltaRms;
  const last = run.layers[run.layers.length - 1]?.deltaRms;
  const n = run.layers.length - 1;
  if (n < 1 || !(first > 0) || !(last > 0) || !Number.isFinite(first) || !Number.isFinite(last)) return NaN;
  return (first / last) ** (1 / n);
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : ' '.repeat(w - s.length) + s;
}

/** The per-layer columns of the table (labels and formats from LAYER_STATS), shown when some layer has them. */
const TABLE_COLUMNS: readonly LayerStatName[] = ['deltaRms', 'theoryDeltaRms', 'zeroFraction', 'deadFraction', 'weightGradRms'];

/** A table cell of statistic `name`; δ rms carries '!' where the layer has Inf/NaN. */
export function tableCell<S extends { nonFinite: boolean }>(stats: S, name: keyof S & string, format: StatFormat = 'value'): string {
  const text = formatStat(stats[name] as number | boolean | undefined, format);
  return name === 'deltaRms' && stats.nonFinite ? `${text}!` : text;
}

/**
 * Where Inf/NaN starts, in the direction each pass runs: the forward pass from layer 1 up (its
 * first layer with a non-finite s or h while δ there is finite), δ from the output down (its
 * highest layer with a non-finite δ).
 */
export function nonFiniteNotes(run: RunResult): string[] {
  const notes: string[] = [];
  const forward = run.layers.find((l) => l.nonFinite && Number.isFinite(l.deltaRms));
  if (forward) notes.push(`s or h is Inf/NaN from layer ${forward.layer} up ('!' marks the layers)`);
  const delta = [...run.layers].reverse().find((l) => !Number.isFinite(l.deltaRms));
  if (delta) notes.push(`δ is Inf/NaN from layer ${delta.layer} down ('!')`);
  return notes;
}

export function toTable(result: SimResult): string {
  const { config, runs } = result;
  const columns = TABLE_COLUMNS.filter((c) => runs.some((r) => r.layers.some((l) => l[c] !== undefined)));
  const out: string[] = [];
  const adapter = result.engine.adapter;
  out.push(
    `deltascope · depth ${config.depth} · width ${config.width} · batch ${config.batch} · init ${config.init.spec} (σ_w² = ${formatValue(config.sigmaW2)}, σ_b² = ${formatValue(config.sigmaB2)}) · ${result.seeds ? `seeds ${result.seeds.first}…${result.seeds.first + result.seeds.count - 1} (per-layer medians)` : `seed ${config.seed}`} · top ${config.top}` +
      (config.backward ? ` · backward ${config.backward.spec}` : ''),
  );
  out.push(
    `engine ${result.engine.kind}` +
      (adapter ? ` · ${adapterLabel(adapter)}` : '') +
      ` · ${result.timing.ms.toFixed(0)} ms`,
  );
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
    const notes: string[] = [];
    // Exactly 0: float32 underflow, or a factor that is exactly 0 (zero weights, saturated or dead units).
    if (first.deltaRms === 0) notes.push('δ is exactly 0 at the input');
    notes.push(...nonFiniteNotes(r));
    out.push(
      `${r.activation}: δ rms at layer 1 = ${formatValue(first.deltaRms)} · mean per-layer gain ${Number.isNaN(gain) ? '–' : formatValue(gain)}` +
        (notes.length ? ` · ${notes.join('; ')}` : ''),
    );
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
