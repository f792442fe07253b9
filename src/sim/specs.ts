/**
 * Activation and init specs, the strings of the edges (`leaky-relu:0.2`, `orthogonal:1.5`), resolved
 * against the registries into plain data: ids and numbers, never functions, so a normalized config
 * crosses postMessage and Puppeteer's page.evaluate unchanged. Behaviour is looked up by id
 * (`activationDef` in activations.ts).
 */
import { ACTIVATION_NAMES, findActivation } from './activations';
import { ConfigError } from './config-error';
import { INIT_NAMES, findInit, type InitSpec } from './inits';

/** An activation resolved against the registry. */
export interface ActivationRef {
  /** Canonical spec: the registry name, with `:value` when a parameter was written (`leaky-relu:0.2`). */
  spec: string;
  name: string;
  /** Registry id: ACTIVATIONS[id], and the kernels' activation switch. */
  id: number;
  /** The parameter value (the default when not written; 0 for activations without one). */
  param: number;
}

/** One compared network's activation, with the activation whose f′ its backward pass uses. */
export interface RunActivation extends ActivationRef {
  /** The --backward override, or the activation itself. */
  derivative: ActivationRef;
}

/** An init resolved against the registry: its distribution family and parameter (orthogonal: gain; custom: σ_w²). */
export interface InitRef extends InitSpec {
  /** Canonical spec: `he-normal`, `orthogonal:1.5`, `custom`. */
  spec: string;
}

function formatNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}

function splitSpec(spec: string, what: string): { name: string; value?: number } {
  const parts = spec.trim().split(':');
  if (parts.length > 2 || parts[0] === '') throw new ConfigError(`malformed ${what} '${spec}': write name or name:value`);
  const name = parts[0].toLowerCase();
  if (parts.length === 1) return { name };
  const raw = parts[1].trim();
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) {
    throw new ConfigError(`malformed ${what} parameter in '${spec}': '${raw}' is not a number`);
  }
  return { name, value };
}

/** Parses `name` or `name:value` into an ActivationRef, or throws ConfigError. */
export function parseActivation(spec: string): ActivationRef {
  const { name, value } = splitSpec(spec, 'activation');
  const def = findActivation(name);
  if (!def) throw new ConfigError(`unknown activation '${name}' (valid: ${ACTIVATION_NAMES.join(', ')})`);
  if (value === undefined) return { spec: def.name, name: def.name, id: def.id, param: def.param?.default ?? 0 };
  if (!def.param) throw new ConfigError(`activation '${def.name}' takes no parameter (got '${spec}')`);
  const { min, max, name: pname } = def.param;
  if (value < min || value > max) {
    throw new ConfigError(`${def.name} ${pname} must be between ${min} and ${max} (got ${value})`);
  }
  return { spec: `${def.name}:${formatNumber(value)}`, name: def.name, id: def.id, param: value };
}

/** True when two refs compute the same function (`leaky-relu` and `leaky-relu:0.01` do). */
export function sameActivation(a: ActivationRef, b: ActivationRef): boolean {
  return a.id === b.id && a.param === b.param;
}

/** `activation` paired with the derivative its backward pass uses (`backward`, or its own). */
export function withDerivative(activation: ActivationRef, backward: ActivationRef | null): RunActivation {
  const { spec, name, id, param } = activation;
  return { spec, name, id, param, derivative: backward ?? { spec, name, id, param } };
}

/** A RunActivation from specs, for callers that start from text (tests, scripts). */
export function runActivation(spec: string, backward: string | null = null): RunActivation {
  return withDerivative(parseActivation(spec), backward === null ? null : parseActivation(backward));
}

/**
 * Parses an init spec. `custom` takes its variance from σ_w² (`sigmaW2`, 1 when absent), never
 * from `custom:value`.
 */
export function parseInit(spec: string, sigmaW2?: number): InitRef {
  const { name, value } = splitSpec(spec, 'init');
  const def = findInit(name);
  if (!def) throw new ConfigError(`unknown init '${name}' (valid: ${INIT_NAMES.join(', ')})`);
  if (def.name === 'custom') {
    if (value !== undefined) throw new ConfigError(`write the custom init's variance as --sigma-w2, not '${spec}'`);
    return { name: 'custom', param: sigmaW2 ?? 1, spec: 'custom' };
  }
  if (value === undefined) return { name: def.name, param: def.param?.default, spec: def.name };
  if (!def.param) throw new ConfigError(`init '${def.name}' takes no parameter (got '${spec}')`);
  if (value < def.param.min || value > def.param.max) {
    throw new ConfigError(`${def.name} ${def.param.name} must be between ${def.param.min} and ${def.param.max} (got ${value})`);
  }
  return { name: def.name, param: value, spec: `${def.name}:${formatNumber(value)}` };
}
