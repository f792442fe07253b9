/**
 * <ds-forward-chart>: the forward signal per layer, one line per network on screen: the standard
 * deviation of the pre-activations s_l (preactLog10, exact at any depth where the forward pass is
 * rescaled) or the RMS of the activations h_l = f(s_l), chosen with the switch above the plot. The
 * mean-field prediction is dashed: √q_l for s, √E[f(√q_l z)²] = √((q_{l+1} − σ_b²)/σ_w²) for h
 * (Poole et al. 2016), which the recursion q_{l+1} = σ_w² E[f(√q_l z)²] + σ_b² gives for every
 * layer but the output.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { ShownRun } from '../app/shown-runs';
import { LayerLogChart } from './layer-log-chart';
import { UPlotChart } from './uplot-chart';

export type ForwardStat = 'preact' | 'activation';

const STATS: Record<ForwardStat, { label: string; axis: string; title: string }> = {
  preact: { label: 'pre-activations s (std)', axis: 'std of s  (log scale)', title: 'Forward signal: standard deviation of s per layer' },
  activation: { label: 'activations h = f(s) (RMS)', axis: 'RMS of h  (log scale)', title: 'Forward signal: RMS of h per layer' },
};

@customElement('ds-forward-chart')
export class DsForwardChart extends LayerLogChart {
  static override styles = [
    ...UPlotChart.styles,
    css`
      .switch { display: flex; gap: 0.3rem 0.9rem; flex-wrap: wrap; font-size: 0.84rem; margin: 0 0 0.4rem; border: 0; padding: 0; }
      .switch label { display: inline-flex; gap: 0.3rem; align-items: center; cursor: pointer; }
      .note { margin: 0.35rem 0 0; font-size: 0.82rem; color: var(--ds-muted); }
    `,
  ];

  @state() stat: ForwardStat = 'preact';

  protected override dataChanged(changed: PropertyValues): boolean {
    return changed.has('runs') || changed.has('stat');
  }

  protected values({ run }: ShownRun): number[] {
    return this.stat === 'preact' ? run.layers.map((s) => s.preactLog10) : run.layers.map((s) => Math.log10(s.activationRms));
  }

  protected predicted({ theory, result }: ShownRun): number[] | null {
    if (!theory || theory.q.length !== result.config.depth) return null;
    const q = theory.q;
    if (this.stat === 'preact') return q.map((v) => Math.log10(v) / 2);
    const { sigmaW2, sigmaB2 } = result.config;
    if (!(sigmaW2 > 0)) return null;
    return q.map((_v, i) => (i + 1 < q.length ? Math.log10((q[i + 1] - sigmaB2) / sigmaW2) / 2 : NaN));
  }

  protected yLabel(): string {
    return STATS[this.stat].axis;
  }

  pngTitle(): string {
    return STATS[this.stat].title;
  }

  override render() {
    return html`
      <fieldset class="switch">
        <legend class="visually-hidden">Statistic of the forward pass</legend>
        ${(Object.keys(STATS) as ForwardStat[]).map((k) => html`<label>
          <input type="radio" name="forward-stat" value=${k} .checked=${this.stat === k} @change=${() => { this.stat = k; }} />${STATS[k].label}
        </label>`)}
      </fieldset>
      <div class="plot" role="img" aria-label=${`${STATS[this.stat].title}, one line per network; dashed: the mean-field prediction`}></div>
      ${this.runs.length ? '' : html`<p class="empty">Run a simulation to see the forward signal.</p>`}
      ${this.runs.some((r) => (r.result.seeds?.count ?? 1) > 1) ? html`<p class="note">With several seeds the lines are per-layer medians.</p>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-forward-chart': DsForwardChart;
  }
}
