/**
 * <ds-train-summary>: the latest checkpoint of each network in one table: loss and accuracy on
 * both splits, dead hidden units, and how many units came back to life after being dead (with a
 * seed sweep, of each network's first seed).
 */
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatFraction, formatValue } from '../../app/chart-data';
import type { TrainNetwork } from '../../app/train/train-labels';
import { baseStyles, tableStyles } from '../theme';

@customElement('ds-train-summary')
export class DsTrainSummary extends LitElement {
  static override styles = [baseStyles, tableStyles];

  @property({ attribute: false }) networks: readonly TrainNetwork[] = [];

  override render() {
    if (!this.networks.length) return html``;
    const classification = this.networks.every((n) => n.run.config.task !== 'teacher');
    return html`
      <table>
        <caption class="visually-hidden">Latest checkpoint of each network</caption>
        <thead><tr>
          <th scope="col">network</th><th scope="col">step</th>
          <th scope="col">train loss</th><th scope="col">test loss</th>
          ${classification ? html`<th scope="col">train acc.</th><th scope="col">test acc.</th>` : ''}
          <th scope="col" title="Hidden and input-layer units that output 0 for every training example">dead units</th>
          <th scope="col" title="Units that were dead at one checkpoint and alive at a later one">revived</th>
        </tr></thead>
        <tbody>
          ${this.networks.map(({ run, label, color }) => {
            const c = run.checkpoints[run.checkpoints.length - 1];
            const hidden = c?.layers.filter((s) => s.kind !== 'head') ?? [];
            const dead = hidden.reduce((a, s) => a + s.deadUnits, 0);
            const units = hidden.reduce((a, s) => a + s.units, 0);
            return html`<tr>
              <th scope="row"><span class="dot" style=${`--dot: ${color}`}></span>${label}${run.seedCheckpoints.length > 1 ? html` <span class="muted">(seed ${run.config.seed})</span>` : ''}</th>
              <td>${c?.step ?? 0}</td>
              <td>${formatValue(c?.train.loss, 3)}</td><td>${formatValue(c?.test.loss, 3)}</td>
              ${classification ? html`<td>${formatFraction(c?.train.accuracy)}</td><td>${formatFraction(c?.test.accuracy)}</td>` : ''}
              <td>${dead} / ${units}</td>
              <td>${c?.revivedUnits ?? 0}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    `;
  }
}
