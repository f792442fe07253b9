/**
 * Base class for the uPlot line charts (not a component itself): owns the uPlot instance, rebuilds
 * it when the data changes, follows the container's width and the colour scheme (RedrawController),
 * and exports the plot as a PNG. Subclasses say what to draw through `plotOptions` and `plotData`.
 */
import { LitElement, css, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { composePng, type LegendEntry } from '../app/export';
import { RedrawController } from './redraw-controller';
import { baseStyles, canvasTheme, type CanvasTheme } from './theme';

export abstract class UPlotChart extends LitElement {
  static override styles = [
    baseStyles,
    unsafeCSS(uplotCss),
    css`
      .plot { width: 100%; min-height: 200px; }
      .uplot { font-family: inherit; }
      .u-legend { font-size: 0.82rem; color: var(--ds-fg); text-align: left; margin-top: 0.25rem; }
      .u-legend .u-marker { width: 1.1em; height: 0.35em; border-radius: 2px; }
      .u-legend th { font-weight: 500; }
      .u-legend .u-value { font-variant-numeric: tabular-nums; min-width: 7ch; display: inline-block; }
      .u-legend tr.u-off > * { opacity: 0.35; }
      .u-select { background: color-mix(in srgb, var(--ds-accent) 15%, transparent); }
      .empty { color: var(--ds-muted); padding: 3rem 1rem; text-align: center; }
    `,
  ];

  /** The live uPlot instance (tests read its data), null before the first result. */
  plot: uPlot | null = null;
  private lastWidth = 0;

  constructor() {
    super();
    new RedrawController(this, () => this.container, () => this.resize(), () => this.rebuild());
  }

  /** Plot height in CSS pixels; smaller on phones. */
  protected plotHeight(): number {
    return window.matchMedia('(max-width: 640px)').matches ? 240 : 300;
  }

  protected abstract plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null;
  protected abstract plotData(): uPlot.AlignedData | null;
  /** Whether a changed property needs a rebuild. */
  protected abstract dataChanged(changed: PropertyValues): boolean;
  abstract pngTitle(): string;
  protected abstract pngLegend(): LegendEntry[];

  protected get container(): HTMLElement | null {
    return this.renderRoot.querySelector('.plot');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.plot?.destroy();
    this.plot = null;
  }

  /** A new width resizes the plot; a plot not built yet (no width before, or detached) is built. */
  private resize(): void {
    const w = Math.floor(this.container?.clientWidth ?? 0);
    if (w <= 0) return;
    if (!this.plot) this.rebuild();
    else if (Math.abs(w - this.lastWidth) >= 1) {
      this.lastWidth = w;
      this.plot.setSize({ width: w, height: this.plotHeight() });
    }
  }

  protected override updated(changed: PropertyValues): void {
    if (this.dataChanged(changed)) this.rebuild();
  }

  /** Recreates the plot from scratch: series count, scales and theme may all have changed. */
  rebuild(): void {
    const el = this.container;
    this.plot?.destroy();
    this.plot = null;
    if (!el) return;
    const width = Math.floor(el.clientWidth);
    const data = this.plotData();
    if (!data || width <= 0) return;
    const opts = this.plotOptions(width, this.plotHeight(), canvasTheme(this));
    if (!opts) return;
    this.lastWidth = width;
    this.plot = new uPlot(opts, data, el);
    const rows = this.plot.root.querySelectorAll<HTMLElement>('.u-legend tr');
    for (const i of this.hiddenLegendRows()) if (rows[i]) rows[i].style.display = 'none';
  }

  /** Series whose legend row is hidden (helper series such as quantile bands). */
  protected hiddenLegendRows(): number[] {
    return [];
  }

  /** Common axis options. */
  protected axis(theme: CanvasTheme, label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
    return {
      label,
      stroke: theme.muted,
      labelFont: `600 ${theme.font}`,
      font: theme.font,
      grid: { stroke: theme.grid, width: 1 },
      ticks: { stroke: theme.grid, width: 1 },
      ...extra,
    };
  }

  /** A y axis as wide as its longest tick label (1e-1250 at depth 2000 included) plus its title. */
  protected yAxis(theme: CanvasTheme, label: string, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
    return this.axis(theme, label, { size: (u, values) => fitAxisSize(u, values, theme.font), ...extra });
  }

  /** The layer scale: the layers' range, widened by one each way when there is a single layer. */
  protected layerScale(): uPlot.Scale {
    return { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) };
  }

  /** The layer axis, its title as long as the width allows. */
  protected layerAxis(theme: CanvasTheme, width: number): uPlot.Axis {
    return this.axis(theme, width < 520 ? 'layer  (input → output)' : 'layer  (1 = next to the input · right = output)');
  }

  /**
   * Ticks for a log axis: whole decades, thinned to about `max` of them. uPlot's own log splits
   * walk every 1..9×10^k step and never finish on ranges that reach float32 denormals (1e-45).
   */
  protected logAxis(theme: CanvasTheme, label: string, format: (v: number) => string, max = 7): uPlot.Axis {
    return this.axis(theme, label, {
      size: 66,
      splits: (_u, _i, min, maxV) => logSplits(min, maxV, max),
      // Keep every split: uPlot's default log filter blanks ticks it would not have chosen itself.
      filter: (_u, splits) => splits,
      values: (_u, ticks) => ticks.map((t) => (t == null ? '' : format(t))),
    });
  }

  /** The chart as a PNG: its title, the plot, the legend and the configuration it shows (`caption`). */
  async pngBlob(caption: readonly string[] = []): Promise<Blob | null> {
    if (!this.plot) return null;
    const theme = canvasTheme(this);
    return composePng({
      title: this.pngTitle(),
      canvas: this.plot.ctx.canvas,
      legend: this.pngLegend(),
      caption,
      background: theme.surface,
      foreground: theme.fg,
      muted: theme.muted,
    });
  }
}

const measure = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');

/** Pixels a y axis needs: its widest tick label, the tick and gap, and the rotated title. */
export function fitAxisSize(_u: uPlot, values: readonly (string | number | null)[] | null, font: string): number {
  if (!measure || !values) return 60;
  measure.font = font;
  const widest = Math.max(0, ...values.map((v) => (v == null ? 0 : measure.measureText(String(v)).width)));
  return Math.ceil(widest) + 34;
}

export function logSplits(min: number, max: number, count: number): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const e0 = Math.ceil(Math.log10(min) - 1e-9);
  const e1 = Math.floor(Math.log10(max) + 1e-9);
  if (e1 < e0) return [min, max];
  const step = Math.max(1, Math.ceil((e1 - e0 + 1) / count));
  const out: number[] = [];
  for (let e = e1; e >= e0; e -= step) out.unshift(10 ** e);
  return out;
}

/** Tick label for a power of ten: 0.01 … 1000 written out, else 1e−k. */
export function decadeLabel(v: number): string {
  const e = Math.round(Math.log10(v));
  if (Math.abs(Math.log10(v) - e) > 1e-6) return String(Number(v.toPrecision(2)));
  if (e >= -2 && e <= 3) return String(Number((10 ** e).toPrecision(1)));
  return `1e${e}`;
}
