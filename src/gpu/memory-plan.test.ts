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

  test('a normalization keeps 1/σ per group, a residual net with weight gradients every h_l, both chunked and in the total', () => {
    const plain = planMemory(normalizeConfig({ depth: 100, width: 256, batch: 32, weightGrads: true }), limits(128 * MiB), {});
    expect(plain.invStd).toBeNull();
    expect(plain.hStore).toBeNull();
    // BatchNorm: 256 units per layer (1 KiB); LayerNorm: 32 examples, padded to 64 floats.
    const batch = planMemory(normalizeConfig({ depth: 100, width: 256, batch: 32, norm: 'batch' }), limits(1 * MiB), {});
    expect(batch.invStd).toEqual({ stride: 256, layersPerChunk: 1024, chunks: 1, bytes: 100 * 1024 });
    expect(planMemory(normalizeConfig({ depth: 100, width: 256, batch: 32, norm: 'layer' }), limits(1 * MiB), {}).invStd?.stride).toBe(64);
    const res = planMemory(normalizeConfig({ depth: 100, width: 256, batch: 32, residual: 1, weightGrads: true }), limits(1 * MiB), {});
    expect(res.hStore).toEqual({ stride: 32 * 256, layersPerChunk: 32, chunks: 4, bytes: 100 * 32 * 256 * 4 });
    expect(res.totalBytes - plain.totalBytes).toBeGreaterThanOrEqual(res.hStore!.bytes);
  });
});
