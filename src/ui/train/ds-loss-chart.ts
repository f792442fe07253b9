/**
 * <ds-loss-chart>: training and test loss against the step, one colour per activation (solid =
 * training set, dashed = test set), log y axis. While training runs the data are swapped in place
 * (setData) instead of rebuilding the plot, so the chart follows the play loop smoothly.
 */
import { html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import { formatValue, logSeries } from '../../app/chart-data';
import type { LegendEntry } from '../../app/export';
import { activationColor, activationLabel } from '../../app/palette';
import type { TrainRun } from '../../app/train/train-controller';
import type { CanvasTheme } from '../theme';
import { UPlotChart, decadeLabel } from '../uplot-chart';

@customElement('ds-loss-chart')
export class DsLossChart extends UPlotChart {
  @property({ attribute: false }) runs: readonly TrainRun[] = [];
  /** The last step of the training, so the x axis does not jump while it fills. */
  @property({ type: Number }) totalSteps = 0;
  private shape = '';

  protected override plotHeight(): number {
    return window.matchMedia('(max-width: 640px)').matches ? 240 : 300;
  }

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('runs') || changed.has('totalSteps');
  }

  /** Rebuild only when the series change; new checkpoints just replace the data. */
  protected override updated(changed: PropertyValues): void {
    if (!this.dataChanged(changed)) return;
    const shape = `${this.runs.map((r) => r.activation).join(',')}|${this.totalSteps}|${this.runs[0]?.config.task ?? ''}`;
    const data = this.plotData();
    if (this.plot && data && shape === this.shape) {
      this.plot.setData(data);
      return;
    }
    this.shape = shape;
    this.rebuild();
  }

  protected plotData(): uPlot.AlignedData | null {
    const runs = this.runs;
    if (!runs.length || !runs[0].checkpoints.length) return null;
    // All runs share the configuration apart from the activation, so their checkpoint steps agree;
    // a run that is one batch behind is padded with gaps.
    const steps = runs[0].checkpoints.map((c) => c.step);
    const column = (run: TrainRun, pick: (i: number) => number): (number | null)[] =>
      logSeries(steps.map((_s, i) => (i < run.checkpoints.length ? pick(i) : NaN))).map((v, i) => (i < run.checkpoints.length ? v : null));
    return [
      steps,
      ...runs.flatMap((run) => [
        column(run, (i) => run.checkpoints[i].train.loss),
        column(run, (i) => run.checkpoints[i].test.loss),
      ]),
    ] as uPlot.AlignedData;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    if (!this.runs.length) return null;
    const regression = this.runs[0].config.task === 'teacher';
    const series: uPlot.Series[] = [
      { label: 'step', value: (_u, v) => (v == null ? '–' : String(v)) },
      ...this.runs.flatMap((run): uPlot.Series[] => [
        {
          label: `${activationLabel(run.activation)} train`, stroke: activationColor(run.activation), width: 2,
          points: { show: false }, value: (_u, v) => formatValue(v),
        },
        {
          label: `${activationLabel(run.activation)} test`, stroke: activationColor(run.activation), width: 1.5, dash: [6, 4],
          points: { show: false }, value: (_u, v) => formatValue(v),
        },
      ]),
    ];
    return {
      width,
      height,
      series,
      scales: {
        x: { time: false, range: (_u, min, max) => [0, Math.max(max, this.totalSteps, min + 1)] },
        y: { distr: 3, log: 10, range: (_u, min, max) => this.yRange(min, max) },
      },
      axes: [
        this.axis(theme, 'training step'),
        this.logAxis(theme, regression ? 'loss: ½ squared error (log)' : 'loss: cross-entropy (log)', decadeLabel),
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  /** Whole decades around the data (min/max come from uPlot: the loaded data), at least two of them. */
  private yRange(min: number | null, max: number | null): uPlot.Range.MinMax {
    if (min == null || max == null || !(min > 0) || !Number.isFinite(max)) return [1e-2, 1e1];
    const e1 = Math.ceil(Math.log10(max));
    const e0 = Math.min(Math.floor(Math.log10(min)), e1 - 2);
    return [10 ** e0, 10 ** e1];
  }

  pngTitle(): string {
    return 'Training and test loss';
  }

  protected pngLegend(): LegendEntry[] {
    return this.runs.flatMap((run) => [
      { label: `${activationLabel(run.activation)} train`, color: activationColor(run.activation) },
      { label: `${activationLabel(run.activation)} test`, color: activationColor(run.activation), dash: true },
    ]);
  }

  override render() {
    return html`
      <div class="plot" role="img" aria-label=${this.ariaSummary()}></div>
      ${this.runs.length ? '' : html`<p class="empty">Start a training run to see the loss.</p>`}
    `;
  }

  private ariaSummary(): string {
    if (!this.runs.length) return 'Loss chart (no data yet)';
    const parts = this.runs.map((run) => {
      const last = run.checkpoints[run.checkpoints.length - 1];
      return `${activationLabel(run.activation)}: training loss ${formatValue(last?.train.loss)}, test loss ${formatValue(last?.test.loss)} at step ${last?.step ?? 0}`;
    });
    return `Loss against training step. ${parts.join('; ')}.`;
  }
}
