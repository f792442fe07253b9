/**
 * The app's exports: the per-layer statistics of the results on screen as CSV and JSON, for one
 * result the same text as `npm run sim -- --theory --format csv|json` (with the mean-field prediction
 * once it has arrived; the CSV under comment lines with its configuration), and each chart as a PNG
 * with its title, legend and configuration.
 */
import type { SimConfig } from '../sim/config';
import { csvHeader, resultJson, resultDocument, toCsv } from '../sim/format';
import { toJson, type SimResult } from '../sim/stats';
import { addTheory, type ConfigTheory } from '../sim/theory-cli';
import { encodeFields } from './view-fields';

/** A file to download. */
export interface ExportFile {
  name: string;
  text: string;
  type: string;
}

/** One result to export, with its label on screen and its prediction once it has arrived. */
export interface ExportEntry {
  label: string;
  result: SimResult;
  theory: ConfigTheory | null;
}

/** Short file-name forms of the view's URL keys (the rest are written `key-value`). */
const STEM_KEYS: Record<string, string> = { depth: 'd', width: 'w', batch: 'b', seed: 's', seeds: 'x' };

const clean = (s: string): string => s.replace(/[^a-z0-9.-]+/gi, '');

/** The settings of a configuration as file-name tokens: activations, init, then every other field the view carries. */
function stemTokens(config: SimConfig, seeds: number): string[] {
  return encodeFields('sim', { ...config, seeds }, '').map(([key, value]) => {
    if (key === 'act') return value.split(',').map(clean).join('-');
    if (key === 'init') return clean(value);
    return STEM_KEYS[key] ? `${STEM_KEYS[key]}${clean(value)}` : `${key}-${clean(value)}`;
  });
}

/**
 * A file name that says what is inside, e.g. deltascope-relu-he-normal-d100-w256-b32-s1 (x8: eight
 * seeds; sw2-1.5, sb2-0.05, top-mse, back-…: every setting the URL carries). Several results: the
 * settings they share once, the ones that tell them apart per result, joined by `_vs_`.
 */
export function fileStem(...results: readonly { config: SimConfig; seeds?: number }[]): string {
  const tokens = results.map((r) => stemTokens(r.config, r.seeds ?? 1));
  if (tokens.length <= 1) return ['deltascope', ...(tokens[0] ?? [])].join('-');
  const shared = tokens[0].filter((t) => tokens.every((ts) => ts.includes(t)));
  const own = tokens.map((ts) => ts.filter((t) => !shared.includes(t)).join('-') || 'same');
  return ['deltascope', own.join('_vs_'), ...shared].join('-');
}

/** The stem of a set of entries on screen. */
export function entriesStem(entries: readonly ExportEntry[]): string {
  return fileStem(...entries.map((e) => ({ config: e.result.config, seeds: e.result.seeds?.count ?? 1 })));
}

/** The result as the command line prints it with --theory (without the theory while it is not known). */
const withTheory = (result: SimResult, theory: ConfigTheory | null): SimResult => (theory ? addTheory(result, theory) : result);

/**
 * The CSV of the results on screen. One result: a comment header with its configuration, then what
 * `npm run sim -- --theory --format csv` writes. Several: a header per result, then one table with
 * a first column `run` naming each row's result.
 */
export function resultCsvFile(entries: readonly ExportEntry[]): ExportFile {
  const name = `${entriesStem(entries)}.csv`;
  const full = entries.map((e) => withTheory(e.result, e.theory));
  if (full.length === 1) return { name, text: [...csvHeader(full[0]), toCsv(full[0])].join('\n'), type: 'text/csv' };
  const header = full.flatMap((r, i) => csvHeader(r, `run "${entries[i].label}": `));
  const [columns, ...rows] = toCsv({ runs: full.flatMap((r) => r.runs) }).trimEnd().split('\n');
  const labels = full.flatMap((r, i) => r.runs.flatMap((run) => run.layers.map(() => entries[i].label)));
  const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const body = [`run,${columns}`, ...rows.map((row, k) => `${quoted(labels[k])},${row}`)];
  return { name, text: `${[...header, ...body].join('\n')}\n`, type: 'text/csv' };
}

/**
 * The JSON of the results on screen. One result: what `npm run sim -- --theory --format json`
 * writes. Several: `{ "comparison": [ { "label", "config", "engine", "runs", … }, … ] }`, each
 * element that same JSON for one result, under its label.
 */
export function resultJsonFile(entries: readonly ExportEntry[]): ExportFile {
  const name = `${entriesStem(entries)}.json`;
  const full = entries.map((e) => withTheory(e.result, e.theory));
  if (full.length === 1) return { name, text: resultJson(full[0]), type: 'application/json' };
  const comparison = full.map((r, i) => ({ label: entries[i].label, ...resultDocument(r) }));
  return { name, text: `${toJson({ comparison })}\n`, type: 'application/json' };
}

export function downloadFile(file: ExportFile): void {
  downloadBlob(file.name, new Blob([file.text], { type: file.type }));
}

