/**
 * <ds-activation-chips>: the activation chips of both forms, one colour-coded checkbox per activation
 * of the registry and a parameter field for each chosen parametric one. Values and messages come
 * down as properties; every edit goes up as `chips-change` with the new ChipValues. It renders into
 * the form's own shadow root (no shadow root of its own), so the form's styles and its search for
 * the first invalid field reach the chips too.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { toggledActivation, type ChipKey, type ChipValues } from '../app/activation-chips';
import { activationColor } from '../app/palette';
import { ACTIVATIONS, findActivation } from '../sim/activations';
import { fieldError } from './form-fields';

@customElement('ds-activation-chips')
export class DsActivationChips extends LitElement {
  @property({ attribute: false }) values!: ChipValues;
  @property({ attribute: false }) errors: Partial<Record<ChipKey, string>> = {};
  /** Shown after the legend, e.g. "(choose one or more to compare)". */
  @property() hint = '';
  /** Prefix of the parameter fields' ids (`f-param-leaky-relu`). */
  @property({ attribute: 'id-prefix' }) idPrefix = 'f';
  /** Prefix of the messages' ids (`err-param-leaky-relu`, `err-activations`). */
  @property({ attribute: 'error-prefix' }) errorPrefix = 'err';
  /** The parameters are starting values: PReLU's slope is learned. */
  @property({ type: Boolean }) training = false;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private emit(values: ChipValues): void {
    this.dispatchEvent(new CustomEvent<ChipValues>('chips-change', { detail: values, bubbles: true, composed: true }));
  }

  private paramField(name: string) {
    const d = findActivation(name);
    if (!d?.param) return nothing;
    const v = this.values;
    const key: ChipKey = `param:${d.name}`;
    const invalid = !!this.errors[key];
    const errorId = `${this.errorPrefix}-param-${d.name}`;
    return html`<div class="field">
      <label for=${`${this.idPrefix}-param-${d.name}`}>${d.label} ${d.param.name === 'alpha' ? 'α' : d.param.name}${this.training && d.name === 'prelu' ? ' (at init)' : ''}</label>
      <input type="text" inputmode="decimal" id=${`${this.idPrefix}-param-${d.name}`} autocomplete="off"
        .value=${v.params[d.name] ?? String(d.param.default)}
        aria-invalid=${invalid ? 'true' : 'false'} aria-describedby=${invalid ? errorId : nothing}
        @input=${(e: Event) => this.emit({ ...v, params: { ...v.params, [d.name]: (e.target as HTMLInputElement).value } })} />
      ${fieldError(errorId, this.errors[key])}
    </div>`;
  }

  override render() {
    const v = this.values;
    if (!v) return nothing;
    const selected = new Set(v.activations);
    const withParams = v.activations.filter((n) => findActivation(n)?.param);
    return html`
      <fieldset>
        <legend>Activations ${this.hint ? html`<span class="muted">${this.hint}</span>` : nothing}</legend>
        <div class="chips" role="group" aria-label="Activations">
          ${ACTIVATIONS.map((a) => html`
            <label class="chip ${selected.has(a.name) ? 'on' : ''}" style=${`--chip: ${activationColor(a.name)}`} title=${a.summary}>
              <input type="checkbox" name="activation" value=${a.name} .checked=${selected.has(a.name)}
                @change=${(e: Event) => this.emit(toggledActivation(v, a.name, (e.target as HTMLInputElement).checked))} />
              <span class="dot" aria-hidden="true"></span>${a.label}
            </label>`)}
        </div>
        ${fieldError(`${this.errorPrefix}-activations`, this.errors.activations)}
        ${withParams.length ? html`<div class="params">${withParams.map((n) => this.paramField(n))}</div>` : nothing}
      </fieldset>
    `;
  }
}
