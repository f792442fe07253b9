import { expect, test } from 'vitest';
import type { AdapterInfo } from '../sim/stats';
import { defaultEngine } from './engine-default';

const adapter = (over: Partial<AdapterInfo>): AdapterInfo => ({
  vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200', isFallbackAdapter: false, isSoftware: false, ...over,
});

test('a hardware adapter keeps WebGPU; a software or fallback one gets the CPU engine and one line saying why', () => {
  expect(defaultEngine(adapter({}))).toEqual({ engine: 'webgpu', reason: null });
  // Without an adapter the views fall back by their own rule (their banner), not this one.
  expect(defaultEngine(null)).toEqual({ engine: 'webgpu', reason: null });
  for (const a of [adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader', isSoftware: true }), adapter({ vendor: 'microsoft', description: 'WARP', isFallbackAdapter: true })]) {
    const d = defaultEngine(a);
    expect(d.engine).toBe('cpu');
    expect(d.reason).toContain(a.description);
    expect(d.reason).toMatch(/software adapter .* so the CPU engine runs\.$/);
    expect(d.reason).not.toMatch(/\n|not a GPU speed reference/);
  }
});
