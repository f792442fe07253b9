/**
 * <ds-activation-picker>: picks the one network the detail charts (phase diagram, f′, heatmap)
 * show, as a radio group of colour-coded chips. Fires `focus-change` with the option's key.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from './theme';

export interface PickerOption {
  key: string;
  label: string;
  color: string;
}

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

  @property({ attribute: false }) options: readonly PickerOption[] = [];
  @property() value: string | null = null;
  @property() legend = 'Inside one network:';

  override render() {
    const current = this.options.some((o) => o.key === this.value) ? this.value : this.options[0]?.key;
    return html`
      <fieldset>
        <legend>${this.legend}</legend>
        ${this.options.map((o) => html`
          <label style=${`--chip: ${o.color}`}>
            <input type="radio" name="focus" value=${o.key} .checked=${o.key === current}
              @change=${() => this.dispatchEvent(new CustomEvent('focus-change', { detail: o.key, bubbles: true, composed: true }))} />
            <span class="dot" aria-hidden="true"></span>${o.label}
          </label>`)}
      </fieldset>
    `;
  }
}
