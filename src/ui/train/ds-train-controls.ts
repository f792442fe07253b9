/**
 * <ds-train-controls>: the training form. Values and validation messages come down as properties;
 * every edit goes up as `values-change` (the view validates it with normalizeTrainConfig).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChipValues } from '../../app/activation-chips';
import type { TrainFormValues } from '../../app/train/train-form';
import type { FormErrors, FormKey } from '../../app/view-fields';
import { INITS, findInit } from '../../sim/inits';
import { TASK_INFO } from '../../sim/train/tasks';
import { OPTIMIZER_NAMES, TASK_NAMES } from '../../sim/train/train-config';
import '../ds-activation-chips';
import { fieldError, formStyles, textField } from '../form-fields';
import { baseStyles } from '../theme';

type TextKey = Exclude<keyof TrainFormValues, 'activations' | 'params' | 'engine' | 'task' | 'init' | 'optimizer'>;

const OPTIMIZER_LABELS: Record<string, string> = { sgd: 'SGD', momentum: 'momentum', adam: 'Adam' };

@customElement('ds-train-controls')
export class DsTrainControls extends LitElement {
  static override styles = [
    baseStyles,
    formStyles,
    css`
      .grid3 { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 0.6rem 0.6rem; }
      details summary { cursor: pointer; font-weight: 600; font-size: 0.82rem; }
      details[open] summary { margin-bottom: 0.5rem; }
      @media (max-width: 640px) { .grid3 { grid-template-columns: 1fr 1fr; } }
    `,
  ];

  @property({ attribute: false }) values!: TrainFormValues;
  @property({ attribute: false }) errors: FormErrors = {};
  @property() formError: string | null = null;
  @property({ type: Boolean }) gpuAvailable = true;

  private emit(patch: Partial<TrainFormValues>): void {
    this.dispatchEvent(new CustomEvent<TrainFormValues>('values-change', { detail: { ...this.values, ...patch }, bubbles: true, composed: true }));
  }

  private err(key: FormKey) {
    return fieldError(`terr-${key.replace(':', '-')}`, this.errors[key]);
  }

  private text(key: TextKey, label: string, opts: { numeric?: boolean; hint?: string } = {}) {
    return textField({
      id: `t-${key}`, name: key, label, value: this.values[key], errorId: `terr-${key}`, error: this.errors[key],
      onInput: (value) => this.emit({ [key]: value }), ...opts,
    });
  }

  private taskFields() {
    const v = this.values;
    const info = TASK_INFO[v.task as keyof typeof TASK_INFO];
    return html`
      <fieldset>
        <legend>Task</legend>
        <div class="grid">
          <div class="field">
            <label for="t-task">Data set</label>
            <select id="t-task" aria-invalid=${this.errors.task ? 'true' : 'false'}
              @change=${(e: Event) => this.emit({ task: (e.target as HTMLSelectElement).value })}>
              ${TASK_NAMES.map((t) => html`<option value=${t} ?selected=${v.task === t}>${TASK_INFO[t].label}</option>`)}
            </select>
            ${this.err('task')}
          </div>
          ${v.task === 'gaussians' ? this.text('classes', 'Classes k', { numeric: true }) : this.text('noise', 'Input noise (std)')}
        </div>
        ${v.task === 'gaussians' ? html`<div class="grid" style="margin-top: 0.6rem">${this.text('noise', 'Input noise (std)')}</div>` : nothing}
        ${info ? html`<p class="hint">${info.summary}</p>` : nothing}
      </fieldset>
    `;
  }

  private activationChips() {
    const { activations, params } = this.values;
    return html`<ds-activation-chips .values=${{ activations, params }} .errors=${this.errors} hint="(one network each, trained side by side)"
      id-prefix="t" error-prefix="terr" training @chips-change=${(e: CustomEvent<ChipValues>) => this.emit(e.detail)}></ds-activation-chips>`;
  }

  private networkFields() {
    const v = this.values;
    const initName = v.init.split(':')[0];
    const def = findInit(initName);
    return html`
      <fieldset>
        <legend>Network</legend>
        <div class="grid">
          <div class="field">
            <label for="t-init">Weight init</label>
            <select id="t-init" aria-invalid=${this.errors.init ? 'true' : 'false'}
              @change=${(e: Event) => this.emit({ init: (e.target as HTMLSelectElement).value })}>
              ${INITS.map((i) => html`<option value=${i.name} ?selected=${initName === i.name}>${i.label}</option>`)}
            </select>
            ${this.err('init')}
          </div>
          ${initName === 'custom' ? this.text('sigmaW2', 'σ_w²') : html`<div></div>`}
          ${this.text('depth', 'Hidden layers (depth)', { numeric: true })}
          ${this.text('width', 'Width', { numeric: true })}
        </div>
        ${def ? html`<p class="hint">${def.summary} An input layer (2 → width) and a linear head (width → outputs) surround the hidden layers.</p>` : nothing}
      </fieldset>
    `;
  }

  private optimizerFields() {
    const v = this.values;
    return html`
      <fieldset>
        <legend>Optimizer</legend>
        <div class="seg" role="radiogroup" aria-label="Optimizer">
          ${OPTIMIZER_NAMES.map((o) => html`<label><input type="radio" name="optimizer" value=${o} .checked=${v.optimizer === o}
            @change=${() => this.emit({ optimizer: o })} />${OPTIMIZER_LABELS[o]}</label>`)}
        </div>
        ${this.err('optimizer')}
        <div class="grid" style="margin-top: 0.6rem">
          ${this.text('lr', 'Learning rate')}
          ${v.optimizer === 'momentum' ? this.text('momentum', 'Momentum μ') : this.text('weightDecay', 'Weight decay λ')}
          ${this.text('batchSize', 'Batch size', { numeric: true })}
          ${v.optimizer === 'momentum' ? this.text('weightDecay', 'Weight decay λ') : nothing}
        </div>
      </fieldset>
    `;
  }

  private runFields() {
    return html`
      <fieldset>
        <legend>Run</legend>
        <div class="grid3">
          ${this.text('steps', 'Steps', { numeric: true })}
          ${this.text('every', 'Checkpoint every k', { numeric: true, hint: 'Statistics over the whole training set every k steps' })}
          ${this.text('seed', 'Seed', { numeric: true })}
        </div>
        <p class="hint">Every k steps the statistics are measured over the whole training set: a point on each chart.</p>
      </fieldset>
    `;
  }

  private moreFields() {
    return html`
      <details>
        <summary>More settings</summary>
        <div class="grid">
          ${this.text('biasInit', 'Bias mean at init', { hint: 'Hidden biases start at N(mean, σ_b²); a negative mean drives ReLU units dead' })}
          ${this.text('sigmaB2', 'σ_b²')}
          ${this.text('trainSize', 'Training examples', { numeric: true })}
          ${this.text('testSize', 'Test examples', { numeric: true })}
        </div>
      </details>
    `;
  }

  private engineField() {
    const v = this.values;
    return html`
      <fieldset>
        <legend>Engine</legend>
        <div class="seg" role="radiogroup" aria-label="Engine">
          <label title=${this.gpuAvailable ? 'Weights stay on the GPU for the whole run' : 'WebGPU is not available here'}>
            <input type="radio" name="engine" value="webgpu" .checked=${v.engine === 'webgpu'} ?disabled=${!this.gpuAvailable}
              @change=${() => this.emit({ engine: 'webgpu' })} />WebGPU</label>
          <label><input type="radio" name="engine" value="cpu" .checked=${v.engine === 'cpu' || !this.gpuAvailable}
              @change=${() => this.emit({ engine: 'cpu' })} />CPU (worker)</label>
        </div>
      </fieldset>
    `;
  }

  override render() {
    if (!this.values) return nothing;
    return html`
      <form @submit=${(e: Event) => e.preventDefault()} novalidate>
        ${this.taskFields()}
        ${this.activationChips()}
        ${this.networkFields()}
        ${this.optimizerFields()}
        ${this.runFields()}
        ${this.moreFields()}
        ${this.engineField()}
        ${this.formError ? html`<p class="form-error" role="alert" id="t-form-error">${this.formError}</p>` : nothing}
      </form>
    `;
  }
}
