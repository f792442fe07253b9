import { afterEach, describe, expect, it } from 'vitest';
import { PageGpu } from './page-gpu';
import { SimController } from './sim-controller';
import { TrainController } from './train/train-controller';

/** A WebGPU that hands out one device whose loss the test triggers. */
function fakeWebGpu(): { gpu: unknown; lose: (message: string) => void; devices: () => number } {
  let resolveLost: (info: { reason: string; message: string }) => void = () => {};
  let devices = 0;
  const limits = {
    maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 28, maxComputeWorkgroupStorageSize: 16384,
    maxComputeInvocationsPerWorkgroup: 256, maxStorageBuffersPerShaderStage: 8,
  };
  const adapter = {
    info: { vendor: 'test', architecture: 'fake', device: '', description: '', isFallbackAdapter: false },
    limits,
    requestDevice: async () => {
      devices++;
      return { limits, addEventListener: () => {}, lost: new Promise((resolve) => { resolveLost = resolve; }) };
    },
  };
  return {
    gpu: { requestAdapter: async () => adapter },
    lose: (message) => resolveLost({ reason: 'unknown', message }),
    devices: () => devices,
  };
}

const originalNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (originalNavigator) Object.defineProperty(globalThis, 'navigator', originalNavigator);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

describe('the page GPU', () => {
  it('without navigator.gpu: unavailable, with the reason, and no device', async () => {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
    const page = new PageGpu();
    expect(await page.device()).toBeNull();
    expect(page.status).toEqual({ state: 'unavailable', message: 'this browser does not expose WebGPU (navigator.gpu is missing)', adapter: null });
  });

  it('acquires one device for every caller, and reports its loss (from the device owner) to the controllers', async () => {
    const fake = fakeWebGpu();
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: fake.gpu }, configurable: true });
    const page = new PageGpu();
    const sim = new SimController(page);
    const train = new TrainController(page);
    const [a, b] = await Promise.all([page.device(), page.device()]);
    expect(a).not.toBeNull();
    expect(b).toBe(a);
    expect(fake.devices()).toBe(1);
    expect(page.status.state).toBe('ready');
    expect(page.status.adapter?.vendor).toBe('test');
    expect([sim.state.gpu.state, train.state.gpu.state]).toEqual(['ready', 'ready']);

    fake.lose('driver reset');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(page.status.state).toBe('lost');
    expect(page.status.message).toContain('driver reset');
    expect(sim.state.gpu).toBe(page.status);
    expect(train.state.gpu).toBe(page.status);
    expect(sim.engineFor('webgpu')).toBe('cpu');
    expect(await page.device()).toBeNull();
    sim.dispose();
    train.dispose();
  });
});
