/**
 * How a configuration field's value is written and read: one parser per kind of value (integer,
 * number, choice, activation list, init spec, file, …), shared by every field of that kind. Each
 * refuses bad input, the empty string included, with a one-line ConfigError that names the field.
 */
import { ConfigError } from './config-error';
import { parseActivation, parseInit, parseMixedActivation, sameMix, type ActivationRef, type InitRef, type MixedActivation } from './specs';

/** What an edge hands a field: text (CLI, URL, form), a number or a list from code, a switch. */
export type FieldInput = string | number | boolean | readonly string[];

/** Per command: the range (or the choices) a value must lie in. */
export interface Limits {
  min?: number;
  max?: number;
  /** The minimum itself is refused (a learning rate above 0). */
  aboveMin?: boolean;
  choices?: readonly string[];
}

export interface Kind<V> {
  /** The placeholder --help shows (N, X, LIST, …); absent for a switch. */
  readonly arg?: string;
  /** The value, or a ConfigError naming the field `name`. */
  parse(input: FieldInput, name: string, limits: Limits): V;
  /** The value as the JSON output writes it. */
  json(value: V): unknown;
  /** The value as one piece of text: the URL and the defaults in --help. '' for none. */
  text(value: V): string;
}

const shown = (input: FieldInput): string => (Array.isArray(input) ? input.join(',') : String(input));

/** The number typed; −0 is 0 (it would print as "0" and then read back as another value). */
function toNumber(input: FieldInput): number {
  const n = typeof input === 'number' ? input : typeof input === 'string' && input.trim() !== '' ? Number(input) : NaN;
  return n === 0 ? 0 : n;
}

function scalar<V extends string | number | boolean>(parse: Kind<V>['parse'], arg?: string): Kind<V> {
  return { arg, parse, json: (v) => v, text: (v) => String(v) };
}

/** An integer in [min, max]. */
export const integer: Kind<number> = scalar((input, name, { min = -Infinity, max = Infinity }) => {
  const n = toNumber(input);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got '${shown(input)}')`);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max} (got ${n})`);
  return n;
}, 'N');

