/**
 * The app's exports: the per-layer statistics as CSV and JSON, the same text as
 * `npm run sim -- --theory --format csv|json` for the same result (with the mean-field prediction
 * once it has arrived), and each chart as a PNG with its title and legend.
 */
import type { SimConfig } from '../sim/config';
import { resultJson, toCsv } from '../sim/format';
import type { SimResult } from '../sim/stats';
import { addTheory, type ConfigTheory } from '../sim/theory-cli';

/** A file to download. */
export interface ExportFile {
  name: string;
  text: string;
  type: string;
}

/** A file name that says what is inside, e.g. deltascope-sigmoid-tanh-relu-d500-w128-b16-s1. */
export function fileStem(config: SimConfig): string {
  const acts = config.activations.map((a) => a.spec.replace(/[^a-z0-9.-]+/gi, '')).join('-');
  return `deltascope-${acts}-d${config.depth}-w${config.width}-b${config.batch}-s${config.seed}`;
}

/** The result as the command line prints it with --theory (without the theory while it is not known). */
const withTheory = (result: SimResult, theory: ConfigTheory | null): SimResult => (theory ? addTheory(result, theory) : result);

export function resultCsvFile(result: SimResult, theory: ConfigTheory | null): ExportFile {
  return { name: `${fileStem(result.config)}.csv`, text: toCsv(withTheory(result, theory)), type: 'text/csv' };
}

export function resultJsonFile(result: SimResult, theory: ConfigTheory | null): ExportFile {
  return { name: `${fileStem(result.config)}.json`, text: resultJson(withTheory(result, theory)), type: 'application/json' };
}

export function downloadFile(file: ExportFile): void {
  downloadBlob(file.name, new Blob([file.text], { type: file.type }));
}

/** A chart that renders itself as a PNG (null while it has nothing drawn). */
export interface PngSource extends Element {
  pngBlob(): Promise<Blob | null>;
}

/** One PNG per chart, named `<stem>-<chart>.png`, or `<stem>-<chart>-<activation>.png` for a chart of one network. */
export async function downloadChartPngs(stem: string, chart: string, sources: readonly PngSource[]): Promise<void> {
  for (const source of sources) {
    const blob = await source.pngBlob();
    const activation = source.getAttribute('data-activation');
    if (blob) downloadBlob(`${stem}-${chart}${activation ? `-${activation.replace(':', '-')}` : ''}.png`, blob);
  }
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
  background: string;
  foreground: string;
  muted: string;
}

/** One PNG: title, subtitle, the chart canvas, then the legend entries in rows. */
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
  const out = document.createElement('canvas');
  out.width = Math.round(width);
  out.height = Math.round(headerH + parts.canvas.height + legendH + pad);
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
  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
  });
}
