/**
 * What the two views (the Initialization and the Training tab) share about their settings, built
 * from the configuration table: which fields they carry and under which URL keys, what their forms
 * call them, and the one rule that checks them, from a URL as from a form: every given field alone
 * (with the fields its validity depends on), then all together.
 */
import { ConfigError } from '../sim/config-error';
import { fieldText, fieldsOf, type FieldId, type UsedField, type ViewFieldIdsOf } from '../sim/config-fields';
import { count, integer, type FieldInput } from '../sim/field-kinds';
import type { ChipKey } from './activation-chips';

export type ViewCommand = 'sim' | 'train';

/** The settings of a view as text (URL values, form fields), by field id. */
export type ViewRaw = Partial<Record<FieldId, FieldInput>>;

/** A form's text boxes: every field of its view but those with controls of their own (`Own`). */
export type FormTexts<C extends ViewCommand, Own extends FieldId> = Record<Exclude<ViewFieldIdsOf<C>, Own>, string>;

/** Where a form shows a message: beside a field, or a chip's parameter (`param:<name>`). */
export type FormKey = FieldId | ChipKey;
export type FormErrors = Partial<Record<FormKey, string>>;

/** The fields a view carries in its URL and form, in table order. */
export function viewFields(command: ViewCommand): UsedField[] {
  return fieldsOf(command).filter(({ field, use }) => field.url !== undefined && use.view !== false);
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Flag → label replacements of a view's messages (ConfigError speaks the command line's flags):
 * `--flag` anywhere; a hyphenated flag (`batch-size`, no English word) anywhere; a one-word flag
 * (`lr`, `every`) only where it starts the message, where it is the field's name.
 */
export function labelTable(command: ViewCommand): [RegExp, string][] {
  return viewFields(command).flatMap(({ field }): [RegExp, string][] => {
    const label = field.label ?? field.flag;
    const flag = escape(field.flag);
    return [[new RegExp(`--${flag}\\b`, 'g'), label], [new RegExp(field.flag.includes('-') ? `\\b${flag}\\b` : `^${flag}\\b`, 'g'), label]];
  });
}

/** A message as the view's form says it: its labels instead of the flags. */
export function labelled(command: ViewCommand, message: string): string {
  return labelTable(command).reduce((m, [re, label]) => m.replace(re, label), message);
}

/** An error's message as the view shows it (a ConfigError's in the view's labels). */
export function viewMessage(command: ViewCommand, err: unknown): string {
  if (err instanceof ConfigError) return labelled(command, err.message);
  return err instanceof Error ? err.message : String(err);
}

/** Whether a field applies with these settings (σ_w² only to the custom init, …; see `when` in the table). */
export function applies(entry: UsedField, values: Readonly<Record<string, unknown>>): boolean {
  const when = entry.field.when;
  if (!when) return true;
  const other = values[when.field];
  const text = typeof other === 'string' ? other : fieldText(when.field as FieldId, other);
  return ([] as string[]).concat(when.is).includes(text.trim().toLowerCase());
}

export interface FieldCheck<T> {
  /** The view's settings, when every field passed and so did all together. */
  value: T | null;
  /** One message per field that failed alone. */
  errors: Partial<Record<FieldId, string>>;
  /** The message when each field passed alone but not all together. */
  error: string | null;
}

/**
 * The one rule by which a view checks its settings. Every given field is checked alone (with the
 * fields of its `context` that passed, so a batch size is checked against the training-set size
 * given beside it), each failure a message on that field; when all passed, they are checked
 * together. `check` is the view's gate: it throws ConfigError (or any Error) on a bad value.
 */
export function checkFields<T>(command: ViewCommand, given: ViewRaw, check: (raw: ViewRaw) => T): FieldCheck<T> {
  const fields = viewFields(command);
  const contexts = new Set(fields.flatMap(({ field }) => field.context ?? []));
  const order = [...fields.filter(({ id }) => contexts.has(id)), ...fields.filter(({ id }) => !contexts.has(id))];
  const errors: Partial<Record<FieldId, string>> = {};
  const passed = new Set<string>();
  for (const { id, field } of order) {
    if (given[id] === undefined) continue;
    const alone: ViewRaw = { [id]: given[id] };
    for (const dep of field.context ?? []) if (passed.has(dep)) alone[dep as FieldId] = given[dep as FieldId];
    try {
      check(alone);
      passed.add(id);
    } catch (err) {
      errors[id] = viewMessage(command, err);
    }
  }
  if (Object.keys(errors).length > 0) return { value: null, errors, error: null };
  try {
    return { value: check(given), errors, error: null };
  } catch (err) {
    return { value: null, errors, error: viewMessage(command, err) };
  }
}