/** An integer in [min, max], refused with one message whatever is wrong (a count the user types). */
export const count: Kind<number> = scalar((input, name, { min = 0, max = Infinity }) => {
  const n = toNumber(input);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got '${shown(input)}')`);
  return n;
}, 'N');

/** A finite number in [min, max] (or (min, max] with aboveMin). */
export const real: Kind<number> = scalar((input, name, { min = -Infinity, max = Infinity, aboveMin = false }) => {
  const n = toNumber(input);
  if (!Number.isFinite(n) || n > max || (aboveMin ? n <= min : n < min)) {
    throw new ConfigError(`${name} must be a number ${aboveMin ? `above ${min} up to` : `between ${min} and`} ${max} (got '${shown(input)}')`);
  }
  return n;
}, 'X');

/** One of `choices`, case-insensitive; a use may allow fewer (its limits' choices). */
export function choice<T extends string>(choices: readonly T[]): Kind<T> {
  const kind = scalar<T>((input, name, limits) => {
    const allowed = limits.choices ?? choices;
    const v = shown(input).trim().toLowerCase();
    if (!allowed.includes(v)) {
      throw new ConfigError(`unknown ${name.replace(/^--/, '')} '${shown(input)}' (${name} must be one of ${allowed.join(', ')})`);
    }
    return v as T;
  });
  return { ...kind, arg: choices.join('|') };
}

/** Some of `choices`, comma separated, each once (the benchmark's engines). */
export function choiceList<T extends string>(choices: readonly T[]): Kind<readonly T[]> {
  const one = choice(choices);
  return {
    arg: 'LIST',
    parse: (input, name, limits) => {
      const parts = (Array.isArray(input) ? input : shown(input).split(',')).map((s) => String(s).trim()).filter((s) => s !== '');
      if (parts.length === 0) throw new ConfigError(`${name} needs at least one of ${choices.join(', ')}`);
      const values = parts.map((p) => one.parse(p, name, limits));
      const twice = values.find((v, i) => values.indexOf(v) !== i);
      if (twice !== undefined) throw new ConfigError(`${name} lists '${twice}' twice`);
      return values;
    },
    json: (v) => v,
    text: (v) => v.join(','),
  };
}

/** A switch: on when given. */
export const flag: Kind<boolean> = scalar((input, name) => {
  if (typeof input === 'boolean') return input;
  const v = shown(input).trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(`${name} is a switch: true or false (got '${shown(input)}')`);
});

/** A file path (the output); text, never empty. */
export const file: Kind<string | null> = {
  arg: 'FILE',
  parse: (input, name) => {
    const path = shown(input);
    if (path.trim() === '') throw new ConfigError(`${name} needs a file name (got an empty one)`);
    return path;
  },
  json: (v) => v,
  text: (v) => v ?? '',
};

/** Positive integers separated by commas (the benchmark's grids). */
export const integerList: Kind<readonly number[]> = {
  arg: 'LIST',
  parse: (input, name, { min = 1 }) => {
    const parts = Array.isArray(input) ? input : shown(input).split(',');
    const xs = parts.map((s) => toNumber(String(s).trim()));
    if (xs.length === 0 || xs.some((x) => !Number.isInteger(x) || x < min)) {
      throw new ConfigError(`${name} needs integers ≥ ${min} separated by commas (got '${shown(input)}')`);
    }
    return xs;
  },
  json: (v) => v,
  text: (v) => v.join(','),
};

/** One activation spec (`leaky-relu:0.2`); a mixed layer is refused (the simulation's list takes those). */
export const activation: Kind<ActivationRef> = {
  arg: 'SPEC',
  parse: (input) => {
    const text = shown(input);
    if (text.includes(',')) throw new ConfigError(`give one activation (got '${text}'); run once per activation to compare`);
    if (text.trim().split(/\s*\+\s*|\s+/).length > 1) throw new ConfigError(`mixed layers like '${text.trim()}' are simulated, not trained: give one activation`);
    return parseActivation(text);
  },
  json: (v) => v.spec,
  text: (v) => v.spec,
};

/**
 * Networks' activations separated by commas, each one activation or a mixed layer (`relu+tanh`,
 * `relu@0.75+tanh@0.25`), each network once (compared as resolved, so `leaky-relu,leaky-relu:0.01`
 * is refused, and so is `relu+tanh,relu@0.5+tanh@0.5`).
 */
export const activationList: Kind<readonly MixedActivation[]> = {
  arg: 'LIST',
  parse: (input) => {
    const given = (Array.isArray(input) ? input : shown(input).split(',')).map((s) => String(s).trim()).filter((s) => s !== '');
    if (given.length === 0) throw new ConfigError('give at least one activation');
    const mixes = given.map(parseMixedActivation);
    if (mixes.some((a, i) => mixes.findIndex((b) => sameMix(a, b)) !== i)) {
      throw new ConfigError(`activation listed twice in '${given.join(',')}'`);
    }
    return mixes;
  },
  json: (v) => v.map((a) => a.spec),
  text: (v) => v.map((a) => a.spec).join(','),
};

/** The activation whose f′ the backward pass uses; `none` for each network's own. */
export const backwardSpec: Kind<ActivationRef | null> = {
  arg: 'SPEC',
  parse: (input) => (shown(input).trim().toLowerCase() === 'none' ? null : parseActivation(shown(input))),
  json: (v) => v?.spec ?? null,
  text: (v) => v?.spec ?? '',
};

/** An init spec (`he-normal`, `orthogonal:1.5`); custom's σ_w² is its own field. */
export const initSpec: Kind<InitRef> = {
  arg: 'NAME',
  parse: (input) => parseInit(shown(input)),
  json: (v) => v.spec,
  text: (v) => v.spec,
};

/** The word `word` (case-insensitive), or a value of `kind`: `--residual auto` or `--residual 0.5`. */
export function orWord<W extends string, V>(word: W, kind: Kind<V>): Kind<V | W> {
  return {
    arg: `${kind.arg ?? 'X'}|${word}`,
    parse: (input, name, limits) => {
      if (shown(input).trim().toLowerCase() === word) return word;
      try {
        return kind.parse(input, name, limits);
      } catch (err) {
        throw err instanceof ConfigError ? new ConfigError(`${err.message}, or ${word}`) : err;
      }
    },
    json: (v) => (v === word ? v : kind.json(v as V)),
    text: (v) => (v === word ? v : kind.text(v as V)),
  };
}

/** `kind`, or null when not given (a value implied by others, like σ_w² by the init). */
export function optional<V>(kind: Kind<V>): Kind<V | null> {
  return {
    arg: kind.arg,
    parse: (input, name, limits) => kind.parse(input, name, limits),
    json: (v) => (v === null ? null : kind.json(v)),
    text: (v) => (v === null ? '' : kind.text(v)),
  };
}

/** `kind`, or null written and read as `word` (`--spectrum-at final`): a default that follows other fields, never an empty text. */
export function optionalAs<V>(word: string, kind: Kind<V>): Kind<V | null> {
  return {
    arg: kind.arg,
    parse: (input, name, limits) => (shown(input).trim().toLowerCase() === word ? null : kind.parse(input, name, limits)),
    json: (v) => (v === null ? null : kind.json(v)),
    text: (v) => (v === null ? word : kind.text(v)),
  };
}
