/**
 * The activation chips both forms show: the chosen names in order and each parametric one's
 * parameter as typed; here turned into specs (with per-parameter messages) and back.
 */
import { activationDef, findActivation } from '../sim/activations';
import { ConfigError } from '../sim/config-error';
import { parseActivation, type ActivationRef } from '../sim/specs';

export interface ChipValues {
  /** Chosen activation names, in the order chosen. */
  activations: string[];
  /** Parameter text per activation name (only for those with a parameter). */
  params: Record<string, string>;
}

/** A chip's message key: the parameter field of a parametric activation, else the chips (or the mixed layers' field). */
export type ChipKey = 'activations' | 'mixes' | `param:${string}`;

/**
 * The spec a chip describes. The default parameter is written as the bare name, as the CLI and the
 * URL write it; an emptied parameter field is refused like `leaky-relu:` on the command line.
 */
export function chipSpec(name: string, param: string | undefined): string {
  const def = findActivation(name);
  if (!def?.param || param === undefined) return name;
  return param.trim() !== '' && Number(param) === def.param.default ? name : `${name}:${param.trim()}`;
}

/** The chips' specs in order (those that parse), with one message per bad parameter. */
export function chipSpecs(v: ChipValues, labelled: (message: string) => string): { specs: string[]; errors: Partial<Record<ChipKey, string>> } {
  const specs: string[] = [];
  const errors: Partial<Record<ChipKey, string>> = {};
  if (v.activations.length === 0) errors.activations = 'choose at least one activation';
  for (const name of v.activations) {
    try {
      specs.push(parseActivation(chipSpec(name, v.params[name])).spec);
    } catch (err) {
      const key: ChipKey = findActivation(name)?.param ? `param:${name}` : 'activations';
      errors[key] = err instanceof ConfigError ? labelled(err.message) : String(err);
    }
  }
  return { specs, errors };
}

/** The chips that show these activations. */
export function chipValues(refs: readonly ActivationRef[]): ChipValues {
  const params: Record<string, string> = {};
  const activations = refs.map((a) => {
    if (activationDef(a).param) params[a.name] = String(a.param);
    return a.name;
  });
  return { activations, params };
}

/** The selection after ticking (or unticking) one chip; a newly ticked parametric one gets its default. */
export function toggledActivation(values: Readonly<ChipValues>, name: string, on: boolean): ChipValues {
  const activations = values.activations.filter((a) => a !== name);
  if (on) activations.push(name);
  const params = { ...values.params };
  const def = findActivation(name);
  if (on && def?.param && params[name] === undefined) params[name] = String(def.param.default);
  return { activations, params };
}
