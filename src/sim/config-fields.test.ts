/**
 * The configuration table is wired everywhere it is declared: each field of each command reaches
 * its parser, the CLI options and --help, the JSON output; each field a view carries survives the
 * URL and the form (a value set on it comes back), and has a label in the view's messages.
 */
import { describe, expect, test } from 'vitest';
import { checkSimView, formFromConfig, validateForm } from '../app/form-state';
import { checkTrainView, trainFormFromConfigs, validateTrainForm } from '../app/train/train-form';
import { decodeTrainUrl, trainParams } from '../app/train/train-url';
import { decodeUrl, encodeUrl } from '../app/url-state';
import { labelTable, viewFields, type ViewCommand, type ViewRaw } from '../app/view-fields';
import { commandOptions, optionsHelp } from '../cli/cli-common';
import { ACTIVATIONS } from './activations';
import { configJson, normalizeConfig } from './config';
import { COMMANDS, FIELDS, fieldText, fieldsOf, readField, type FieldId, type UsedField } from './config-fields';
import { activation, activationList, backwardSpec, choice, count, flag, initSpec, integer } from './field-kinds';
import { normalizeTrainConfig, trainConfigJson } from './train/train-config';

/** A valid value other than the default, as text, for a field a view carries. */
function sample({ id, field, use }: UsedField): string {
  const kind: unknown = field.kind;
  if (kind === integer || kind === count) return String(Math.min(Number(use.default) + 1, use.viewMax ?? Infinity, use.max ?? Infinity));
  // Numbers (σ_w² is an optional one): 0.5 lies in every range of the table.
  if (field.kind.arg === 'X' || field.kind.arg?.startsWith('X|')) return '0.5';
  if (field.kind.arg === undefined) return String(!use.default);
  if (kind === activationList) return 'tanh,leaky-relu:0.2';
  // The training view's activation field is its list of networks trained side by side.
  if (kind === activation) return 'tanh,elu';
  if (kind === backwardSpec) return 'leaky-relu:0.1';
  if (kind === initSpec) return 'orthogonal:1.5';
  if (kind === flag) return String(!use.default);
  // A list of depths (the spectrum's): 2 lies in every depth range.
  if (field.kind.arg === 'LIST') return '2';
  const choices = field.kind.arg?.split('|') ?? [];
  const other = choices.find((c) => c !== fieldText(id, use.default));
  if (choices.length > 1 && other) return other;
  throw new Error(`no sample value for ${id}: add one for its kind`);
}

/** The sample of `entry` with what it needs to apply (σ_w² needs the custom init). */
function sampleRaw(entry: UsedField): ViewRaw {
  const raw: ViewRaw = { [entry.id]: sample(entry) };
  if (entry.field.when) raw[entry.field.when.field as FieldId] = ([] as string[]).concat(entry.field.when.is)[0];
  return raw;
}

