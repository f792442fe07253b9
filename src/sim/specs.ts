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

/** An activation paired with the activation whose f′ its backward pass uses (the --backward override, or its own). */
export interface ActivationPair extends ActivationRef {
  derivative: ActivationRef;
}

/**
 * One group of a layer's units: an activation on a contiguous share of the layer (`relu+tanh` gives
 * each half), with the derivative its backward pass uses.
 */
export interface ActivationPart extends ActivationPair {
  /** The fraction of the layer's units in this group; the parts' shares sum to 1. */
  share: number;
}

/**
 * One compared network's activation: a single function (one part of share 1) or a mixed layer whose
 * units fall into contiguous groups, one per part, in order (`relu@0.75+tanh@0.25`).
 */
export interface RunActivation {
  /** Canonical spec: `relu`, `leaky-relu:0.2`, `relu+tanh`, `relu@0.75+tanh@0.25`. */
  spec: string;
  parts: ActivationPart[];
}

/** A network's activation as written, before the backward derivative is paired with it. */
export interface MixedActivation {
  spec: string;
  parts: (ActivationRef & { share: number })[];
}

/** A mixed layer has at most this many groups (the kernels carry each group's activation in their uniforms). */
export const MAX_PARTS = 4;

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

/** True when two networks' activations are the same: the same functions on the same shares of units. */
export function sameMix(a: MixedActivation, b: MixedActivation): boolean {
  return a.parts.length === b.parts.length && a.parts.every((p, i) => sameActivation(p, b.parts[i]) && p.share === b.parts[i].share);
}

/**
 * Parses one network's activation: `name[:value]`, or a mixed layer of up to MAX_PARTS such specs
 * joined by `+` (a space also separates them, which is what `+` reads as in a URL query), each with
 * an optional `@share` of the units: all parts give one (positive, summing to 1) or none does (equal
 * shares). The canonical spec leaves equal shares out.
 */
export function parseMixedActivation(text: string): MixedActivation {
  const written = text.trim().split(/\s*\+\s*|\s+/);
  if (written.length > MAX_PARTS) throw new ConfigError(`a mixed layer has at most ${MAX_PARTS} parts (got ${written.length} in '${text.trim()}')`);
  const pieces = written.map((w) => {
    const at = w.split('@');
    if (at.length > 2 || at[0] === '') throw new ConfigError(`malformed mixed layer '${text.trim()}': write name[:value][@share] joined by +`);
    const share = at.length === 2 ? Number(at[1]) : undefined;
    if (share !== undefined && (at[1].trim() === '' || !(share > 0 && share <= 1))) {
      throw new ConfigError(`the share in '${w}' must be a number above 0 up to 1`);
    }
    return { ref: parseActivation(at[0]), share };
  });
  if (pieces.length === 1) {
    if (pieces[0].share !== undefined && pieces[0].share !== 1) throw new ConfigError(`a single activation takes all the units (got '${text.trim()}')`);
    const ref = pieces[0].ref;
    return { spec: ref.spec, parts: [{ ...ref, share: 1 }] };
  }
  const given = pieces.filter((p) => p.share !== undefined).length;
  if (given !== 0 && given !== pieces.length) throw new ConfigError(`give every part of '${text.trim()}' a share, or none (equal shares)`);
  const total = pieces.reduce((sum, p) => sum + (p.share ?? 0), 0);
  if (given > 0 && Math.abs(total - 1) > 1e-9) throw new ConfigError(`the shares of '${text.trim()}' sum to ${formatNumber(total)}, not 1`);
  pieces.forEach((p, i) => {
    if (pieces.findIndex((q) => sameActivation(q.ref, p.ref)) !== i) throw new ConfigError(`'${text.trim()}' lists ${p.ref.spec} twice`);
  });
  const shares = pieces.map((p) => p.share ?? 1 / pieces.length);
  const equal = shares.every((s) => s === shares[0]);
  const spec = pieces.map((p, i) => (equal ? p.ref.spec : `${p.ref.spec}@${formatNumber(shares[i])}`)).join('+');
  return { spec, parts: pieces.map((p, i) => ({ ...p.ref, share: shares[i] })) };
}

/** `activation` paired with the derivative its backward pass uses (`backward`, or its own). */
export function withDerivative(activation: ActivationRef, backward: ActivationRef | null): ActivationPair {
  const { spec, name, id, param } = activation;
  return { spec, name, id, param, derivative: backward ?? { spec, name, id, param } };
}

/** Every part of a network's activation paired with the derivative its backward pass uses. */
export function withDerivatives(mix: MixedActivation, backward: ActivationRef | null): RunActivation {
  return { spec: mix.spec, parts: mix.parts.map((p) => ({ ...withDerivative(p, backward), share: p.share })) };
}

/** A RunActivation from specs, for callers that start from text (tests, scripts). */
export function runActivation(spec: string, backward: string | null = null): RunActivation {
  return withDerivatives(parseMixedActivation(spec), backward === null ? null : parseActivation(backward));
}

/** The derivatives a network's backward pass uses, written like its spec (`relu+tanh`, or `leaky-relu:0.1+leaky-relu:0.1` under --backward). */
export function derivativeSpec(run: RunActivation): string {
  if (run.parts.length === 1) return run.parts[0].derivative.spec;
  const equal = run.parts.every((p) => p.share === run.parts[0].share);
  return run.parts.map((p) => (equal ? p.derivative.spec : `${p.derivative.spec}@${formatNumber(p.share)}`)).join('+');
}

/**
 * The units of each part in a layer of `width` units: part k holds [start_k, start_{k+1}) with
 * start_k = round(width · (share_0 + … + share_{k−1})). A narrow layer may leave a part no unit.
 */
export function partRanges(run: RunActivation, width: number): { start: number; end: number }[] {
  let cum = 0;
  return run.parts.map((p, k) => {
    const start = Math.round(width * cum);
    cum += p.share;
    const end = k === run.parts.length - 1 ? width : Math.round(width * cum);
    return { start, end };
  });
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
