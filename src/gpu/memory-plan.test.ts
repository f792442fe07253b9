import { describe, expect, test } from 'vitest';
import { ConfigError, normalizeConfig } from '../sim/config';
import type { GpuLimits } from './device';
import { planMemory } from './memory-plan';

const MiB = 1024 ** 2;
const limits = (binding: number, buffer = binding): GpuLimits => ({
  maxBufferSize: buffer, maxStorageBufferBindingSize: binding, maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256, maxStorageBuffersPerShaderStage: 8,
});

describe('planMemory', () => {
  test('stores weights when they fit and chunks them by the binding limit', () => {
    const c = normalizeConfig({ depth: 100, width: 256, batch: 32 });
    const p = planMemory(c, limits(128 * MiB), { memoryBudgetBytes: 1024 * MiB });
    expect(p.storeWeights).toBe(true);
    // 256² floats = 256 KiB per layer: 512 layers per 128 MiB binding, so one chunk.
    expect(p.weightLayersPerChunk).toBe(512);
    expect(p.weightChunks).toBe(1);
    const small = planMemory(c, limits(1 * MiB), { memoryBudgetBytes: 1024 * MiB });
    expect(small.weightLayersPerChunk).toBe(4);
    expect(small.weightChunks).toBe(25);
    // s_l: 32 × 256 floats = 32 KiB, 32 per MiB.
    expect(small.preactLayersPerChunk).toBe(32);
    expect(small.preactChunks).toBe(4);
  });

  test('regenerates weights when depth × width² exceeds the budget', () => {
    const c = normalizeConfig({ depth: 2000, width: 1024, batch: 8 });
    const p = planMemory(c, limits(2048 * MiB), { memoryBudgetBytes: 1024 * MiB });
    expect(p.storeWeights).toBe(false);
    expect(p.totalBytes).toBeLessThan(1024 * MiB);
  });

  test('orthogonal weights over the budget are refused with what is needed', () => {
    const c = normalizeConfig({ depth: 2000, width: 1024, batch: 8, init: 'orthogonal' });
    expect(() => planMemory(c, limits(2048 * MiB), { memoryBudgetBytes: 1024 * MiB })).toThrow(ConfigError);
    expect(() => planMemory(c, limits(2048 * MiB), { memoryBudgetBytes: 1024 * MiB })).toThrow(/orthogonal.*needs 7\.\d+ GiB/);
  });

  test('pre-activations beyond the budget are refused in one line', () => {
    const c = normalizeConfig({ depth: 100000, width: 16384, batch: 65536 });
    let message = '';
    try {
      planMemory(c, limits(2048 * MiB), {});
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/needs [\d.]+ GiB/);
    expect(message).toMatch(/device allows 2\.00 GiB per buffer binding/);
    expect(message).not.toContain('\n');
  });
});
