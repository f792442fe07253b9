/**
 * <ds-sim-charts>: the charts of one simulation result: the gradient decay beside the mean-field
 * prediction, the key numbers, sparsity, and for one activation (`activation`; another one picked
 * here goes up as `focus-change`) the |δ| heatmap and the f′ bands. Each card downloads its chart
 * as a PNG.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fileStem } from '../app/export';
import type { SimResult } from '../sim/stats';
import type { ConfigTheory } from '../sim/theory-cli';
import './ds-activation-picker';
import './ds-chart-card';
import './ds-decay-chart';
import './ds-fprime-chart';
import './ds-heatmap';
import './ds-sparsity-chart';
import './ds-summary';
import { baseStyles } from './theme';

@customElement('ds-sim-charts')
export class DsSimCharts extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: flex; flex-direction: column; gap: 1.25rem; min-width: 0; }
      .focus {
        display: flex; flex-direction: column; gap: 1rem; background: var(--ds-surface); border: 1px solid var(--ds-border);
        border-radius: 14px; padding: 1rem 1.1rem; box-shadow: var(--ds-shadow);
      }
      .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.25rem; }
      .one-seed { margin: 0; font-size: 0.82rem; }
      @media (max-width: 1280px) { .pair { grid-template-columns: minmax(0, 1fr); } }
      @media (max-width: 640px) { .focus { padding: 0.85rem 0.8rem; border-radius: 12px; } }
    `,
  ];

  @property({ attribute: false }) result: SimResult | null = null;
  /** The mean-field prediction for `result`, once it has arrived. */
  @property({ attribute: false }) theory: ConfigTheory | null = null;
  /** The activation the heatmap and the f′ chart show (canonical spec). */
  @property() activation: string | null = null;

  override render() {
    const r = this.result;
    if (!r) return nothing;
    const stem = fileStem(r.config);
    const t = this.theory;
    const curves = t ? Object.fromEntries(Object.entries(t).map(([spec, run]) => [spec, run.deltaLog10])) : null;
    const seeds = r.seeds?.count ?? 1;
    return html`
      <ds-chart-card heading="Gradient decay across the layers" chart="decay" stem=${stem} exportable>
        <span slot="description">
          The size of the back-propagated error δ at every layer. It starts near 1 at the output (right) and is multiplied by
          Wᵀ and f′ on its way to the input (left): a line that falls to the left is a vanishing gradient, one that rises explodes.
          Dashed: the mean-field prediction. Log scale; hover for exact values.
        </span>
        <ds-decay-chart data-chart="decay" .result=${r} .theory=${curves}></ds-decay-chart>
      </ds-chart-card>
      <ds-chart-card heading="Key numbers" chart="summary" stem=${stem}>
        <span slot="description">δ at both ends of the network and the mean factor per layer between them (below 1: δ shrinks towards the input).</span>
        <ds-summary .result=${r}></ds-summary>
      </ds-chart-card>
      <ds-chart-card heading="Sparsity: zero activations and dead units" chart="sparsity" stem=${stem} exportable>
        <span slot="description">
          Solid: the share of activations h that are exactly 0 in each layer (about half for ReLU). Dashed: the share of units
          that are 0 for every input of the batch, i.e. dead units that pass no gradient at all.
        </span>
        <ds-sparsity-chart data-chart="sparsity" .result=${r}></ds-sparsity-chart>
      </ds-chart-card>
      <section class="focus" aria-label="Details of one activation">
        <ds-activation-picker .activations=${r.config.activations.map((a) => a.spec)} .value=${this.activation}></ds-activation-picker>
        ${seeds > 1 ? html`<p class="muted one-seed">These two charts show one network: the first seed (${r.config.seed}) of the ${seeds}.</p>` : nothing}
        <div class="pair">
          <ds-chart-card heading="|δ| per layer and unit" chart="heatmap" stem=${stem} exportable>
            <span slot="description">
              Every unit of every layer, coloured by |δ| (RMS over the batch) on a log scale: dark is small, yellow large.
              Vertical stripes show the decay layer by layer; horizontal streaks are units that stay quiet (dead) across layers.
            </span>
            <ds-heatmap data-chart="heatmap" .result=${r} .activation=${this.activation}></ds-heatmap>
          </ds-chart-card>
          <ds-chart-card heading="The factors f′(s) per layer" chart="fprime" stem=${stem} exportable>
            <span slot="description">
              Backward, each layer multiplies δ by f′(s). Bands show where the middle 50 % and 90 % of |f′| lie, the line their median;
              when they sit below the dotted line at 1, their product over many layers shrinks towards 0.
            </span>
            <ds-fprime-chart data-chart="fprime" .result=${r} .activation=${this.activation}></ds-fprime-chart>
          </ds-chart-card>
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-sim-charts': DsSimCharts;
  }
}
