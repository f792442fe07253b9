/**
 * <ds-weight-grad-chart>: the RMS of each layer's weight gradient δ_l h_{l−1}ᵀ / batch at
 * initialization (weightGradLog10), one line per network on screen: how fast each layer would start
 * to learn. Where δ vanished, or the layer's inputs are all zero (dead units), the gradient is 0 and
 * the line breaks, marked by the note below.
 */
import { css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { layerRanges, formatRanges } from '../sim/notes';
import type { ShownRun } from '../app/shown-runs';
import { LayerLogChart } from './layer-log-chart';
import { UPlotChart } from './uplot-chart';

@customElement('ds-weight-grad-chart')
export class DsWeightGradChart extends LayerLogChart {
  static override styles = [...UPlotChart.styles, css`.note { margin: 0.35rem 0 0; font-size: 0.84rem; color: var(--ds-warn-fg); }`];

  protected values({ run }: ShownRun): number[] {
    return run.layers.map((s) => s.weightGradLog10 ?? NaN);
  }

  protected predicted(): null {
    return null;
  }

  protected yLabel(): string {
    return 'RMS of ∂L/∂W  (log scale)';
  }

  pngTitle(): string {
    return 'Weight gradient at initialization: RMS of δ_l h_{l−1}ᵀ / batch per layer';
  }

  override render() {
    const zeros = this.runs.flatMap(({ run, label }) => {
      const ranges = layerRanges(run.layers, (s) => s.weightGradLog10 === -Infinity);
      return ranges.length ? [`${label}: the weight gradient is exactly 0 in ${formatRanges(ranges)}, so those weights never move.`] : [];
    });
    const missing = this.runs.filter(({ run }) => run.layers.every((s) => s.weightGradLog10 === undefined));
    return html`
      <div class="plot" role="img" aria-label="Weight gradient RMS per layer at initialization, one line per network"></div>
      ${this.runs.length ? '' : html`<p class="empty">Run a simulation to see the weight gradients.</p>`}
      ${zeros.length ? html`<ul class="note" aria-label="Layers that never update">${zeros.map((z) => html`<li>${z}</li>`)}</ul>` : ''}
      ${missing.length ? html`<p class="note">${missing.map((r) => r.label).join(', ')}: run without weight gradients.</p>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-weight-grad-chart': DsWeightGradChart;
  }
}
