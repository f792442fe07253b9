/**
 * <ds-summary>: the key numbers of the last run, one row per activation: δ at the output and at
 * layer 1, the mean factor per layer and the total gain between them, the share of dead units, and
 * the badge those numbers earn, with the rule under the table (src/sim/gain.ts).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatLog10, formatValue } from '../app/chart-data';
import { activationColor, activationLabel } from '../app/palette';
import { BADGE_RULE, gradientBadge, runGain } from '../sim/gain';
import type { SimResult } from '../sim/stats';
import { baseStyles, tableStyles } from './theme';

@customElement('ds-summary')
export class DsSummary extends LitElement {
  static override styles = [
    baseStyles,
    tableStyles,
    css`
      .pill { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-size: 0.78rem; border: 1px solid var(--ds-border); }
      .vanishes, .zero { background: var(--ds-warn-bg); border-color: var(--ds-warn-border); }
      .grows { background: var(--ds-warn-bg); border-color: var(--ds-warn-border); }
      .explodes, .nan { background: var(--ds-error-bg); border-color: var(--ds-error-border); }
      .holds { background: var(--ds-ok-bg); border-color: var(--ds-ok-border); }
      .seeds { margin: 0 0 0.4rem; font-size: 0.82rem; color: var(--ds-muted); }
      .help { margin: 0.4rem 0 0; font-size: 0.8rem; color: var(--ds-muted); }
    `,
  ];

  @property({ attribute: false }) result: SimResult | null = null;

  override render() {
    const r = this.result;
    if (!r) return html``;
    const seeds = r.seeds && r.seeds.count > 1 ? r.seeds : null;
    return html`
      ${seeds ? html`<p class="seeds" id="summary-seeds">Each number is the median of ${seeds.count} seeds (${seeds.first}…${seeds.first + seeds.count - 1}) at that layer.</p>` : ''}
      <table>
        <caption class="visually-hidden">Key numbers per activation${seeds ? `, median of ${seeds.count} seeds` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">activation</th>
            <th scope="col">δ RMS at the output (layer ${r.config.depth})</th>
            <th scope="col">δ RMS at layer 1</th>
            <th scope="col">factor per layer</th>
            <th scope="col">total gain</th>
            <th scope="col">dead units (mean)</th>
            <th scope="col">gradient</th>
          </tr>
        </thead>
        <tbody>
          ${r.runs.map((run) => {
            const badge = gradientBadge(run);
            const gain = runGain(run);
            const dead = run.layers.reduce((a, s) => a + s.deadFraction, 0) / Math.max(1, run.layers.length);
            return html`<tr data-activation=${run.activation}>
              <td><span class="dot" style=${`--dot: ${activationColor(run.activation)}`}></span>${activationLabel(run.activation)}</td>
              <td>${formatLog10(run.layers[run.layers.length - 1]?.deltaLog10)}</td>
              <td>${formatLog10(run.layers[0]?.deltaLog10)}</td>
              <td>${gain ? `× ${formatValue(gain.perLayer)}` : '–'}</td>
              <td>${gain ? `× ${formatLog10(gain.totalLog10, 3)}` : '–'}</td>
              <td>${(dead * 100).toFixed(1)} %</td>
              <td><span class="pill ${badge.kind}" data-badge=${badge.kind}>${badge.text}</span></td>
            </tr>`;
          })}
        </tbody>
      </table>
      <p class="help" id="badge-help">${BADGE_RULE}</p>
    `;
  }
}
