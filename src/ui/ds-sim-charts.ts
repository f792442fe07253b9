/**
 * <ds-sim-charts>: the charts of the networks on screen (the last run and every pinned run, each a
 * ShownRun with its own configuration): the gradient decay beside the mean-field prediction, the key
 * numbers, the forward signal, the weight gradients and the sparsity, all of them overlaying every
 * network; then, for one network (`focusKey`; another one picked here goes up as `focus-change`), the
 * phase diagram of its activation at its σ's (its click goes up as `sigma-pick`), its f′ per layer
 * and its |δ| heatmap. Each card downloads its chart as a PNG captioned with the configuration, and
 * opens the glossary at the words it uses.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { GlossaryId } from '../app/glossary';
import { seedCount, type ShownRun } from '../app/shown-runs';
import type { PhaseData } from '../app/theory-protocol';
import type { SimResult } from '../sim/stats';
import type { ConfigTheory } from '../sim/theory-cli';
import './ds-activation-picker';
import './ds-chart-card';
import './ds-decay-chart';
import './ds-forward-chart';
import './ds-fprime-chart';
import './ds-heatmap';
import './ds-phase-diagram';
import './ds-sparsity-chart';
import './ds-spectrum-density';
import './ds-spectrum-range';
import './ds-summary';
import './ds-weight-grad-chart';
import { baseStyles } from './theme';

/** What the phase diagram of the focused network shows. */
export interface PhaseProps {
  data: PhaseData | null;
  loading: boolean;
}

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

  @property({ attribute: false }) runs: readonly ShownRun[] = [];
  /** The key of the network the detail charts show (the first when unset or gone). */
  @property() focusKey: string | null = null;
  @property({ attribute: false }) phase: PhaseProps = { data: null, loading: false };
  /** The start of every download's file name (export.ts fileStem). */
  @property() stem = 'deltascope';
  /** The configuration lines written under a PNG: of every network (null), or of one result (its entry key). */
  @property({ attribute: false }) captionOf: (entryKey: string | null) => readonly string[] = () => [];

  /** The network the detail charts show. */
  get focused(): ShownRun | null {
    return this.runs.find((r) => r.key === this.focusKey) ?? this.runs[0] ?? null;
  }

  private card(chart: string, heading: string, terms: readonly GlossaryId[], body: unknown, description: unknown) {
    return html`<ds-chart-card heading=${heading} chart=${chart} stem=${this.stem} .caption=${this.captionOf(null)} .terms=${terms}
      .unavailable=${this.runs.length ? null : 'nothing to draw yet: run a simulation first'}>
      <span slot="description">${description}</span>
      ${body}
    </ds-chart-card>`;
  }

  /** The Jacobian spectrum's two charts for one result with --spectrum (src/sim/spectrum.ts). */
  private spectrumCharts(r: SimResult, theory: ConfigTheory) {
    const caption = this.captionOf(this.runs.find((x) => x.result === r)?.entryKey ?? null);
    return html`
      <div class="pair">
        <ds-chart-card heading="Singular values of the Jacobian" chart="spectrum-density" stem=${this.stem} .caption=${caption}>
          <span slot="description">
            J = ∂h_d/∂h_0 maps a small change of the input to the change it makes at depth d; its singular values σ say how much each
            direction is stretched. Dynamical isometry is every σ near 1 (log₁₀ σ = 0): a spread over decades means some directions
            explode while others vanish, even when their mean square holds. One colour per activation, solid the deepest J.
          </span>
          <ds-spectrum-density data-chart="spectrum-density" .result=${r}></ds-spectrum-density>
        </ds-chart-card>
        <ds-chart-card heading="Largest and smallest σ against depth" chart="spectrum-range" stem=${this.stem} .caption=${caption}>
          <span slot="description">
            σ_max (solid), the smallest σ above float32's rounding of J (dashed; below it σ counts as 0) and the root mean square of σ (dotted) at each depth asked for; the thin line is
            mean-field theory's root mean square √Π χ_l. The rms can sit on the theory while the extremes drift apart.
          </span>
          <ds-spectrum-range data-chart="spectrum-range" .result=${r} .theory=${theory}></ds-spectrum-range>
        </ds-chart-card>
      </div>
    `;
  }

  /** Each result on screen that carries a spectrum, with its runs' predictions. */
  private spectra(): { result: SimResult; theory: ConfigTheory }[] {
    const results = [...new Set(this.runs.map((r) => r.result))].filter((r) => r.runs.some((run) => run.spectrum));
    return results.map((result) => ({
      result,
      theory: Object.fromEntries(this.runs.filter((x) => x.result === result && x.theory).map((x) => [x.run.activation, x.theory!])),
    }));
  }

  private details(f: ShownRun) {
    const c = f.result.config;
    const seeds = seedCount(f.result);
    const theory = f.theory?.run;
    const own = this.captionOf(f.entryKey);
    return html`
      <section class="focus" aria-label="Details of one network">
        <ds-activation-picker .options=${this.runs.map(({ key, label, color }) => ({ key, label, color }))} .value=${f.key}></ds-activation-picker>
        ${seeds > 1 ? html`<p class="muted one-seed">The f′ and |δ| charts show one network: the first seed (${c.seed}) of the ${seeds}.</p>` : nothing}
        <div class="pair">
          <ds-chart-card heading=${`Order and chaos: ${f.label}`} chart="phase" stem=${this.stem} .caption=${own} .terms=${['edge', 'chi1', 'xi', 'q']}
            .unavailable=${this.phase.data ? null : 'the diagram is still being computed'}>
            <span slot="description">
              Mean-field theory for this activation: where its gradients vanish (blue) or explode (orange) as a function of the weight and
              bias variances. The ring is this network's σ_w², σ_b². Click a point (or use the arrow keys) to run this network there.
            </span>
            <ds-phase-diagram data-chart="phase" .data=${this.phase.data} ?loading=${this.phase.loading} .sigmaW2=${c.sigmaW2} .sigmaB2=${c.sigmaB2}
              .chi1=${theory?.chi1 ?? null} .note=${theory && !theory.gaussian ? theory.note ?? null : null}></ds-phase-diagram>
          </ds-chart-card>
          <ds-chart-card heading="The factors f′(s) per layer" chart="fprime" stem=${this.stem} .caption=${own} .terms=${['fprime', 'necrorelu']}>
            <span slot="description">
              Backward, each layer multiplies δ by f′(s). Bands show where the middle 50 % and 90 % of |f′| lie, the line their median;
              when they sit below the dotted line at 1, their product over many layers shrinks towards 0. For ReLU-like activations the
              chart shows instead the share of f′ that is exactly 0 in each layer.
            </span>
            <ds-fprime-chart data-chart="fprime" .result=${f.result} .activation=${f.run.activation} .label=${f.label} .color=${f.color}></ds-fprime-chart>
          </ds-chart-card>
        </div>
        <ds-chart-card heading="|δ| per layer and unit" chart="heatmap" stem=${this.stem} .caption=${own} .terms=${['delta', 'dead']}>
          <span slot="description">
            Every unit of every layer, coloured by |δ| (RMS over the batch) on a log scale: dark is small, yellow large.
            Vertical stripes show the decay layer by layer; horizontal streaks are units that stay quiet (dead) across layers.
          </span>
          <ds-heatmap data-chart="heatmap" .result=${f.result} .activation=${f.run.activation} .label=${f.label}></ds-heatmap>
        </ds-chart-card>
      </section>
    `;
  }

  override render() {
    const runs = this.runs;
    const focused = this.focused;
    return html`
      ${this.card('decay', 'Gradient decay across the layers', ['delta', 'deltaRms', 'meanField', 'float32', 'finiteWidth', 'seeds', 'pins'],
        html`<ds-decay-chart data-chart="decay" .runs=${runs}></ds-decay-chart>`,
        html`The size of δ at every layer: it starts near 1 at the output (right) and is multiplied by Wᵀ and f′ on its way to the
          input (left). Falling to the left is a vanishing gradient, rising an exploding one. Dashed: mean-field theory; hover for values.`)}
      ${this.card('summary', 'Key numbers', ['gain', 'dead', 'seeds'],
        html`<ds-summary data-chart="summary" .runs=${runs}></ds-summary>`,
        'δ at both ends of each network and the mean factor per layer between them (below 1: δ shrinks towards the input).')}
      <div class="pair">
        ${this.card('forward', 'Forward signal across the layers', ['preact', 'activationRms', 'q', 'meanField'],
          html`<ds-forward-chart data-chart="forward" .runs=${runs}></ds-forward-chart>`,
          'How large the signal going up is at every layer: the spread of the pre-activations s, or the size of the activations h. Dashed: mean-field theory (√q).')}
        ${this.card('weightgrad', 'Weight gradients at initialization', ['weightGrad', 'dead'],
          html`<ds-weight-grad-chart data-chart="weightgrad" .runs=${runs}></ds-weight-grad-chart>`,
          'How fast each layer would start to learn: the RMS of its weight gradient δ_l h_{l−1}ᵀ / batch. A layer that gets 0 never moves.')}
      </div>
      ${this.card('sparsity', 'Sparsity: zero activations and dead units', ['zeroFraction', 'dead', 'bornDead'],
        html`<ds-sparsity-chart data-chart="sparsity" .runs=${runs}></ds-sparsity-chart>`,
        html`Solid: the share of activations h that are exactly 0 in each layer (about half for ReLU). Dashed: the share of units
          that are 0 for every input of the batch, i.e. dead units that pass no gradient at all.`)}
      ${this.spectra().map(({ result, theory }) => this.spectrumCharts(result, theory))}
      ${focused ? this.details(focused) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-sim-charts': DsSimCharts;
  }
}
