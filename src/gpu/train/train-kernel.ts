/**
 * Kernel plumbing for the training kernels (shaders/train_*.wgsl): their own uniform struct
 * `TrainParams` (bound as `T` at binding 0 with a dynamic offset), the WGSL assembly, the
 * per-device pipeline cache and bind-group creation. The shared forward/backward kernels keep
 * their own `Params` (src/gpu/params.ts).
 */
import generatorWgsl from '../../../shaders/generator.wgsl?raw';
import scaledSumWgsl from '../../../shaders/scaled_sum.wgsl?raw';
import { activationWgsl } from '../../sim/activations';
import { PARAMS_SLOT, sharedWgslConstants } from '../params';
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

export type TrainInclude = 'generator' | 'activations' | 'scaled_sum';
type Access = 'read' | 'rw';

export interface TrainKernelSpec<B extends string> {
  label: string;
  code: string;
  includes: readonly TrainInclude[];
  bindings: Readonly<Record<B, readonly [number, Access]>>;
  /** Invocations per workgroup along x (for dispatch sizing of elementwise kernels). */
  wgSize: number;
}

export interface TrainKernel<B extends string> {
  readonly spec: TrainKernelSpec<B>;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

const INCLUDES: Record<TrainInclude, () => string> = {
  generator: () => generatorWgsl,
  activations: activationWgsl,
  scaled_sum: () => scaledSumWgsl,
};

export function trainKernelSource(spec: TrainKernelSpec<string>): string {
  return [
    sharedWgslConstants(),
    TrainParams.wgsl,
    '@group(0) @binding(0) var<uniform> T: TrainParams;',
    ...spec.includes.map((i) => INCLUDES[i]()),
    spec.code,
  ].join('\n');
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<TrainKernel<string>>>>();

/** Compiles a training kernel once per device (cached by label). */
export function loadTrainKernel<B extends string>(device: GPUDevice, spec: TrainKernelSpec<B>): Promise<TrainKernel<B>> {
  let map = cache.get(device);
  if (!map) cache.set(device, (map = new Map()));
  let p = map.get(spec.label);
  if (!p) {
    p = build(device, spec as TrainKernelSpec<string>);
    map.set(spec.label, p);
    p.catch(() => map!.delete(spec.label));
  }
  return p as Promise<TrainKernel<B>>;
}

async function build(device: GPUDevice, spec: TrainKernelSpec<string>): Promise<TrainKernel<string>> {
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: TrainParams.size } },
    ...Object.values<readonly [number, Access]>(spec.bindings).map(([binding, a]) => ({
      binding, visibility: GPUShaderStage.COMPUTE,
      buffer: { type: a === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
    })),
  ];
  const layout = device.createBindGroupLayout({ label: `${spec.label} layout`, entries });
  const module = device.createShaderModule({ label: `${spec.label}.wgsl`, code: trainKernelSource(spec) });
  const pipeline = await device.createComputePipelineAsync({
    label: `${spec.label} pipeline`,
    layout: device.createPipelineLayout({ label: `${spec.label} pipeline layout`, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main' },
  });
  return { spec, pipeline, layout };
}

export function trainBindGroup<B extends string>(
  device: GPUDevice, kernel: TrainKernel<B>, params: GPUBuffer, resources: Record<B, GPUBuffer>, label: string,
): GPUBindGroup {
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: params, size: TrainParams.size } }];
  for (const name of Object.keys(kernel.spec.bindings) as B[]) {
    entries.push({ binding: kernel.spec.bindings[name][0], resource: { buffer: resources[name] } });
  }
  return device.createBindGroup({ label, layout: kernel.layout, entries });
}

/** Dispatches `count` invocations of an elementwise kernel, folding into y beyond 65 535 workgroups. */
export function dispatchElements(pass: GPUComputePassEncoder, kernel: TrainKernel<string>, group: GPUBindGroup, offset: number, count: number): void {
  const groups = Math.max(1, Math.ceil(count / kernel.spec.wgSize));
  const x = Math.min(groups, 65_535);
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, group, [offset]);
  pass.dispatchWorkgroups(x, Math.ceil(groups / x));
}

export function dispatchGroups(pass: GPUComputePassEncoder, kernel: TrainKernel<string>, group: GPUBindGroup, offset: number, x: number, y = 1): void {
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, group, [offset]);
  pass.dispatchWorkgroups(x, y);
}
