/**
 * <ds-activation-picker>: picks the one activation the detail charts (heatmap, f′) show, as a
 * radio group of colour-coded chips. Fires `focus-change` with the activation spec.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { activationColor, activationLabel } from '../app/palette';
import { baseStyles } from './theme';

@customElement('ds-activation-picker')
export class DsActivationPicker extends LitElement {
  static override styles = [
    baseStyles,
    css`
      fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
      legend { float: left; margin-right: 0.5rem; font-weight: 600; font-size: 0.9rem; }
      label {
        display: inline-flex; align-items: center; gap: 0.35rem; cursor: pointer; position: relative;
        border: 1px solid var(--ds-border); border-radius: 999px; padding: 0.2rem 0.7rem 0.2rem 0.5rem; font-size: 0.85rem;
        background: var(--ds-surface);
      }
      label:has(input:checked) { border-color: var(--chip); background: color-mix(in srgb, var(--chip) 16%, var(--ds-surface)); font-weight: 600; }
      label:has(input:focus-visible) { outline: 2px solid var(--ds-focus); outline-offset: 2px; }
      input { position: absolute; opacity: 0; width: 1px; height: 1px; }
      .dot { width: 0.65rem; height: 0.65rem; border-radius: 50%; background: var(--chip); }
    `,
  ];

  @property({ attribute: false }) activations: string[] = [];
  @property() value: string | null = null;

  override render() {
    const current = this.activations.includes(this.value ?? '') ? this.value : this.activations[0];
    return html`
      <fieldset>
        <legend>Inside one activation:</legend>
        ${this.activations.map((a) => html`
          <label style=${`--chip: ${activationColor(a)}`}>
            <input type="radio" name="focus" value=${a} .checked=${a === current}
              @change=${() => this.dispatchEvent(new CustomEvent('focus-change', { detail: a, bubbles: true, composed: true }))} />
            <span class="dot" aria-hidden="true"></span>${activationLabel(a)}
          </label>`)}
      </fieldset>
    `;
  }
}
