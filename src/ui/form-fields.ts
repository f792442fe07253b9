/**
 * What the simulation and the training forms share: the field, chip and segmented-control styles,
 * a labelled text field with its validation message, the text fields of a view built from the
 * configuration table, a registry pick with its parameter, and a one-of choice as segments.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { FormErrors, FormTextField } from '../app/view-fields';

export const formStyles = css`
  :host { font-size: 0.9rem; }
  form { display: flex; flex-direction: column; gap: 1rem; }
  fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
  legend, .label { font-weight: 600; font-size: 0.82rem; letter-spacing: 0.02em; color: var(--ds-fg); margin-bottom: 0.35rem; padding: 0; }
  .hint { font-size: 0.78rem; color: var(--ds-muted); margin: 0.3rem 0 0; line-height: 1.4; }
  .chips { display: flex; flex-wrap: wrap; gap: 0.35rem; }
  .chip {
    display: inline-flex; align-items: center; gap: 0.35rem; padding: 0.22rem 0.6rem 0.22rem 0.45rem;
    border: 1px solid var(--ds-border); border-radius: 999px; cursor: pointer; user-select: none;
    background: var(--ds-surface-2); font-size: 0.83rem; position: relative;
  }
  .chip:hover { border-color: var(--ds-accent); }
  .chip.on { border-color: var(--chip); background: color-mix(in srgb, var(--chip) 14%, var(--ds-surface)); }
  .chip input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .chip:has(input:focus-visible) { outline: 2px solid var(--ds-focus); outline-offset: 2px; }
  .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; border: 2px solid var(--chip); flex: none; }
  .chip.on .dot { background: var(--chip); }
  .params { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.5rem; margin-top: 0.5rem; }
  .row { display: flex; gap: 0.5rem; }
  .row > * { flex: 1; }
  .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem 0.75rem; }
  .field { display: flex; flex-direction: column; gap: 0.2rem; min-width: 0; }
  .field label { font-size: 0.8rem; color: var(--ds-muted); }
  input[type='text'], select {
    font: inherit; color: var(--ds-fg); background: var(--ds-input-bg); border: 1px solid var(--ds-border);
    border-radius: 8px; padding: 0.38rem 0.5rem; width: 100%; min-width: 0;
  }
  input[type='text']:disabled { color: var(--ds-muted); background: var(--ds-surface-2); }
  input[aria-invalid='true'], select[aria-invalid='true'] { border-color: var(--ds-error-fg); box-shadow: 0 0 0 1px var(--ds-error-fg); }
  .err { color: var(--ds-error-fg); font-size: 0.78rem; margin: 0.1rem 0 0; line-height: 1.35; }
  .seg { display: flex; border: 1px solid var(--ds-border); border-radius: 8px; overflow: hidden; }
  .seg label { flex: 1; text-align: center; padding: 0.35rem 0.4rem; cursor: pointer; font-size: 0.83rem; position: relative; }
  .seg label + label { border-left: 1px solid var(--ds-border); }
  .seg input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .seg label:has(input:checked) { background: var(--ds-accent); color: var(--ds-on-accent); font-weight: 600; }
  .seg label:has(input:disabled) { opacity: 0.45; cursor: not-allowed; }
  .seg label:has(input:focus-visible) { outline: 2px solid var(--ds-focus); outline-offset: -2px; }
  .form-error { color: var(--ds-error-fg); font-size: 0.83rem; margin: 0; }
`;

/** A field's validation message (announced), or nothing when it is valid. */
export function fieldError(id: string, message: string | undefined) {
  return message ? html`<p class="err" id=${id} role="alert">${message}</p>` : nothing;
}

interface TextFieldOptions {
  /** The input's id and name. */
  id: string;
  name: string;
  label: string;
  value: string;
  /** Id of the validation message (aria-describedby while invalid). */
  errorId: string;
  error: string | undefined;
  onInput: (value: string) => void;
  disabled?: boolean;
  numeric?: boolean;
  hint?: string;
}

