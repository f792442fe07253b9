/**
 * <ds-train-summary>: the latest checkpoint of each network in one table: loss and accuracy on
 * both splits, dead hidden units, and how many units came back to life after being dead.
 */
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatFraction, formatValue } from '../../app/chart-data';
import { activationColor, activationLabel } from '../../app/palette';
import type { TrainRun } from '../../app/train/train-controller';
import { baseStyles, tableStyles } from '../theme';

@customElement('ds-train-summary')
export class DsTrainSummary extends LitElement {
  static override styles = [baseStyles, tableStyles];

  @property({ attribute: false }) runs: readonly TrainRun[] = [];

  override render() {
    if (!this.runs.length) return html``;
    const classification = this.runs[0].config.task !== 'teacher';
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
          ${this.runs.map((run) => {
            const c = run.checkpoints[run.checkpoints.length - 1];
            const hidden = c?.layers.filter((s) => s.kind !== 'head') ?? [];
            const dead = hidden.reduce((a, s) => a + s.deadUnits, 0);
            const units = hidden.reduce((a, s) => a + s.units, 0);
            return html`<tr>
              <th scope="row"><span class="dot" style=${`--dot: ${activationColor(run.activation)}`}></span>${activationLabel(run.activation)}</th>
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
