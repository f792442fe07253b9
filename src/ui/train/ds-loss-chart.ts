/**
 * <ds-loss-chart>: training and test loss against the step, one colour per network (solid =
 * training set, dashed = test set), log y axis. With a seed sweep the lines are the medians over the
 * seeds and the band around the training line holds 10–90 % of them. The scale survives a spike:
 * it reaches at most two decades above the bulk of the values, and a point above that is drawn as
 * a mark on the top edge with a note that says how many and how high. The x axis ends at the last
 * checkpoint, so early progress fills the chart. While training runs the data are swapped in place
 * (setData) instead of rebuilding the plot, so the chart follows the play loop smoothly.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import { formatValue, logSeries } from '../../app/chart-data';
import type { LegendEntry } from '../../app/export';
import { withAlpha } from '../../app/palette';
import type { TrainRun } from '../../app/train/train-controller';
import type { TrainNetwork } from '../../app/train/train-labels';
import type { CanvasTheme } from '../theme';
import { UPlotChart, decadeLabel } from '../uplot-chart';

/** The axis reaches this many decades above the largest loss at step 0 at most. */
const HEADROOM_DECADES = 3;

function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(sorted.length - 1, lo + 1)] - sorted[lo]) * (pos - lo);
}

@customElement('ds-loss-chart')
export class DsLossChart extends UPlotChart {
  static override styles = [...UPlotChart.styles, css`.note { margin: 0.3rem 0 0; font-size: 0.82rem; color: var(--ds-warn-fg); }`];

  @property({ attribute: false }) networks: readonly TrainNetwork[] = [];
  private shape = '';

