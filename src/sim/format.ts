/**
 * Text renderings of a SimResult: CSV (every layer, every statistic) and a readable table.
 * Pure functions, shared by the CLI and the app's CSV export.
 */
import { adapterLabel, type LayerStats, type RunResult, type SimResult } from './stats';

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

/** Column order of the CSV; optional columns appear only when some layer has them. */
const CSV_COLUMNS: (keyof LayerStats)[] = [
  'layer', 'deltaRms', 'deltaMaxAbs', 'preactStd', 'activationRms', 'zeroFraction', 'deadFraction',
  'meanAbsFprime', 'fprimeZeroFraction', 'weightGradRms', 'nonFinite', 'theoryQ', 'theoryDeltaRms',
];

export function toCsv(result: Pick<SimResult, 'runs'>): string {
  const present = CSV_COLUMNS.filter((c) => result.runs.some((r) => r.layers.some((l) => l[c] !== undefined)));
  const lines = [['activation', 'backward', ...present].join(',')];
  for (const run of result.runs) {
    for (const layer of run.layers) {
      const cells = present.map((c) => {
        const v = layer[c];
        return typeof v === 'number' ? formatValue(v, 9) : v === undefined ? '' : String(v);
      });
      lines.push([run.activation, run.backward ?? '', ...cells].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
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

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : formatValue(x);
}

export function toTable(result: SimResult): string {
  const { config, runs } = result;
  const hasTheory = runs.some((r) => r.layers.some((l) => l.theoryDeltaRms !== undefined));
  const hasWg = config.weightGrads;
  const out: string[] = [];
  const adapter = result.engine.adapter;
  out.push(
    `deltascope · depth ${config.depth} · width ${config.width} · batch ${config.batch} · init ${config.init} (σ_w² = ${formatValue(config.sigmaW2)}, σ_b² = ${formatValue(config.sigmaB2)}) · ${result.seeds ? `seeds ${result.seeds.first}…${result.seeds.first + result.seeds.count - 1} (per-layer medians)` : `seed ${config.seed}`} · top ${config.top}` +
      (config.backward ? ` · backward ${config.backward}` : ''),
  );
  out.push(
    `engine ${result.engine.kind}` +
      (adapter ? ` · ${adapterLabel(adapter)}` : '') +
      ` · ${result.timing.ms.toFixed(0)} ms`,
  );
  out.push('layer 1 is next to the input, layer depth is the output; δ rms is √mean(δ²) over batch and units.');
  out.push('');
  const colW = 11;
  const sub = ['δ rms', ...(hasTheory ? ['theory'] : []), 'zero', 'dead', ...(hasWg ? ['∇W rms'] : [])];
  const groupW = sub.length * (colW + 1) - 1;
  out.push(`${pad('', 6)} ${runs.map((r) => pad(`── ${r.activation} ──`, groupW)).join(' │ ')}`);
  out.push(`${pad('layer', 6)} ${runs.map(() => sub.map((s) => pad(s, colW)).join(' ')).join(' │ ')}`);
  for (const l of tableLayers(config.depth)) {
    const cells = runs.map((r) => {
      const s = r.layers[l - 1];
      const row = [formatValue(s.deltaRms, 4) + (s.nonFinite ? '!' : '')];
      if (hasTheory) row.push(formatValue(s.theoryDeltaRms, 4));
      row.push(pct(s.zeroFraction), pct(s.deadFraction));
      if (hasWg) row.push(formatValue(s.weightGradRms, 4));
      return row.map((c) => pad(c, colW)).join(' ');
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
    if (r.layers.some((l) => l.nonFinite)) notes.push(`Inf/NaN from layer ${r.layers.find((l) => l.nonFinite)!.layer} ('!' marks it)`);
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
