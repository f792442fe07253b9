/**
 * <ds-summary>: the key numbers of the last run, one row per activation: δ at the output and at
 * layer 1, the mean factor per layer between them, and the share of dead units.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatValue } from '../app/chart-data';
import { activationColor, activationLabel } from '../app/palette';
import { perLayerGain } from '../sim/format';
import type { RunResult, SimResult } from '../sim/stats';
import { baseStyles, tableStyles } from './theme';

function verdict(run: RunResult): string {
  const first = run.layers[0]?.deltaRms;
  const last = run.layers[run.layers.length - 1]?.deltaRms;
  if (first === undefined || last === undefined) return '';
  if (Number.isNaN(first)) return 'NaN';
  if (first === Infinity) return 'explodes (Inf)';
  if (first === 0) return 'vanishes (underflow)';
  const ratio = first / last;
  if (ratio < 1e-3) return 'vanishes';
  if (ratio > 1e3) return 'explodes';
  return 'holds';
}

@customElement('ds-summary')
export class DsSummary extends LitElement {
  static override styles = [
    baseStyles,
    tableStyles,
    css`
      .pill { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-size: 0.78rem; border: 1px solid var(--ds-border); }
      .vanishes { background: var(--ds-warn-bg); border-color: var(--ds-warn-border); }
      .explodes, .NaN { background: var(--ds-error-bg); border-color: var(--ds-error-border); }
      .holds { background: var(--ds-ok-bg); border-color: var(--ds-ok-border); }
      .seeds { margin: 0 0 0.4rem; font-size: 0.82rem; color: var(--ds-muted); }
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
            <th scope="col">dead units (mean)</th>
            <th scope="col">gradient</th>
          </tr>
        </thead>
        <tbody>
          ${r.runs.map((run) => {
            const v = verdict(run);
            const dead = run.layers.reduce((a, s) => a + s.deadFraction, 0) / Math.max(1, run.layers.length);
            return html`<tr data-activation=${run.activation}>
              <td><span class="dot" style=${`--dot: ${activationColor(run.activation)}`}></span>${activationLabel(run.activation)}</td>
              <td>${formatValue(run.layers[run.layers.length - 1]?.deltaRms)}</td>
              <td>${formatValue(run.layers[0]?.deltaRms)}</td>
              <td>${r.config.depth > 1 && Number.isFinite(perLayerGain(run)) ? `× ${formatValue(perLayerGain(run))}` : '–'}</td>
              <td>${(dead * 100).toFixed(1)} %</td>
              <td><span class="pill ${v.split(' ')[0]}">${v}</span></td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }
}
