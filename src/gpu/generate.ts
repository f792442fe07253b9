/** Typed wrapper of shaders/generate.wgsl: inputs and stored weights from the counter-based generator. */
import code from '../../shaders/generate.wgsl?raw';
import { createBindGroup, defineKernel, dispatch, type Kernel } from './kernel';
import { LayerParams } from './params';

export const generateKernel = defineKernel({
  label: 'generate',
  code,
  includes: ['generator'],
  bindings: { out: [4, 'rw'] },
});

/** Workgroups of 256 for a grid-stride loop over `count` elements (within the 65535 per-dimension limit). */
export function gridGroups(count: number): number {
  return Math.max(1, Math.min(4096, Math.ceil(count / 256)));
}

export function encodeGenerate(pass: GPUComputePassEncoder, k: Kernel<string>, group: GPUBindGroup, paramsOffset: number, count: number): void {
  dispatch(pass, k, group, paramsOffset, gridGroups(count));
}

/**
 * Runs generate.wgsl alone and reads the words back (the generator parity test): `dist` one of
 * DIST_* (or DIST_BITS for raw hash output), counters offset .. offset + count − 1 under `key`.
 */
export async function generateWords(
  device: GPUDevice, kernel: Kernel<string>, req: { dist: number; key: number; scale: number; count: number; offset: number },
): Promise<Uint32Array> {
  const bytes = Math.max(16, Math.ceil((req.count * 4) / 16) * 16);
  const params = device.createBuffer({ label: 'generate test params', size: 256, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const out = device.createBuffer({ label: 'generate test output', size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ label: 'generate test staging', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    const data = new DataView(new ArrayBuffer(256));
    LayerParams.pack(data, 0, { wDist: req.dist, wKey: req.key, wScale: req.scale, count: req.count, genOffset: req.offset });
    device.queue.writeBuffer(params, 0, data.buffer);
    const enc = device.createCommandEncoder({ label: 'generate test' });
    const pass = enc.beginComputePass();
    encodeGenerate(pass, kernel, createBindGroup(device, kernel, params, { out }, 'generate test bind group'), 0, req.count);
    pass.end();
    enc.copyBufferToBuffer(out, 0, staging, 0, bytes);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(staging.getMappedRange().slice(0, req.count * 4));
    staging.unmap();
    return words;
  } finally {
    params.destroy();
    out.destroy();
    staging.destroy();
  }
}