/** A chart that renders itself as a PNG with a caption under it (null while it has nothing drawn). */
export interface PngSource extends Element {
  pngBlob(caption?: readonly string[]): Promise<Blob | null>;
}

/**
 * One PNG per chart, named `<stem>-<chart>.png`, or `<stem>-<chart>-<network>.png` for a chart of
 * one network; the number of files written (0 while no chart has anything drawn).
 */
export async function downloadChartPngs(stem: string, chart: string, sources: readonly PngSource[], caption: readonly string[] = []): Promise<number> {
  let written = 0;
  for (const source of sources) {
    const blob = await source.pngBlob(caption);
    // A chart of one network names it (data-file where two networks share an activation).
    const network = source.getAttribute('data-file') ?? source.getAttribute('data-activation');
    if (!blob) continue;
    downloadBlob(`${stem}-${chart}${network ? `-${network.replace(/[^a-z0-9.-]+/gi, '-')}` : ''}.png`, blob);
    written++;
  }
  return written;
}

/** `text` in lines no wider than `max`, broken at spaces (a single long word stays whole). */
export function wrapText(text: string, max: number, width: (t: string) => number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && width(next) > max) {
      lines.push(current);
      current = word;
    } else {
      current = next;
    }
  }
  if (current) lines.push(current);
  return lines;
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface LegendEntry {
  label: string;
  color: string;
  dash?: boolean;
  /** A filled swatch (bands, heatmap specials) instead of a line. */
  fill?: boolean;
}

export interface PngParts {
  title: string;
  subtitle?: string;
  /** The chart's drawing, at device resolution. */
  canvas: HTMLCanvasElement;
  legend: LegendEntry[];
  /** Lines under the legend: the configuration the chart shows. */
  caption?: readonly string[];
  background: string;
  foreground: string;
  muted: string;
}

/** One PNG: title, subtitle, the chart canvas, the legend entries in rows, then the caption lines. */
export function composePng(parts: PngParts): Promise<Blob> {
  const scale = parts.canvas.width / Math.max(1, parts.canvas.clientWidth || parts.canvas.width);
  const pad = 16 * scale;
  const line = 20 * scale;
  const font = (px: number, weight = 400): string => `${weight} ${px * scale}px system-ui, -apple-system, "Segoe UI", sans-serif`;

  const measure = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
  measure.font = font(12);
  const width = parts.canvas.width + 2 * pad;
  const rows: LegendEntry[][] = [[]];
  let x = 0;
  for (const e of parts.legend) {
    const w = 28 * scale + measure.measureText(e.label).width + 18 * scale;
    if (x + w > width - 2 * pad && rows[rows.length - 1].length > 0) {
      rows.push([]);
      x = 0;
    }
    rows[rows.length - 1].push(e);
    x += w;
  }
  const headerH = pad + line + (parts.subtitle ? line * 0.9 : 0);
  const legendH = parts.legend.length ? rows.length * line + pad / 2 : 0;
  // Caption lines wrap at the image's width.
  measure.font = font(11);
  const caption = (parts.caption ?? []).flatMap((text) => wrapText(text, width - 2 * pad, (t) => measure.measureText(t).width));
  const captionH = caption.length ? caption.length * line * 0.85 + pad / 2 : 0;
  const out = document.createElement('canvas');
  out.width = Math.round(width);
  out.height = Math.round(headerH + parts.canvas.height + legendH + captionH + pad);
  const ctx = out.getContext('2d') as CanvasRenderingContext2D;
  ctx.fillStyle = parts.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = parts.foreground;
  ctx.font = font(15, 600);
  ctx.fillText(parts.title, pad, pad + line / 2);
  if (parts.subtitle) {
    ctx.fillStyle = parts.muted;
    ctx.font = font(12);
    ctx.fillText(parts.subtitle, pad, pad + line * 1.4);
  }
  ctx.drawImage(parts.canvas, pad, headerH);
  ctx.font = font(12);
  let y = headerH + parts.canvas.height + pad / 2 + line / 2;
  for (const row of rows) {
    x = pad;
    for (const e of row) {
      ctx.strokeStyle = e.color;
      ctx.fillStyle = e.color;
      if (e.fill) {
        ctx.fillRect(x, y - 6 * scale, 22 * scale, 12 * scale);
      } else {
        ctx.lineWidth = 2.5 * scale;
        ctx.setLineDash(e.dash ? [5 * scale, 4 * scale] : []);
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(x + 22 * scale, y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.fillStyle = parts.foreground;
      ctx.fillText(e.label, x + 28 * scale, y);
      x += 28 * scale + ctx.measureText(e.label).width + 18 * scale;
    }
    y += line;
  }
  ctx.fillStyle = parts.muted;
  ctx.font = font(11);
  y += caption.length ? pad / 2 - line / 2 + line * 0.425 : 0;
  for (const text of caption) {
    ctx.fillText(text, pad, y);
    y += line * 0.85;
  }
  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
  });
}
