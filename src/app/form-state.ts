/**
 * The Initialization view's settings: the form's raw values (strings, as typed), and the one gate
 * they and the URL pass (`checkSimView`: normalizeConfig plus the seeds the app runs), checked by the
 * views' one rule (view-fields.ts), so the form cannot accept what the engines would refuse.
 */
import { activationDef } from '../sim/activations';
import { checkSeedRange, normalizeConfig, type SimConfig } from '../sim/config';
import { FIELDS, readField, type FieldId } from '../sim/config-fields';
import { MemoryError } from '../sim/memory';
import { parseMixedActivation } from '../sim/specs';
import { chipSpec, chipSpecs, chipValues, type ChipValues } from './activation-chips';
import {
  applies, checkFields, formTextFields, formTexts, labelled, viewFields, viewMessage, type FormErrors, type FormTextField, type FormTexts,
  type ViewRaw,
} from './view-fields';

export type EngineChoice = 'webgpu' | 'cpu';

/** The view's fields with controls of their own; every other one is a text box holding its value as typed. */
const OWN_CONTROLS = ['activations', 'backward', 'init', 'top', 'norm', 'spectrum'] as const;

/** The form's values, as typed: σ_w², σ_b², depth, width, batch, seed, seeds (1 = off) … as text. */
export type FormValues = ChipValues & FormTexts<'sim', (typeof OWN_CONTROLS)[number]> & {
  /** Mixed layers compared after the chips' networks, as typed: `relu+tanh, relu@0.75+tanh@0.25`. */
  mixes: string;
  /** '' = each activation's own derivative. */
  backward: string;
  backwardParam: string;
  init: string;
  /** The orthogonal gain, as typed. */
  initParam: string;
  top: string;
  /** none, layer or batch. */
  norm: string;
  /** The Jacobian spectrum's checkbox, as text ('true' or 'false'). */
  spectrum: string;
  engine: EngineChoice;
};

/** The form's text boxes (σ_w², σ_b², depth, …), each as the table describes it. */
export function simTextFields(v: FormValues): FormTextField[] {
  return formTextFields('sim', OWN_CONTROLS, v);
}

export interface Validated {
  config: SimConfig | null;
  /** How many seeds to run (1 = a single run); meaningful when config is not null. */
  seeds: number;
  errors: FormErrors;
  /** A message that belongs to no single field (e.g. the engine's memory check). */
  formError: string | null;
}

/**
 * What the view adds to the command line's defaults: the weight gradients, which it always charts.
 * (A first visit opens the classic lesson, a guided scenario: src/sim/scenarios.ts.)
 */
const VIEW_BASE = { weightGrads: true } as const;

/** The app runs at most this many seeds at once (the command line allows more). */
export const MAX_APP_SEEDS = FIELDS.seeds.sim.viewMax;

export interface SimViewSettings {
  config: SimConfig;
  seeds: number;
}

/**
 * The view's gate, for the URL and the form alike: the configuration (what the view does not give
 * is the command line's default) and the seed count, at most MAX_APP_SEEDS and within the seed range.
 */
export function checkSimView(raw: ViewRaw): SimViewSettings {
  const config = normalizeConfig({ ...VIEW_BASE, ...raw });
  const seeds = readField('sim', 'seeds', raw.seeds, { max: MAX_APP_SEEDS });
  checkSeedRange(config.seed, seeds, config.spectrum);
  return { config, seeds };
}

export const APP_DEFAULT_CONFIG: SimConfig = checkSimView({}).config;

export function formFromConfig(config: SimConfig, engine: EngineChoice, seeds = 1): FormValues {
  const back = config.backward;
  return {
    ...chipValues(config.activations.filter((a) => a.parts.length === 1).map((a) => a.parts[0])),
    mixes: config.activations.filter((a) => a.parts.length > 1).map((a) => a.spec).join(', '),
    ...formTexts('sim', OWN_CONTROLS, { ...config, seeds }),
    backward: back?.name ?? '',
    backwardParam: back && activationDef(back).param ? String(back.param) : '',
    init: config.init.name,
    initParam: config.init.name === 'orthogonal' ? String(config.init.param ?? 1) : '',
    top: config.top,
    norm: config.norm,
    spectrum: String(config.spectrum),
    engine,
  };
}

/** The view's settings the form describes, as text by field id (only the fields that apply). */
function rawFromForm(v: FormValues, specs: readonly string[]): ViewRaw {
  const texts: Record<string, unknown> = {
    ...v,
    activations: specs.length > 0 ? specs.join(',') : undefined,
    backward: v.backward === '' ? undefined : chipSpec(v.backward, v.backwardParam),
    init: v.init === 'orthogonal' ? `orthogonal:${v.initParam.trim()}` : v.init,
  };
  const raw: ViewRaw = {};
  for (const entry of viewFields('sim')) {
    const text = texts[entry.id];
    if (typeof text === 'string' && applies(entry, texts)) raw[entry.id] = text;
  }
  return raw;
}

/** The mixed layers typed in the form, comma separated: their canonical specs, or the first one's message. */
function mixSpecs(text: string): { specs: string[]; error: string | null } {
  try {
    return { specs: text.split(',').map((t) => t.trim()).filter((t) => t !== '').map((t) => parseMixedActivation(t).spec), error: null };
  } catch (err) {
    return { specs: [], error: viewMessage('sim', err) };
  }
}

/**
 * Each field alone, so each message sits beside its field, then the whole configuration, then the
 * engine's own check (`fits`, which throws ConfigError when the run does not fit the device; a
 * MemoryError is shown beside the size it names first).
 */
export function validateForm(v: FormValues, fits?: (config: SimConfig) => void): Validated {
  const chips = chipSpecs(v, (m) => labelled('sim', m));
  const mixes = mixSpecs(v.mixes);
  if (mixes.error === null && mixes.specs.length > 0) delete chips.errors.activations;
  const checked = checkFields('sim', rawFromForm(v, [...chips.specs, ...mixes.specs]), checkSimView);
  const errors: FormErrors = { ...checked.errors, ...chips.errors, ...(mixes.error === null ? {} : { mixes: mixes.error }) };
  const seeds = checked.value?.seeds ?? 1;
  if (Object.keys(errors).length > 0 || !checked.value) return { config: null, seeds, errors, formError: checked.error };
  const { config } = checked.value;
  if (fits) {
    try {
      fits(config);
    } catch (err) {
      // A memory refusal sits beside the size that would shrink its largest part.
      const field = err instanceof MemoryError ? err.fields.find((f) => viewFields('sim').some(({ id }) => id === f)) as FieldId | undefined : undefined;
      if (field) return { config: null, seeds, errors: { ...errors, [field]: viewMessage('sim', err) }, formError: null };
      return { config: null, seeds, errors, formError: viewMessage('sim', err) };
    }
  }
  return { config, seeds, errors, formError: null };
}
