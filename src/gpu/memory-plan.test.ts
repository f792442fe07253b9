import { describe, expect, test } from 'vitest';
import { ConfigError, normalizeConfig } from '../sim/config';
import type { GpuLimits } from './device';
import { MemoryError } from '../sim/memory';
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
    // 256² floats = 256 KiB per layer; a buffer uses at most 7/8 of the 128 MiB binding, 112 MiB: 448 layers, so one chunk.
    expect(p.weightLayersPerChunk).toBe(448);
    expect(p.weightChunks).toBe(1);
    const small = planMemory(c, limits(1 * MiB), { memoryBudgetBytes: 1024 * MiB });
    // 7/8 of 1 MiB = 896 KiB: 3 layers of weights per chunk, 34 chunks for 100 layers.
    expect(small.weightLayersPerChunk).toBe(3);
    expect(small.weightChunks).toBe(34);
    // s_l: 32 × 256 floats = 32 KiB, 28 per 896 KiB.
    expect(small.preactLayersPerChunk).toBe(28);
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

  test('every buffer stays within 7/8 of the device limit: a chunk is never exactly maxBufferSize', () => {
    // SwiftShader advertises 1 GiB buffers and fails to allocate one of exactly 1 GiB.
    const c = normalizeConfig({ depth: 4000, width: 4096, batch: 16 });
    const p = planMemory(c, limits(1024 * MiB), { memoryBudgetBytes: 64 * 1024 * MiB });
    const chunk = p.preactLayersPerChunk * p.preactStride * 4;
    expect(chunk).toBeLessThanOrEqual(896 * MiB);
    expect(chunk + p.preactStride * 4).toBeGreaterThan(896 * MiB);
  });

  test('the budget keeps a 1/8 margin, and the refusal gives the figure, its parts and what to reduce (#15 items 6, 12)', () => {
    // depth 4000 × batch 64 × width 4096 floats of s_l = 3.91 GiB: within 4 GiB, beyond its 7/8.
    const c = normalizeConfig({ depth: 4000, width: 4096, batch: 64 });
    const preacts = 4000 * 64 * 4096 * 4;
    let message = '';
    try {
      planMemory(c, limits(1024 * MiB), {});
    } catch (e) {
      expect(e).toBeInstanceOf(MemoryError);
      expect((e as MemoryError).fields).toEqual(['depth', 'batch', 'width']);
      message = (e as Error).message;
    }
    expect(preacts / 1024 ** 3).toBeCloseTo(3.906, 3);
    expect(message).toMatch(/^needs 3\.91 GiB of GPU memory, mostly 3\.91 GiB of stored pre-activations \(depth 4000 × batch 64 × width 4096\);/);
    expect(message).toMatch(/plans for at most 3\.50 GiB per run, 7\/8 of its 4\.00 GiB budget \(reduce depth, batch or width\)$/);
    // Just inside 7/8 of the budget it is planned, every term counted once.
    const inside = normalizeConfig({ depth: 3500, width: 4096, batch: 64 });
    const plan = planMemory(inside, limits(1024 * MiB), {});
    expect(plan.storeWeights).toBe(false);
    expect(plan.totalBytes).toBe(plan.terms.reduce((t, x) => t + x.bytes, 0));
    expect(plan.totalBytes).toBeLessThanOrEqual(3.5 * 1024 ** 3);
  });

  test('the per-unit details the app reads back are part of the same plan', () => {
    const c = normalizeConfig({ depth: 100, width: 256, batch: 32 });
    const plain = planMemory(c, limits(1024 * MiB), {});
    const charts = planMemory(c, limits(1024 * MiB), { details: true });
    // Buffers and their staging copy: 2 × depth × (width + 64 bins) floats.
    expect(charts.totalBytes - plain.totalBytes).toBe(2 * 100 * (256 + 64) * 4);
  });
});