/** A labelled text input (numeric or decimal keyboard) with its validation message below. */
function textField(o: TextFieldOptions) {
  const invalid = !!o.error;
  return html`
    <div class="field">
      <label for=${o.id}>${o.label}</label>
      <input
        type="text"
        id=${o.id}
        name=${o.name}
        inputmode=${o.numeric ? 'numeric' : 'decimal'}
        autocomplete="off"
        spellcheck="false"
        .value=${o.value}
        ?disabled=${o.disabled ?? false}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby=${invalid ? o.errorId : nothing}
        title=${o.hint ?? nothing}
        @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
      />
      ${fieldError(o.errorId, o.error)}
    </div>
  `;
}

/** How a form shows one of its table fields, where the table's label and help line are not what it wants. */
export interface FieldLook {
  label?: string;
  hint?: string;
}

export interface TableFieldsOptions {
  /** The fields, in the order shown (view-fields.ts formTextFields). */
  fields: readonly FormTextField[];
  /** The form's values: each field's text under its id. */
  values: object;
  errors: FormErrors;
  /** Ids are `<idPrefix>-<field>`, messages `<errorPrefix>-<field>`. */
  idPrefix: string;
  errorPrefix: string;
  looks?: Partial<Record<string, FieldLook>>;
  /** Labels start with a capital (the table's are lower case, as messages use them). */
  capitalize?: boolean;
  /** A field that does not apply is left out, or shown disabled. */
  inapplicable: 'hide' | 'disable';
  onInput: (id: string, value: string) => void;
}

/** A text field per table field: its label, its keyboard, its message; a new table field needs no form code. */
export function tableTextFields(o: TableFieldsOptions) {
  return o.fields.filter((f) => f.applies || o.inapplicable === 'disable').map((f) => {
    const look = o.looks?.[f.id] ?? {};
    const label = look.label ?? (o.capitalize ? f.label.charAt(0).toUpperCase() + f.label.slice(1) : f.label);
    return textField({
      id: `${o.idPrefix}-${f.id}`, name: f.id, label, value: String((o.values as Record<string, unknown>)[f.id] ?? ''), errorId: `${o.errorPrefix}-${f.id}`,
      error: o.errors[f.id], numeric: f.integer, hint: look.hint ?? f.help, disabled: !f.applies, onInput: (value) => o.onInput(f.id, value),
    });
  });
}

export interface Segment {
  value: string;
  label: string;
  disabled?: boolean;
  title?: string;
}

/** A one-of choice as a row of segments (radio buttons named `name`), inside the caller's fieldset. */
export function segmented(name: string, segments: readonly Segment[], current: string, onPick: (value: string) => void) {
  return html`
    <div class="seg">
      ${segments.map((o) => html`
        <label title=${o.title ?? nothing}>
          <input type="radio" name=${name} value=${o.value} .checked=${current === o.value} ?disabled=${o.disabled ?? false}
            @change=${() => onPick(o.value)} />${o.label}
        </label>`)}
    </div>
  `;
}

export interface SpecFieldOptions {
  /** The select's id. */
  id: string;
  label: string;
  options: readonly { value: string; label: string }[];
  /** The chosen registry name. */
  value: string;
  /** The chosen entry's parameter as typed; null when it takes none. */
  param: string | null;
  paramLabel: string;
  errorId: string;
  error: string | undefined;
  hint?: string | TemplateResult;
  onPick: (value: string) => void;
  onParam: (text: string) => void;
}

/** A registry entry picked from a list (an init, a backward derivative), with a box for its parameter when it has one. */
export function specField(o: SpecFieldOptions) {
  const invalid = o.error ? 'true' : 'false';
  return html`
    <div class="field">
      <label for=${o.id}>${o.label}</label>
      <div class="row">
        <select id=${o.id} aria-invalid=${invalid} @change=${(e: Event) => o.onPick((e.target as HTMLSelectElement).value)}>
          ${o.options.map((x) => html`<option value=${x.value} ?selected=${o.value === x.value}>${x.label}</option>`)}
        </select>
        ${o.param === null
          ? nothing
          : html`<input type="text" inputmode="decimal" aria-label=${o.paramLabel} style="max-width: 5.5rem" .value=${o.param}
              aria-invalid=${invalid} @input=${(e: Event) => o.onParam((e.target as HTMLInputElement).value)} />`}
      </div>
      ${fieldError(o.errorId, o.error)}
      ${o.hint ? html`<p class="hint">${o.hint}</p>` : nothing}
    </div>
  `;
}