/** The one line a view shows for a URL parameter it drops. */
export function ignored(key: string, value: string, reason: string): string {
  return `URL parameter ${key}=${value} ignored: ${reason}`;
}

export interface DecodedFields<T> {
  value: T;
  /** One line per parameter dropped (and one if the rest did not fit together). */
  problems: string[];
  /** True when the URL named any of the view's fields. */
  named: boolean;
}

/**
 * A view's settings from its URL keys (`prefix` + the table's key). Decoding never throws: an
 * invalid parameter is dropped with a one-line message and its default used; when the rest still
 * fails together, the whole configuration is dropped with one line (`what` names it) for the defaults.
 */
export function decodeFields<T>(command: ViewCommand, params: URLSearchParams, prefix: string, check: (raw: ViewRaw) => T, what: string): DecodedFields<T> {
  const given: ViewRaw = {};
  const fields = viewFields(command);
  const problems: string[] = [];
  for (const { id, field } of fields) {
    const key = `${prefix}${field.url}`;
    const values = params.getAll(key);
    // A key given twice is ambiguous, as a repeated flag is on the command line: both are dropped.
    if (values.length > 1) problems.push(ignored(key, values.join(' and '), `${field.url} is given ${values.length} times; give it once`));
    else if (values.length === 1) given[id] = values[0];
  }
  const result = checkFields(command, given, check);
  for (const { id, field } of fields) {
    const message = result.errors[id];
    if (message !== undefined) {
      problems.push(ignored(`${prefix}${field.url}`, String(given[id]), message));
      delete given[id];
    }
  }
  const named = fields.some(({ field }) => params.has(`${prefix}${field.url}`));
  if (result.value !== null) return { value: result.value, problems, named };
  let error = result.error;
  if (error === null) {
    try {
      return { value: check(given), problems, named };
    } catch (err) {
      error = viewMessage(command, err);
    }
  }
  problems.push(`URL ${what} ignored: ${error}`);
  return { value: check({}), problems, named };
}

/**
 * The URL parameters of a view's settings (`values` by field id, resolved or as text), in table
 * order: a field that does not apply is left out, and so is a quiet one at its default.
 */
export function encodeFields(command: ViewCommand, values: Readonly<Record<string, unknown>>, prefix: string): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of viewFields(command)) {
    const { id, field, use } = entry;
    if (!applies(entry, values)) continue;
    const text = typeof values[id] === 'string' ? (values[id] as string) : fieldText(id, values[id]);
    if (text === '' || (field.quiet && text === fieldText(id, use.default))) continue;
    out.push([`${prefix}${field.url}`, text]);
  }
  return out;
}

/** A text box of a view's form, as the table describes its field. */
export interface FormTextField {
  id: FieldId;
  /** What the form's messages call the field. */
  label: string;
  /** The field's help line. */
  help: string;
  /** Whole numbers (a numeric keyboard). */
  integer: boolean;
  /** False while another field's value makes this one irrelevant (`when` in the table). */
  applies: boolean;
}

/**
 * The text boxes of a view's form, in table order: every field it carries but those with controls of
 * their own (`own`), so a field added to the table shows up in the form without touching it.
 */
export function formTextFields(command: ViewCommand, own: readonly FieldId[], values: object): FormTextField[] {
  return viewFields(command).filter(({ id }) => !own.includes(id)).map((entry) => ({
    id: entry.id,
    label: entry.field.label ?? entry.field.flag,
    help: entry.use.help,
    integer: entry.field.kind === integer || entry.field.kind === count,
    applies: applies(entry, values as Readonly<Record<string, unknown>>),
  }));
}

/** The text of a form's text boxes for these settings (`own`: the fields with controls of their own). */
export function formTexts<C extends ViewCommand, Own extends FieldId>(command: C, own: readonly Own[], values: Readonly<Record<string, unknown>>): FormTexts<C, Own> {
  const out: Record<string, string> = {};
  for (const { id } of viewFields(command)) if (!(own as readonly FieldId[]).includes(id)) out[id] = fieldText(id, values[id]);
  return out as FormTexts<C, Own>;
}

/** A query string with commas, colons and `!` (pins.ts) unescaped: legal in a query, and far easier to read. */
export function queryText(params: URLSearchParams): string {
  return params.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%21/g, '!');
}