describe('the configuration table', () => {
  test('each field is declared consistently: its context and conditions name fields, a view field has a label', () => {
    const ids = Object.keys(FIELDS);
    for (const [id, f] of Object.entries(FIELDS)) {
      const field = f as UsedField['field'];
      for (const dep of field.context ?? []) expect(ids, `${id} context`).toContain(dep);
      if (field.when) expect(ids, `${id} when`).toContain(field.when.field);
      expect(COMMANDS.some((c) => field[c] !== undefined), `${id} is used by no command`).toBe(true);
    }
    for (const command of ['sim', 'train'] as const) {
      const labels = labelTable(command).map(([, label]) => label);
      for (const { id, field } of viewFields(command)) {
        expect(field.label, `${command} ${id}`).toBeTruthy();
        expect(labels, `${command} ${id}`).toContain(field.label);
      }
    }
  });

  for (const command of COMMANDS) {
    test(`${command}: every field is an option, listed in --help with its default, and its default reads back`, () => {
      const options = commandOptions(command);
      const help = optionsHelp(command);
      const flags = fieldsOf(command).map(({ field }) => field.flag);
      expect(new Set(flags).size, 'a flag twice').toBe(flags.length);
      for (const { id, field, use } of fieldsOf(command)) {
        expect(options[field.flag], field.flag).toEqual({ type: field.kind.arg === undefined ? 'boolean' : 'string', ...(field.short ? { short: field.short } : {}) });
        const line = help.split('\n').find((l) => l.includes(`--${field.flag}`));
        expect(line, `--help names --${field.flag}`).toBeDefined();
        const text = fieldText(id, use.default);
        if (text !== '' && use.default !== false) expect(line).toContain(`(default ${text})`);
        // The default, written as text, is what the parser reads: the table is consistent with its kind.
        if (text !== '') expect(readField(command, id, text), id).toEqual(use.default);
      }
    });
  }

  test('a normalized configuration is plain data: it crosses postMessage and page.evaluate (JSON) unchanged', () => {
    const sim = normalizeConfig({ activations: 'relu,leaky-relu:0.2', backward: 'tanh', init: 'orthogonal:1.5', depth: 3 });
    const train = normalizeTrainConfig({ activation: 'prelu', sigmaW2: 1.5, task: 'gaussians', classes: 4 });
    expect(JSON.parse(JSON.stringify(sim))).toEqual(sim);
    expect(JSON.parse(JSON.stringify(train))).toEqual(train);
    const id = (name: string): number => ACTIVATIONS.findIndex((a) => a.name === name);
    expect(sim.activations[1]).toEqual({
      spec: 'leaky-relu:0.2',
      parts: [{ spec: 'leaky-relu:0.2', name: 'leaky-relu', id: id('leaky-relu'), param: 0.2, share: 1, derivative: { spec: 'tanh', name: 'tanh', id: id('tanh'), param: 0 } }],
    });
    expect(train.init).toEqual({ spec: 'custom', name: 'custom', param: 1.5 });
  });

  test('the JSON output carries every configuration field, in the table order', () => {
    // The simulation's JSON adds α as resolved from `residual` (auto: 1/√depth).
    expect(Object.keys(configJson(normalizeConfig({})))).toEqual([...fieldsOf('sim', 'config').map((f) => f.id), 'alpha']);
    expect(Object.keys(trainConfigJson(normalizeTrainConfig({})))).toEqual([...fieldsOf('train', 'config').map((f) => f.id), 'alpha']);
  });

  const views: Record<ViewCommand, { url: (raw: ViewRaw) => unknown[]; form: (raw: ViewRaw) => unknown[] }> = {
    sim: {
      url: (raw) => {
        const { config, seeds } = checkSimView(raw);
        const search = encodeUrl({ config, engine: null, focus: null, scenario: null, seeds });
        const { state, problems } = decodeUrl(search);
        return [search, problems, [state.config, state.seeds], [config, seeds]];
      },
      form: (raw) => {
        const { config, seeds } = checkSimView(raw);
        const v = validateForm(formFromConfig(config, 'cpu', seeds));
        return [v.errors, [v.config, v.seeds], [config, seeds]];
      },
    },
    train: {
      url: (raw) => {
        const configs = checkTrainView(raw);
        const p = trainParams(configs, 'cpu', null);
        const { values, problems } = decodeTrainUrl(`?${p.toString()}`);
        return [`?${p.toString()}`, problems, validateTrainForm(values).configs, configs];
      },
      form: (raw) => {
        const configs = checkTrainView(raw);
        const v = validateTrainForm(trainFormFromConfigs(configs, 'cpu'));
        return [v.errors, v.configs, configs];
      },
    },
  };

  for (const command of ['sim', 'train'] as const) {
    test(`${command} view: a value set on each field survives the URL and the form`, () => {
      const prefix = command === 'train' ? 't.' : '';
      for (const entry of viewFields(command)) {
        const raw = sampleRaw(entry);
        const [search, problems, decoded, expected] = views[command].url(raw);
        expect(search, entry.id).toContain(`${prefix}${entry.field.url}=`);
        expect(problems, entry.id).toEqual([]);
        expect(decoded, entry.id).toEqual(expected);
        const [errors, validated, wanted] = views[command].form(raw);
        expect(errors, entry.id).toEqual({});
        expect(validated, entry.id).toEqual(wanted);
      }
    });
  }

  test('a choice refuses what it does not list, naming the field and the choices', () => {
    expect(() => choice(['a', 'b']).parse('c', 'mode', {})).toThrow("unknown mode 'c' (mode must be one of a, b)");
    expect(() => readField('bench', 'format', 'csv')).toThrow('--format must be one of table, json');
  });
});
