import { describe, expect, test } from 'vitest';
import { normalizeConfig, type RawConfig } from '../sim/config';
import { SCENARIOS } from '../sim/scenarios';
import { APP_DEFAULT_CONFIG, formFromConfig, simTextFields, validateForm } from './form-state';
import { decodeUrl, encodeUrl, scenarioSearch, scenarioState } from './url-state';

/** A configuration as the view runs it: normalized, with the weight gradients it always charts. */
const viewConfig = (raw: RawConfig) => normalizeConfig({ ...raw, weightGrads: true });

describe('URL state', () => {
  test('an encoded configuration decodes to the same configuration', () => {
    const configs = [
      viewConfig({ activations: ['leaky-relu:0.2', 'elu'], sigmaW2: 1.5, sigmaB2: 0.1, depth: 14, width: 12, batch: 3, seed: 7, top: 'mse' }),
      viewConfig({ activations: ['relu'], init: 'orthogonal:1.3', backward: 'leaky-relu:0.1', depth: 2000, width: 64 }),
      viewConfig({ activations: ['tanh', 'sigmoid'], init: 'xavier-uniform', depth: 1 }),
      // The architectures: α or auto, a normalization, mixed layers with shares and parameters.
      viewConfig({ activations: ['relu', 'relu+tanh'], residual: 'auto', norm: 'batch', depth: 30 }),
      viewConfig({ activations: ['relu@0.75+tanh@0.25', 'leaky-relu:0.2+tanh'], residual: 0.5, norm: 'layer', depth: 8 }),
    ];
    for (const config of configs) {
      const { state, problems } = decodeUrl(encodeUrl({ config, engine: 'cpu', focus: config.activations.at(-1)?.spec ?? null, scenario: null }));
      expect(problems).toEqual([]);
      expect(state.config).toEqual(config);
      expect(state.engine).toBe('cpu');
    }
  });

  test('seeds round-trip through the URL; 1 is left out; a bad value is dropped with a message', () => {
    const config = viewConfig({ activations: ['relu', 'tanh'], depth: 20, width: 16, batch: 1, seed: 4 });
    const search = encodeUrl({ config, engine: 'cpu', focus: null, scenario: null, seeds: 8 });
    expect(search).toContain('seeds=8');
    const { state, problems } = decodeUrl(search);
    expect(problems).toEqual([]);
    expect(state.seeds).toBe(8);
    expect(state.config).toEqual(config);
    expect(encodeUrl({ config, engine: null, focus: null, scenario: null, seeds: 1 })).not.toContain('seeds');
    expect(decodeUrl('?act=relu').state.seeds).toBe(1);
    const bad = decodeUrl('?act=relu&seeds=99');
    expect(bad.state.seeds).toBe(1);
    expect(bad.problems).toEqual(["URL parameter seeds=99 ignored: seeds must be an integer between 1 and 32 (got '99')"]);
  });

  test('no parameters give the command line\'s defaults with weight gradients; a first visit opens the classic lesson', () => {
    const { state, problems } = decodeUrl('');
    expect(problems).toEqual([]);
    expect(state.fromUrl).toBe(false);
    expect(state.pins).toEqual([]);
    expect(state.config).toEqual(APP_DEFAULT_CONFIG);
    expect(state.config).toEqual(viewConfig({}));
    // The view opens this scenario when fromUrl is false: sigmoid with Xavier, tanh with LeCun, ReLU with He, each its own init.
    const lesson = scenarioState('classic-lesson');
    const nets = [...lesson.pins.map((p) => p.config), lesson.config].map((c) => `${c.activations.map((a) => a.spec).join()}/${c.init.spec}`);
    expect(nets).toEqual(['sigmoid/xavier-normal', 'tanh/lecun-normal', 'relu/he-normal']);
    expect(lesson.config.depth).toBe(100);
    expect(lesson.config.width).toBe(256);
  });

  test('pins round-trip through the URL with their own settings, engine and label, in a short link', () => {
    const he = viewConfig({ activations: ['relu'], init: 'he-normal' });
    const pins = [
      { config: he, seeds: 1, engine: null, label: null },
      { config: viewConfig({ activations: ['relu'], init: 'lecun-normal' }), seeds: 1, engine: 'cpu' as const, label: 'ReLU, LeCun: half per layer!' },
      { config: viewConfig({ activations: ['tanh'], init: 'xavier-normal', depth: 50, sigmaB2: 0.05 }), seeds: 4, engine: null, label: null },
    ];
    const search = encodeUrl({ config: he, engine: null, focus: null, scenario: null, pins });
    const { state, problems } = decodeUrl(search);
    expect(problems).toEqual([]);
    expect(state.pins).toEqual(pins);
    expect(state.fromUrl).toBe(true);
    // Each pin holds only what differs from the defaults.
    expect(new URLSearchParams(search).getAll('pin').slice(0, 2)).toEqual(['', 'init:lecun-normal!engine:cpu!l:ReLU, LeCun: half per layer!']);
    expect(search.length).toBeLessThan(200);
    const bad = decodeUrl('?pin=act:relu!depth:-3&pin=act:tanh!engine:tpu');
    expect(bad.problems).toEqual([
      expect.stringMatching(/^pin 1: URL parameter depth=-3 ignored: depth must be between 1/),
      'pin 2: engine:tpu ignored: engine must be webgpu or cpu',
    ]);
    expect(bad.state.pins.map((p) => p.config.activations[0].spec)).toEqual(['relu', 'tanh']);
    // A pin names WebGPU as it names the CPU (on a software adapter the machine's default is the CPU); none named: the machine's default.
    expect(decodeUrl('?pin=act:relu!engine:webgpu&pin=act:tanh').state.pins.map((p) => p.engine)).toEqual(['webgpu', null]);
  });

  test('each invalid parameter is named, dropped, and replaced by its default; never a throw', () => {
    const { state, problems } = decodeUrl('?act=relu,bogus&depth=-4&width=16&sb2=x&engine=quantum&focus=gelu');
    expect(problems.join('\n')).toMatch(/act=relu,bogus ignored: unknown activation 'bogus'/);
    expect(problems.join('\n')).toMatch(/depth=-4 ignored: depth must be between 1/);
    expect(problems.join('\n')).toMatch(/sb2=x ignored: σ_b² must be a number/);
    expect(problems.join('\n')).toMatch(/engine=quantum ignored/);
    expect(problems.join('\n')).toMatch(/focus=gelu ignored/);
    expect(state.config.width).toBe(16);
    expect(state.config.depth).toBe(APP_DEFAULT_CONFIG.depth);
    expect(state.config.activations).toEqual(APP_DEFAULT_CONFIG.activations);
    expect(() => decodeUrl('?%%%&=&act')).not.toThrow();
    for (const junk of ['?act=', '?sw2=1&init=he-normal', '?depth=1e9', '?init=orthogonal:-1', '?back=nope', '?sb2=', '?back=', '?act=relu,relu']) {
      expect(() => decodeUrl(junk)).not.toThrow();
      expect(decodeUrl(junk).problems.length).toBeGreaterThan(0);
    }
  });

  test('every scenario link opens exactly its configuration', () => {
    for (const s of SCENARIOS) {
      const { state, problems } = decodeUrl(scenarioSearch(s.id));
      expect(problems).toEqual([]);
      expect(state.scenario).toBe(s.id);
      expect(state.config).toEqual(viewConfig(s.config));
      expect(state.pins.map((p) => p.config)).toEqual((s.compare ?? []).map(viewConfig));
    }
  });
});

