/**
 * The training kernels (shaders/train_*.wgsl): their own uniform struct `TrainParams` (bound as `T`
 * at binding 0 with a dynamic offset) on the kernel machinery of src/gpu/kernel.ts (WGSL assembly,
 * per-device pipeline cache, bind groups). The shared forward/backward kernels keep their own
 * `Params` (src/gpu/params.ts).
 */
import { loadKernel, type Kernel, type KernelSpec, type UniformBinding } from '../kernel';
import { PARAMS_SLOT } from '../params';
import { defineUniformStruct } from '../uniforms';

export const TrainParams = defineUniformStruct('TrainParams', [
  ['rows', 'u32'], ['nIn', 'u32'], ['nOut', 'u32'], ['count', 'u32'],
  ['actKind', 'u32'], ['actP', 'f32'], ['dfKind', 'u32'], ['dfP', 'f32'],
  ['offS', 'u32'], ['offW', 'u32'], ['offB', 'u32'], ['offC', 'u32'],
  ['offA', 'u32'], ['layer', 'u32'], ['flags', 'u32'], ['lossKind', 'u32'],
  ['outputs', 'u32'], ['dIn', 'u32'], ['n', 'u32'], ['key', 'u32'],
  ['t', 'u32'], ['optKind', 'u32'], ['decayEnd', 'u32'], ['scale', 'f32'],
  ['lr', 'f32'], ['momentum', 'f32'], ['beta1', 'f32'], ['beta2', 'f32'],
  ['eps', 'f32'], ['c1', 'f32'], ['c2', 'f32'], ['wd', 'f32'],
] as const);
export type TrainParamsValues = Parameters<typeof TrainParams.pack>[2];
export const TRAIN_SLOT = PARAMS_SLOT;

/** The training kernels' uniform: `T: TrainParams`. */
export const TRAIN_UNIFORM: UniformBinding = { struct: TrainParams, name: 'T' };

export interface TrainKernelSpec<B extends string> extends KernelSpec<B> {
  /** Invocations per workgroup along x (for dispatch sizing of elementwise kernels). */
  wgSize: number;
}

export interface TrainKernel<B extends string> extends Kernel<B> {
  readonly spec: TrainKernelSpec<B>;
}

/** A training kernel: its spec bound to TrainParams. */
export function defineTrainKernel<B extends string>(spec: Omit<TrainKernelSpec<B>, 'uniform'>): TrainKernelSpec<B> {
  return { ...spec, uniform: TRAIN_UNIFORM };
}

/** Compiles a training kernel once per device (the shared cache of src/gpu/kernel.ts). */
export async function loadTrainKernel<B extends string>(device: GPUDevice, spec: TrainKernelSpec<B>): Promise<TrainKernel<B>> {
  return (await loadKernel(device, spec)) as TrainKernel<B>;
}

/** Dispatches `count` invocations of an elementwise kernel, folding into y beyond 65 535 workgroups. */
export function dispatchElements(pass: GPUComputePassEncoder, kernel: TrainKernel<string>, group: GPUBindGroup, offset: number, count: number): void {
  const groups = Math.max(1, Math.ceil(count / kernel.spec.wgSize));
  const x = Math.min(groups, 65_535);
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, group, [offset]);
  pass.dispatchWorkgroups(x, Math.ceil(groups / x));
}
