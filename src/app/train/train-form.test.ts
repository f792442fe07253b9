import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../sim/config-fields';
import { TRAIN_VIEW_DEFAULTS, trainTextFields, validateTrainForm, trainFormFromConfigs } from './train-form';

describe('training form fields', () => {
  it('are the table\'s: each text value of the form with its label, its keyboard and when it applies', () => {
    const fields = trainTextFields(TRAIN_VIEW_DEFAULTS);
    const byId = Object.fromEntries(fields.map((f) => [f.id, f]));
    for (const f of fields) {
      expect(typeof TRAIN_VIEW_DEFAULTS[f.id as keyof typeof TRAIN_VIEW_DEFAULTS], f.id).toBe('string');
      expect(f.label).toBe((FIELDS[f.id] as { label?: string }).label);
    }
    expect(byId.depth.integer).toBe(true);
    expect(byId.lr.integer).toBe(false);
    // Classes only for the gaussians, momentum only for its optimizer, σ_w² only for the custom init.
    expect([byId.classes.applies, byId.momentum.applies, byId.sigmaW2.applies]).toEqual([false, false, false]);
    const other = trainTextFields({ ...TRAIN_VIEW_DEFAULTS, task: 'gaussians', optimizer: 'momentum', init: 'custom' });
    expect(other.filter((f) => ['classes', 'momentum', 'sigmaW2'].includes(f.id)).map((f) => f.applies)).toEqual([true, true, true]);
  });
});

describe('training form validation', () => {
  it('accepts the defaults as one config per activation, equal but for the activation', () => {
    const r = validateTrainForm(TRAIN_VIEW_DEFAULTS);
    expect(r.errors).toEqual({});
    expect(r.configs?.map((c) => c.activation.spec)).toEqual(['relu', 'sigmoid']);
    const [a, b] = r.configs!;
    expect({ ...a, activation: '' }).toEqual({ ...b, activation: '' });
  });

  it('refuses bad fields with a message on the field', () => {
    const r = validateTrainForm({ ...TRAIN_VIEW_DEFAULTS, depth: 'abc', lr: '0', batchSize: '999', activations: [] });
    expect(r.configs).toBeNull();
    expect(r.errors.depth).toMatch(/depth must be an integer/);
    expect(r.errors.lr).toMatch(/learning rate must be a number above 0/);
    expect(r.errors.batchSize).toMatch(/batch size 999 exceeds training examples 256/);
    expect(r.errors.activations).toMatch(/at least one/);
  });

  it('refuses an emptied field beside it rather than training with a default', () => {
    const r = validateTrainForm({ ...TRAIN_VIEW_DEFAULTS, noise: '', steps: ' ' });
    expect(r.configs).toBeNull();
    expect(r.errors.noise).toMatch(/^noise must be a number between 0 and 10 \(got ''\)/);
    expect(r.errors.steps).toMatch(/^steps must be an integer/);
  });

  it('refuses a bad activation parameter on its own field', () => {
    const r = validateTrainForm({ ...TRAIN_VIEW_DEFAULTS, activations: ['leaky-relu'], params: { 'leaky-relu': '-5' } });
    expect(r.configs).toBeNull();
    expect(r.errors['param:leaky-relu']).toBeTruthy();
  });

  it('refuses a model too large for the browser as a form error', () => {
    const r = validateTrainForm({ ...TRAIN_VIEW_DEFAULTS, depth: '2000', width: '4096' });
    expect(r.configs).toBeNull();
    expect(r.formError).toMatch(/the model needs [\d.]+ (GiB|MiB) .*; the browser allows [\d.]+ (GiB|MiB)/);
  });

  it('reads configs back into the same form', () => {
    const r = validateTrainForm({ ...TRAIN_VIEW_DEFAULTS, task: 'gaussians', classes: '4', activations: ['prelu', 'elu'], params: { prelu: '0.1', elu: '1' } });
    expect(r.errors).toEqual({});
    const back = validateTrainForm(trainFormFromConfigs(r.configs!, 'webgpu'));
    expect(back.configs).toEqual(r.configs);
  });
});