  protected override plotHeight(): number {
    return window.matchMedia('(max-width: 640px)').matches ? 240 : 300;
  }

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('networks');
  }

  /** Rebuild only when the series change; new checkpoints just replace the data (and the range). */
  protected override updated(changed: PropertyValues): void {
    if (!this.dataChanged(changed)) return;
    const shape = this.networks.map((n) => `${n.run.key}:${n.label}:${n.color}:${n.run.seedCheckpoints.length}:${n.run.config.task}`).join('|');
    const data = this.plotData();
    if (this.plot && data && shape === this.shape) {
      this.plot.setData(data);
      return;
    }
    this.shape = shape;
    this.rebuild();
  }

  /** Every checkpoint step of any network, in order (networks with another `every` leave gaps). */
  private steps(): number[] {
    return [...new Set(this.networks.flatMap((n) => n.run.checkpoints.map((c) => c.step)))].sort((a, b) => a - b);
  }

  /** A run's value per step of the axis (null where it has no checkpoint, or the value is not a positive number). */
  private column(steps: readonly number[], cps: readonly { step: number; value: number }[]): (number | null)[] {
    const at = new Map(cps.map((c) => [c.step, c.value]));
    return logSeries(steps.map((s) => at.get(s) ?? NaN));
  }

  /** Per step, a quantile over the seeds of the train or test loss (seed sweeps). */
  private seedQuantile(run: TrainRun, split: 'train' | 'test', q: number): { step: number; value: number }[] {
    const first = run.seedCheckpoints[0] ?? [];
    return first.map((c, i) => {
      const values = run.seedCheckpoints.map((cps) => cps[i]?.[split].loss).filter((v): v is number => v !== undefined && Number.isFinite(v)).sort((a, b) => a - b);
      return { step: c.step, value: quantile(values, q) };
    });
  }

  private lossOf(run: TrainRun, split: 'train' | 'test'): { step: number; value: number }[] {
    return run.seedCheckpoints.length > 1 ? this.seedQuantile(run, split, 0.5) : run.checkpoints.map((c) => ({ step: c.step, value: c[split].loss }));
  }

  private banded(): TrainNetwork[] {
    return this.networks.filter((n) => n.run.seedCheckpoints.length > 1);
  }

  /** Series order: x, per network its train and test loss (medians with seeds), then per seed-swept network its 10 and 90 % train loss. */
  protected plotData(): uPlot.AlignedData | null {
    if (!this.networks.length || !this.networks[0].run.checkpoints.length) return null;
    const steps = this.steps();
    return [
      steps,
      ...this.networks.flatMap(({ run }) => [this.column(steps, this.lossOf(run, 'train')), this.column(steps, this.lossOf(run, 'test'))]),
      ...this.banded().flatMap(({ run }) => [this.column(steps, this.seedQuantile(run, 'train', 0.1)), this.column(steps, this.seedQuantile(run, 'train', 0.9))]),
    ] as uPlot.AlignedData;
  }

  /** Every loss drawn, positive and finite. */
  private values(): number[] {
    const data = this.plotData();
    return data ? data.slice(1).flatMap((col) => (col as (number | null)[]).filter((v): v is number => v !== null)) : [];
  }

  /** The top of the axis: the largest value, or HEADROOM_DECADES above the step-0 losses when a spike goes beyond. */
  private top(values: readonly number[]): number {
    const start = this.networks.flatMap(({ run }) => [run.checkpoints[0]?.train.loss, run.checkpoints[0]?.test.loss])
      .filter((v): v is number => v !== undefined && v > 0 && Number.isFinite(v));
    const max = Math.max(...values);
    return start.length ? Math.min(max, Math.max(...start) * 10 ** HEADROOM_DECADES) : max;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    if (!this.networks.length) return null;
    const regression = this.networks.every((n) => n.run.config.task === 'teacher');
    const classification = this.networks.every((n) => n.run.config.task !== 'teacher');
    const median = (n: TrainNetwork): string => (n.run.seedCheckpoints.length > 1 ? ` (median of ${n.run.seedCheckpoints.length} seeds)` : '');
    const series: uPlot.Series[] = [
      { label: 'step', value: (_u, v) => (v == null ? '–' : String(v)) },
      ...this.networks.flatMap((n): uPlot.Series[] => [
        { label: `${n.label} train${median(n)}`, stroke: n.color, width: 2, points: { show: false }, spanGaps: true, value: (_u, v) => formatValue(v) },
        { label: `${n.label} test`, stroke: n.color, width: 1.5, dash: [6, 4], points: { show: false }, spanGaps: true, value: (_u, v) => formatValue(v) },
      ]),
      ...this.banded().flatMap((n): uPlot.Series[] => (['10 %', '90 %'] as const).map((q) => ({
        label: `${n.label} train ${q}`, stroke: withAlpha(n.color, 0.3), width: 1, points: { show: false }, spanGaps: true, value: (_u, v) => formatValue(v),
      }))),
    ];
    const first = 1 + 2 * this.networks.length;
    const bands: uPlot.Band[] = this.banded().map((n, k) => ({ series: [first + 2 * k + 1, first + 2 * k] as [number, number], fill: withAlpha(n.color, 0.15) }));
    return {
      width,
      height,
      series,
      bands,
      scales: {
        x: { time: false, range: (_u, _min, max) => [0, Math.max(1, max ?? 1)] },
        y: { distr: 3, log: 10, range: () => this.yRange() },
      },
      axes: [
        this.axis(theme, 'training step'),
        this.logAxis(theme, regression ? 'loss: ½ squared error (log)' : classification ? 'loss: cross-entropy (log)' : 'loss (log)', decadeLabel),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
      hooks: { draw: [(u) => this.markOutOfRange(u)] },
    };
  }

  /** Whole decades around the values, at least two of them, the top clipped above a spike. */
  private yRange(): uPlot.Range.MinMax {
    const values = this.values();
    if (!values.length) return [1e-2, 1e1];
    const e1 = Math.ceil(Math.log10(this.top(values)) - 1e-9);
    const e0 = Math.min(Math.floor(Math.log10(Math.min(...values))), e1 - 2);
    return [10 ** e0, 10 ** e1];
  }

  /** The points above the axis: how many, and the highest. */
  outOfRange(): { count: number; max: number } {
    const values = this.values();
    if (!values.length) return { count: 0, max: NaN };
    const top = 10 ** Math.ceil(Math.log10(this.top(values)) - 1e-9);
    const over = values.filter((v) => v > top * (1 + 1e-12));
    return { count: over.length, max: Math.max(...over) };
  }

  /** ▲ on the top edge where a line leaves the axis. */
  private markOutOfRange(u: uPlot): void {
    const max = u.scales.y.max;
    if (max == null) return;
    const ctx = u.ctx;
    const px = devicePixelRatio || 1;
    const size = 5 * px;
    ctx.save();
    for (let si = 1; si <= 2 * this.networks.length; si++) {
      const col = u.data[si] as (number | null)[];
      ctx.fillStyle = this.networks[Math.floor((si - 1) / 2)].color;
      col.forEach((v, i) => {
        if (v == null || v <= max * (1 + 1e-12)) return;
        const x = u.valToPos(u.data[0][i] as number, 'x', true);
        const y = u.bbox.top + 1 * px;
        ctx.beginPath();
        ctx.moveTo(x - size / 2, y + size);
        ctx.lineTo(x + size / 2, y + size);
        ctx.lineTo(x, y);
        ctx.fill();
      });
    }
    ctx.restore();
  }

  /** The band edges' legend rows: the band is drawn, its edges need no readout. */
  protected override hiddenLegendRows(): number[] {
    const first = 1 + 2 * this.networks.length;
    return Array.from({ length: 2 * this.banded().length }, (_, k) => first + k);
  }

  pngTitle(): string {
    return 'Training and test loss';
  }

  protected pngLegend(): LegendEntry[] {
    return this.networks.flatMap((n) => [
      { label: `${n.label} train`, color: n.color },
      { label: `${n.label} test`, color: n.color, dash: true },
    ]);
  }

  override render() {
    const over = this.outOfRange();
    return html`
      <div class="plot" role="img" aria-label=${this.ariaSummary()}></div>
      ${this.networks.length ? '' : html`<p class="empty">Start a training run to see the loss.</p>`}
      ${over.count
        ? html`<p class="note" id="loss-clipped">▲ ${over.count} point${over.count > 1 ? 's' : ''} above the chart (up to ${formatValue(over.max, 3)}),
            drawn on its top edge so that the other values keep their scale.</p>`
        : ''}
    `;
  }

  private ariaSummary(): string {
    if (!this.networks.length) return 'Loss chart (no data yet)';
    const parts = this.networks.map(({ run, label }) => {
      const last = run.checkpoints[run.checkpoints.length - 1];
      return `${label}: training loss ${formatValue(last?.train.loss)}, test loss ${formatValue(last?.test.loss)} at step ${last?.step ?? 0}`;
    });
    return `Loss against training step. ${parts.join('; ')}.`;
  }
}
