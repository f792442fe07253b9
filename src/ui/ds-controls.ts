/**
 * <ds-controls>: the simulation form. It holds no state of its own beyond what it is given:
 * `values` and the validation messages come down as properties; every edit goes up as a
 * `values-change` event, and Run / Cancel as `run-request` / `cancel-request` (Run while a field
 * is refused focuses that field instead). Its text fields are the view's fields of the
 * configuration table; this file only gives some of them their own label or hint.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatValue } from '../app/chart-data';
import type { ChipValues } from '../app/activation-chips';
import { MAX_APP_SEEDS, simTextFields, type FormValues } from '../app/form-state';
import type { FormErrors } from '../app/view-fields';
import { ACTIVATIONS, findActivation } from '../sim/activations';
import { FIELDS } from '../sim/config-fields';
import { INITS, findInit } from '../sim/inits';
import type { Progress } from '../sim/stats';
import './ds-activation-chips';
import { fieldError, formStyles, segmented, specField, tableTextFields, type FieldLook, type Segment } from './form-fields';
import { baseStyles } from './theme';

@customElement('ds-controls')
export class DsControls extends LitElement {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      .actions { display: flex; gap: 0.5rem; align-items: center; }
      .actions .primary { flex: 1; padding: 0.55rem 1rem; font-size: 0.95rem; }
      .progress { display: flex; flex-direction: column; gap: 0.3rem; }
      progress { width: 100%; height: 0.5rem; accent-color: var(--ds-accent); }
      .check { display: flex; gap: 0.5rem; align-items: baseline; font-size: 0.9rem; }
    `,
  ];

  @property({ attribute: false }) values!: FormValues;
  @property({ attribute: false }) errors: FormErrors = {};
  @property() formError: string | null = null;
  /** σ_w² implied by a named init, shown in the disabled σ_w² field. */
  @property({ type: Number }) impliedSigmaW2: number | null = null;
  @property({ type: Boolean }) gpuAvailable = false;
  @property({ type: Boolean }) running = false;
  @property({ attribute: false }) progress: Progress | null = null;

  private emit(patch: Partial<FormValues>): void {
    const values = { ...this.values, ...patch };
    this.dispatchEvent(new CustomEvent<FormValues>('values-change', { detail: values, bubbles: true, composed: true }));
  }

  private submit(event: Event): void {
    event.preventDefault();
    if (this.running) return;
    const invalid = this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else this.dispatchEvent(new CustomEvent('run-request', { bubbles: true, composed: true }));
  }

  /** The labels and hints this form gives its table fields (others show the table's). */
  private looks(custom: boolean): Partial<Record<keyof FormValues, FieldLook>> {
    return {
      sigmaW2: {
        label: 'σ_w² (weights)',
        hint: custom ? 'fan-in × variance of the weights' : 'Set by the initialization; choose "custom σ_w²" to edit',
      },
      sigmaB2: { label: 'σ_b² (biases)', hint: 'variance of the biases' },
      residual: { label: 'residual α', hint: 'h_l = h_{l−1} + α·f(s_l); 0: plain; auto: α = 1/√depth' },
      depth: { label: 'depth (layers)', hint: `${FIELDS.depth.sim.min} to ${FIELDS.depth.sim.max} layers` },
      width: { label: 'width (units)', hint: 'units per layer' },
      batch: { label: 'batch (inputs)' },
      seeds: {
        label: 'seeds (1 = off)',
        hint: `Run seeds seed … seed + N − 1 (up to ${MAX_APP_SEEDS}) and chart the median with 25–75 % and 10–90 % bands`,
      },
    };
  }

  private activationChips() {
    const { activations, params } = this.values;
    return html`<ds-activation-chips .values=${{ activations, params }} .errors=${this.errors} hint="(choose one or more to compare)"
      id-prefix="f" error-prefix="err" @chips-change=${(e: CustomEvent<ChipValues>) => this.emit(e.detail)}></ds-activation-chips>`;
  }

  /** Mixed layers compared beside the chips' networks: contiguous groups of units, one per activation. */
  private mixesField() {
    const error = this.errors.mixes;
    return html`
      <div class="field">
        <label for="f-mixes">Mixed layers <span class="hint">(optional, comma separated)</span></label>
        <input id="f-mixes" type="text" spellcheck="false" placeholder="relu+tanh, relu@0.75+tanh@0.25" .value=${this.values.mixes}
          aria-invalid=${error ? 'true' : 'false'} aria-describedby="err-mixes"
          @input=${(e: Event) => this.emit({ mixes: (e.target as HTMLInputElement).value })} />
        ${fieldError('err-mixes', error)}
        <p class="hint">Each layer's units split into groups, one per activation: equal groups, or the shares after @.</p>
      </div>
    `;
  }

  private backwardField() {
    const v = this.values;
    const def = v.backward ? findActivation(v.backward) : undefined;
    return specField({
      id: 'f-backward', label: 'Backward derivative', value: v.backward,
      options: [{ value: '', label: "each activation's own f′" }, ...ACTIVATIONS.map((a) => ({ value: a.name, label: `f′ of ${a.label}` }))],
      param: def?.param ? v.backwardParam : null, paramLabel: `${def?.label} ${def?.param?.name} for the backward pass`,
      errorId: 'err-backward', error: this.errors.backward,
      hint: 'Use another derivative on the way back, e.g. ReLU forward with a leaky f′ backward.',
      onPick: (name) => {
        const d = findActivation(name);
        this.emit({ backward: name, backwardParam: d?.param ? String(d.param.default) : '' });
      },
      onParam: (backwardParam) => this.emit({ backwardParam }),
    });
  }

  private initField() {
    const v = this.values;
    const def = findInit(v.init);
    return specField({
      id: 'f-init', label: 'Weight initialization', value: v.init, options: INITS.map((i) => ({ value: i.name, label: i.label })),
      param: def?.param ? v.initParam : null, paramLabel: `${def?.label} ${def?.param?.name}`,
      errorId: 'err-init', error: this.errors.init, hint: def?.summary,
      onPick: (init) => {
        const patch: Partial<FormValues> = { init };
        const param = findInit(init)?.param;
        if (param && v.initParam === '') patch.initParam = String(param.default);
        if (init === 'custom' && this.impliedSigmaW2 !== null) patch.sigmaW2 = String(this.impliedSigmaW2);
        this.emit(patch);
      },
      onParam: (initParam) => this.emit({ initParam }),
    });
  }

  private choice(name: string, label: string, segments: Segment[], current: string, onPick: (value: string) => void) {
    return html`<fieldset><legend class="label">${label}</legend>${segmented(name, segments, current, onPick)}</fieldset>`;
  }

  override render() {
    const v = this.values;
    if (!v) return nothing;
    const custom = v.init === 'custom';
    const p = this.progress;
    return html`
      <form @submit=${this.submit} novalidate aria-label="Simulation settings">
        ${this.activationChips()}
        ${this.mixesField()}
        ${this.initField()}
        <div class="grid">
          ${tableTextFields({
            fields: simTextFields(v), values: v, errors: this.errors, idPrefix: 'f', errorPrefix: 'err', looks: this.looks(custom),
            inapplicable: 'disable', onInput: (id, value) => this.emit({ [id]: value } as Partial<FormValues>),
          })}
        </div>
        ${Number(v.seeds) > 1 && !this.errors.seeds
          ? html`<p class="hint" style="margin-top: -0.6rem">Runs ${v.seeds} networks one after another; the charts show medians and bands over them.</p>`
          : nothing}
        ${!custom && this.impliedSigmaW2 !== null
          ? html`<p class="hint" style="margin-top: -0.6rem">This init gives σ_w² = ${formatValue(this.impliedSigmaW2)}.</p>`
          : nothing}
        ${this.choice('norm', 'Normalization s = N(u)', [
          { value: 'none', label: 'none' },
          { value: 'layer', label: 'LayerNorm', title: 'each example normalized over its units' },
          { value: 'batch', label: 'BatchNorm', title: 'each unit normalized over the batch' },
        ], v.norm, (norm) => this.emit({ norm }))}
        ${fieldError('err-norm', this.errors.norm)}
        ${this.backwardField()}
        ${this.choice('top', 'Gradient at the output', [
          { value: 'random', label: 'random δ ~ N(0,1)' },
          { value: 'mse', label: 'MSE loss' },
        ], v.top, (top) => this.emit({ top }))}
        <label class="check">
          <input type="checkbox" id="f-spectrum" .checked=${v.spectrum === 'true'} @change=${(e: Event) => this.emit({ spectrum: String((e.target as HTMLInputElement).checked) })}>
          Jacobian spectrum: the singular values of J = ∂h_d/∂h_0 (one SVD per depth: slow beyond width 256 on the CPU)
        </label>
        ${this.errors.spectrum ? html`<p class="form-error" id="err-spectrum">${this.errors.spectrum}</p>` : nothing}
        ${this.choice('engine', 'Engine', [
          { value: 'webgpu', label: 'WebGPU', disabled: !this.gpuAvailable },
          { value: 'cpu', label: 'CPU (worker)' },
        ], this.gpuAvailable ? v.engine : 'cpu', (engine) => this.emit({ engine: engine as FormValues['engine'] }))}
        ${this.formError ? html`<p class="form-error" role="alert" id="form-error">${this.formError}</p>` : nothing}
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this.running} id="run">${this.running ? 'Running…' : 'Run simulation'}</button>
          ${this.running
            ? html`<button type="button" id="cancel" @click=${() => this.dispatchEvent(new CustomEvent('cancel-request', { bubbles: true, composed: true }))}>Cancel</button>`
            : nothing}
        </div>
        ${this.running && p
          ? html`<div class="progress" aria-live="polite">
              <progress max="1" .value=${p.fraction} aria-label="Simulation progress"></progress>
              <span class="hint">${Math.round(p.fraction * 100)} % · ${p.message}</span>
            </div>`
          : nothing}
      </form>
    `;
  }
}