describe('form validation', () => {
  const good = formFromConfig(APP_DEFAULT_CONFIG, 'cpu');

  test('the text fields are the table\'s, σ_w² only for the custom init, the spectrum\'s only with its box', () => {
    const fields = simTextFields(good);
    expect(fields.map((f) => f.id)).toEqual(['sigmaW2', 'sigmaB2', 'residual', 'inputStd', 'depth', 'width', 'batch', 'seed', 'seeds', 'spectrumAt', 'spectrumInputs']);
    expect(fields.map((f) => f.label)).toEqual(['σ_w²', 'σ_b²', 'residual α', 'input std', 'depth', 'width', 'batch', 'seed', 'seeds', 'spectrum depths', 'spectrum inputs']);
    expect(fields.filter((f) => f.integer).map((f) => f.id)).toEqual(['depth', 'width', 'batch', 'seed', 'seeds', 'spectrumInputs']);
    expect(fields[0].applies).toBe(false);
    expect(simTextFields({ ...good, init: 'custom' })[0].applies).toBe(true);
    // The spectrum's fields only with its checkbox ticked.
    expect(fields.filter((f) => f.id.startsWith('spectrum')).map((f) => f.applies)).toEqual([false, false]);
    expect(simTextFields({ ...good, spectrum: 'true' }).filter((f) => f.id.startsWith('spectrum')).every((f) => f.applies)).toBe(true);
  });

  test('the form built from a configuration validates back to it', () => {
    expect(validateForm(good)).toEqual({ config: APP_DEFAULT_CONFIG, seeds: 1, errors: {}, formError: null });
    expect(validateForm(formFromConfig(APP_DEFAULT_CONFIG, 'cpu', 12))).toEqual({ config: APP_DEFAULT_CONFIG, seeds: 12, errors: {}, formError: null });
  });

  test('seeds: an integer from 1 to 32 whose seeds stay in range, refused beside its field otherwise', () => {
    for (const bad of ['0', '33', '2.5', 'x', '']) {
      const v = validateForm({ ...good, seeds: bad });
      expect(v.config, bad).toBeNull();
      expect(v.errors.seeds, bad).toBe(`seeds must be an integer between 1 and 32 (got '${bad}')`);
    }
    const v = validateForm({ ...good, seed: '4294967295', seeds: '3' });
    expect(v.config).toBeNull();
    expect(v.errors.seeds).toContain('pass the largest seed');
  });

  test('bad fields get their own one-line message and no configuration', () => {
    const v = validateForm({ ...good, depth: '0', width: 'abc', init: 'custom', sigmaW2: '-1', activations: ['leaky-relu'], params: { 'leaky-relu': '7' } });
    expect(v.config).toBeNull();
    expect(v.errors.depth).toMatch(/depth must be between 1 and \d+ \(got 0\)/);
    expect(v.errors.width).toContain("(got 'abc')");
    expect(v.errors.sigmaW2).toMatch(/^σ_w² must be a number/);
    expect(v.errors['param:leaky-relu']).toMatch(/alpha must be between 0 and 1/);
    expect(validateForm({ ...good, activations: [] }).errors.activations).toBeDefined();
  });

  test('an emptied field is refused beside it, as on the command line, never a silent default', () => {
    expect(decodeUrl('?sb2=&depth=7').problems).toEqual(["URL parameter sb2= ignored: σ_b² must be a number between 0 and 1000000 (got '')"]);
    expect(validateForm({ ...good, sigmaB2: '' }).errors.sigmaB2).toBe("σ_b² must be a number between 0 and 1000000 (got '')");
    expect(validateForm({ ...good, init: 'custom', sigmaW2: ' ' }).errors.sigmaW2).toMatch(/^σ_w² must be a number/);
    const v = validateForm({ ...good, activations: ['leaky-relu'], params: { 'leaky-relu': '' } });
    expect(v.config).toBeNull();
    expect(v.errors['param:leaky-relu']).toMatch(/malformed activation parameter/);
  });

  test('a key given twice is dropped with one line, as a repeated flag is refused on the command line', () => {
    const d = decodeUrl('?depth=1&depth=2&width=8');
    expect(d.problems).toEqual(['URL parameter depth=1 and 2 ignored: depth is given 2 times; give it once']);
    expect(d.state.config.depth).toBe(decodeUrl('').state.config.depth);
    expect(d.state.config.width).toBe(8);
  });

  test('an engine that refuses the size gives a form-level message', () => {
    const v = validateForm(good, () => { throw new Error('needs 9 GiB, the device has 4 GiB'); });
    expect(v.config).toBeNull();
    expect(v.formError).toContain('needs 9 GiB');
  });
});
