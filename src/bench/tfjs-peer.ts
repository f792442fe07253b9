/**
 * tfjs 4.22 in Node on the benchmark's MLP, as a user would write it: `tf.grad` of Σ relu(h Wᵀ)…
 * with respect to the input, on the wasm backend (XNNPACK, SIMD; its .wasm files read from
 * node_modules), the cpu backend (plain JavaScript) or the webgpu backend given deltascope's own
 * device (Dawn in this process: the same adapter, the same device).
 */
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as TfCore from '@tensorflow/tfjs-core';
import type { MlpConfig, MlpData, Peer } from './workload';

export type TfBackend = 'wasm' | 'cpu' | 'webgpu';

interface Tf {
  tf: typeof TfCore;
  wasmThreads: () => number;
}

let loaded: Promise<Tf> | null = null;

/** Loads tfjs-core, both backends and tfjs's own gradients (see tfjs-esm-hooks.mjs). */
function loadTf(): Promise<Tf> {
  loaded ??= (async () => {
    register('./tfjs-esm-hooks.mjs', import.meta.url);
    const tf = await import('@tensorflow/tfjs-core');
    // What a user who benchmarks tfjs would do: no correctness checks, no "install tfjs-node" banner.
    tf.enableProdMode();
    await import('@tensorflow/tfjs-backend-cpu');
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
    return { tf, wasmThreads: wasm.getThreadsCount };
  })();
  return loaded;
}

export interface LentGpu {
  gpu: GPU;
  device: GPUDevice;
  info: GPUAdapterInfo;
}

/**
 * tfjs's webgpu backend on the lent device (its own registration would request another adapter).
 * The backend checks for navigator.gpu, which Node does not have: Dawn's entry point is put there.
 */
async function registerWebGpu(tf: typeof TfCore, lent: LentGpu): Promise<void> {
  if (tf.findBackendFactory('webgpu')) return;
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu: lent.gpu }, configurable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: lent.gpu, configurable: true });
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(lent.device, lent.info));
}

export async function tfjsPeer(backend: TfBackend, gpu?: LentGpu): Promise<Peer> {
  const { tf, wasmThreads } = await loadTf();
  if (backend === 'webgpu') {
    if (!gpu) throw new Error('tfjs-webgpu needs the in-process WebGPU device (Dawn)');
    await registerWebGpu(tf, gpu);
  }
  const use = async () => {
    if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`tfjs could not start its ${backend} backend`);
  };
  await use();
  let net: { weights: TfCore.Tensor2D[]; x: TfCore.Tensor2D; grad: (x: TfCore.Tensor) => TfCore.Tensor } | null = null;
  let dx: Float32Array | null = null;

  return {
    name: `tfjs-${backend}`,
    describe() {
      const detail =
        backend === 'wasm'
          ? `XNNPACK, SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, ${wasmThreads()} thread${wasmThreads() === 1 ? '' : 's'}` +
            (tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? '' : ' (no multithread support in Node)')
          : backend === 'webgpu'
            ? `on deltascope's device (${[gpu?.info.vendor, gpu?.info.architecture, gpu?.info.description].filter((x) => x).join(' / ')})`
            : 'plain JavaScript, 1 thread';
      return `tfjs ${tf.version_core} ${backend} backend: ${detail}`;
    },
    async prepare({ width, batch }: MlpConfig, lazy: () => MlpData) {
      const data = lazy();
      await use();
      const weights = data.weights.map((w) => tf.tensor2d(w, [width, width]));
      const forward = (x: TfCore.Tensor): TfCore.Scalar => {
        let h = x as TfCore.Tensor2D;
        for (const w of weights) h = tf.relu(tf.matMul(h, w, false, true)) as TfCore.Tensor2D;
        return tf.sum(h);
      };
      net = { weights, x: tf.tensor2d(data.x, [batch, width]), grad: tf.grad(forward) };
    },
    async pass() {
      await use();
      const t0 = performance.now();
      const g = net!.grad(net!.x);
      const values = (await g.data()) as Float32Array;
      const ms = performance.now() - t0;
      g.dispose();
      dx = values;
      return ms;
    },
    async gradient() {
      return dx;
    },
    release() {
      if (net) tf.dispose([...net.weights, net.x]);
      net = null;
      dx = null;
    },
    dispose() {},
  };
}
