import { afterEach, describe, expect, it } from 'vitest';
import { PageGpu, type GpuStatus } from './page-gpu';
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

    const seen: GpuStatus[] = [];
    sim.addEventListener('change', () => seen.push(sim.state.gpu));
    const next = nextSettled(page);
    fake.lose('driver reset');
    await next;
    // Both controllers saw the loss with its reason; then a new device was asked for at once (#15 item 11).
    const lost = seen.find((g) => g.state === 'lost');
    expect(lost?.message).toContain('driver reset');
    expect(fake.devices()).toBe(2);
    expect(page.status.state).toBe('ready');
    expect(sim.state.gpu).toBe(page.status);
    expect(train.state.gpu).toBe(page.status);
    expect(await page.device()).not.toBe(a);
    sim.dispose();
    train.dispose();
  });

  it('after a loss with no new device to be had: unavailable, saying both, and the CPU engine runs', async () => {
    const fake = fakeWebGpu();
    Object.defineProperty(globalThis, 'navigator', { value: { gpu: fake.gpu }, configurable: true });
    const page = new PageGpu();
    const sim = new SimController(page);
    await page.device();
    (fake.gpu as { requestAdapter: () => Promise<null> }).requestAdapter = async () => null;
    const next = nextSettled(page);
    fake.lose('GPU process exited');
    await next;
    expect(page.status.state).toBe('unavailable');
    expect(page.status.message).toMatch(/^the WebGPU device was lost \(unknown: GPU process exited\), and no new device could be had: .*requestAdapter returned null/);
    expect(sim.state.gpu).toBe(page.status);
    expect(sim.engineFor('webgpu')).toBe('cpu');
    sim.dispose();
  });
});

/** The first status after now that is settled (a new device, or none): call before the loss. */
function nextSettled(page: PageGpu): Promise<GpuStatus> {
  return new Promise((resolve) => {
    const on = (): void => {
      if (page.status.state !== 'ready' && page.status.state !== 'unavailable') return;
      page.removeEventListener('change', on);
      resolve(page.status);
    };
    page.addEventListener('change', on);
  });
}
