/** Typed wrapper of shaders/generate.wgsl: inputs and stored weights from the counter-based generator. */
import code from '../../shaders/generate.wgsl?raw';
import { GENERATOR } from './includes';
import { defineKernel, type KernelOf } from './kernel';
import { DispatchRecorder } from './recorder';

export const generateKernel = defineKernel({
  label: 'generate',
  code,
  // Counters genOffset … genOffset + count − 1 of key wKey (repeating every genPeriod when it is not 0),
  // drawn by wDist (DIST.*) with wScale, to out[outOffset…].
  uniform: [['count', 'u32'], ['genOffset', 'u32'], ['outOffset', 'u32'], ['wDist', 'u32'], ['wKey', 'u32'], ['wScale', 'f32'], ['genPeriod', 'u32']],
  bindings: { out: ['rw', 'u32'] },
  includes: [GENERATOR],
  overrides: { WG: 256 },
});

/** Workgroups of a grid-stride kernel of workgroup size `wg` over `count` elements (at most 4096). */
export function strideGroups(count: number, wg: number): number {
  return Math.max(1, Math.min(4096, Math.ceil(count / wg)));
}

/**
 * Runs generate.wgsl alone and reads the words back (the generator parity test): `dist` one of
 * DIST (bits for raw hash output), counters offset .. offset + count − 1 under `key`.
 */
export async function generateWords(
  device: GPUDevice, kernel: KernelOf<typeof generateKernel>, req: { dist: number; key: number; scale: number; count: number; offset: number },
): Promise<Uint32Array> {
  const bytes = Math.max(16, Math.ceil((req.count * 4) / 16) * 16);
  const out = device.createBuffer({ label: 'generate test output', size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ label: 'generate test staging', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const recorder = new DispatchRecorder(device, 'generate test');
  try {
    recorder.pass('generate test').dispatch(kernel, { wDist: req.dist, wKey: req.key, wScale: req.scale, count: req.count, genOffset: req.offset }, { out },
      [strideGroups(req.count, kernel.spec.overrides.WG)]);
    recorder.submit('generate test', (enc) => enc.copyBufferToBuffer(out, 0, staging, 0, bytes));
    await staging.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(staging.getMappedRange().slice(0, req.count * 4));
    staging.unmap();
    return words;
  } finally {
    recorder.dispose();
    out.destroy();
    staging.destroy();
  }
}
