/**
 * Pinned runs in the Initialization view's URL: each pin is one `pin` parameter holding the fields
 * in which its configuration differs from the view's defaults, as `key:value` pairs (the view's own
 * URL keys and values) joined by `!`, with the engine and the visitor's label after them:
 *   ?…&pin=act:relu!init:lecun-normal&pin=act:tanh!init:xavier-normal!l:tanh, Xavier
 * so a link with three pins stays short and readable. A field the configuration table gains (a
 * new architecture option) rides along by itself. Each pin goes through the view's gate on the way
 * in; one that fails is dropped with a line saying why.
 */
import type { SimConfig } from '../sim/config';
import { checkSimView, type EngineChoice } from './form-state';
import { decodeFields, encodeFields } from './view-fields';

/** What a pin is: its own configuration, seeds, engine and label. */
export interface PinSpec {
  config: SimConfig;
  seeds: number;
  /** The engine chosen; null: the machine's default (src/app/engine-default.ts). */
  engine: EngineChoice | null;
  /** The visitor's label, or null for the one derived from the settings. */
  label: string | null;
}

/** The URL key of a pin. */
export const PIN_KEY = 'pin';
const SEP = '!';
const LABEL = 'l';
const ENGINE = 'engine';

/**
 * One configuration as a compact URL value: the pairs that differ from `defaults` as `key:value`
 * joined by `!`, then the `extras` (engine), then the label, which takes the rest of the value so
 * that it may hold any character.
 */
export function diffParam(pairs: Map<string, string>, defaults: Map<string, string>, extras: [string, string][], label: string | null): string {
  const parts = [...pairs].filter(([k, v]) => defaults.get(k) !== v).map(([k, v]) => `${k}:${v}`);
  for (const [k, v] of extras) parts.push(`${k}:${v}`);
  if (label) parts.push(`${LABEL}:${label}`);
  return parts.join(SEP);
}

/** A value written by diffParam: its pairs (fields and extras alike) and its label. */
export function parseDiff(text: string): { pairs: [string, string][]; label: string | null } {
  const pairs: [string, string][] = [];
  let rest = text;
  while (rest !== '') {
    const colon = rest.indexOf(':');
    const key = colon < 0 ? rest : rest.slice(0, colon);
    if (key === LABEL) return { pairs, label: rest.slice(colon + 1).trim() || null };
    const end = rest.indexOf(SEP);
    pairs.push([key, colon < 0 ? '' : rest.slice(colon + 1, end < 0 ? undefined : end)]);
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return { pairs, label: null };
}

/** The view's fields of one configuration, as URL pairs by key. */
function pairs(config: SimConfig, seeds: number): Map<string, string> {
  return new Map(encodeFields('sim', { ...config, seeds }, ''));
}

const DEFAULTS = ((): Map<string, string> => {
  const { config, seeds } = checkSimView({});
  return pairs(config, seeds);
})();

/** The pin as the value of its URL parameter: what differs from the defaults, the engine when one is named, the label last. */
export function pinParam(pin: PinSpec): string {
  return diffParam(pairs(pin.config, pin.seeds), DEFAULTS, pin.engine ? [[ENGINE, pin.engine]] : [], pin.label);
}

export interface DecodedPins {
  pins: PinSpec[];
  problems: string[];
}

/** The pins of a URL, in order; a field of a pin that does not pass the view's gate is dropped with one line. */
export function decodePins(params: URLSearchParams): DecodedPins {
  const pins: PinSpec[] = [];
  const problems: string[] = [];
  params.getAll(PIN_KEY).forEach((text, i) => {
    const { pairs: given, label } = parseDiff(text);
    const fields = new URLSearchParams(given.filter(([k]) => k !== ENGINE));
    let engine: EngineChoice | null = null;
    for (const [, value] of given.filter(([k]) => k === ENGINE)) {
      if (value === 'cpu' || value === 'webgpu') engine = value;
      else problems.push(`pin ${i + 1}: engine:${value} ignored: engine must be webgpu or cpu`);
    }
    const decoded = decodeFields('sim', fields, '', checkSimView, 'configuration');
    problems.push(...decoded.problems.map((p) => `pin ${i + 1}: ${p}`));
    pins.push({ ...decoded.value, engine, label });
  });
  return { pins, problems };
}
