/**
 * <ds-train-controls>: the training form. Values and validation messages come down as properties;
 * every edit goes up as `values-change` (the view validates it with normalizeTrainConfig). Its text
 * fields are the view's fields of the configuration table, grouped under Task, Network, Optimizer
 * and Run; a field no group names lands under "More settings".
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChipValues } from '../../app/activation-chips';
import { trainTextFields, type TrainFormValues } from '../../app/train/train-form';
import type { FormErrors, FormKey } from '../../app/view-fields';
import type { FieldId } from '../../sim/config-fields';
import { INITS, findInit } from '../../sim/inits';
import { TASK_INFO } from '../../sim/train/tasks';
import { OPTIMIZER_NAMES, TASK_NAMES } from '../../sim/train/train-config';
import '../ds-activation-chips';
import { fieldError, formStyles, segmented, tableTextFields, type FieldLook } from '../form-fields';
import { baseStyles } from '../theme';

const OPTIMIZER_LABELS: Record<string, string> = { sgd: 'SGD', momentum: 'momentum', adam: 'Adam' };

type Group = 'task' | 'network' | 'optimizer' | 'run';
/** The text fields each group shows, in table order; the others are "More settings". */
const GROUPS: Record<Group, readonly FieldId[]> = {
  task: ['classes', 'noise'],
  network: ['sigmaW2', 'depth', 'width'],
  optimizer: ['lr', 'momentum', 'weightDecay', 'batchSize'],
  run: ['steps', 'every', 'seed'],
};
const GROUPED = new Set(Object.values(GROUPS).flat());

/** The labels and hints this form gives its table fields (the others are the table's, capitalized). */
const LOOKS: Partial<Record<FieldId, FieldLook>> = {
  classes: { label: 'Classes k' },
  noise: { label: 'Input noise (std)' },
  depth: { label: 'Hidden layers (depth)' },
  momentum: { label: 'Momentum μ', hint: 'the momentum μ of the update' },
  weightDecay: { label: 'Weight decay λ' },
  every: { label: 'Checkpoint every k', hint: 'Statistics over the whole training set every k steps' },
  biasInit: { label: 'Bias mean at init', hint: 'Hidden biases start at N(mean, σ_b²); a negative mean drives ReLU units dead' },
};

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

  /** The text fields of one group that apply to the current settings. */
  private texts(group: Group | 'more') {
    const fields = trainTextFields(this.values).filter((f) => (group === 'more' ? !GROUPED.has(f.id) : GROUPS[group].includes(f.id)));
    return tableTextFields({
      fields, values: this.values, errors: this.errors, idPrefix: 't', errorPrefix: 'terr', looks: LOOKS, capitalize: true,
      inapplicable: 'hide', onInput: (id, value) => this.emit({ [id]: value } as Partial<TrainFormValues>),
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
          ${this.texts('task')}
        </div>
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
          ${this.texts('network')}
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
        ${segmented('optimizer', OPTIMIZER_NAMES.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] })), v.optimizer,
          (optimizer) => this.emit({ optimizer }))}
        ${this.err('optimizer')}
        <div class="grid" style="margin-top: 0.6rem">${this.texts('optimizer')}</div>
      </fieldset>
    `;
  }

  private runFields() {
    return html`
      <fieldset>
        <legend>Run</legend>
        <div class="grid3">${this.texts('run')}</div>
        <p class="hint">Every k steps the statistics are measured over the whole training set: a point on each chart.</p>
      </fieldset>
    `;
  }

  private moreFields() {
    return html`
      <details>
        <summary>More settings</summary>
        <div class="grid">${this.texts('more')}</div>
      </details>
    `;
  }

  private engineField() {
    const v = this.values;
    return html`
      <fieldset>
        <legend>Engine</legend>
        ${segmented('engine', [
          {
            value: 'webgpu', label: 'WebGPU', disabled: !this.gpuAvailable,
            title: this.gpuAvailable ? 'Weights stay on the GPU for the whole run' : 'WebGPU is not available here',
          },
          { value: 'cpu', label: 'CPU (worker)' },
        ], this.gpuAvailable ? v.engine : 'cpu', (engine) => this.emit({ engine: engine as TrainFormValues['engine'] }))}
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
