/**
 * Kernel definition and the per-device pipeline cache. A kernel is one WGSL file (plus the shared
 * helper files it names) with an explicit bind-group layout; binding 0 is always the per-dispatch
 * uniform struct (`Params` as `P` unless the spec names another), bound with a dynamic offset.
 * Pipelines and layouts are built once per device. The training kernels use the same machinery
 * with their own struct (src/gpu/train/train-kernel.ts).
 */
import { activationWgsl } from '../sim/activations';
import generatorWgsl from '../../shaders/generator.wgsl?raw';
import scaledSumWgsl from '../../shaders/scaled_sum.wgsl?raw';
import tileWgsl from '../../shaders/tile.wgsl?raw';
import weightsWgsl from '../../shaders/weights.wgsl?raw';
import { LayerParams, STATS_WG, TILE, sharedWgslConstants } from './params';
import type { UniformStruct } from './uniforms';

export type BindingKind = 'read' | 'rw';
/** Helper WGSL files a kernel can include, in this order. */
export type Include = 'generator' | 'activations' | 'scaled_sum' | 'tile' | 'weights';

/** The uniform struct bound at binding 0 and the name the WGSL code reads it by. */
export interface UniformBinding {
  struct: UniformStruct<string>;
  name: string;
}

/** The simulator kernels' uniform: `P: Params`. */
export const LAYER_UNIFORM: UniformBinding = { struct: LayerParams, name: 'P' };

export interface KernelSpec<B extends string> {
  label: string;
  code: string;
  includes: readonly Include[];
  /** Storage bindings by name: [binding index, access]. */
  bindings: Readonly<Record<B, readonly [number, BindingKind]>>;
  /** Pipeline-overridable constants of this variant (e.g. REGENERATE_WEIGHTS). */
  constants?: Readonly<Record<string, number>>;
  /** The uniform at binding 0; LAYER_UNIFORM when absent. */
  uniform?: UniformBinding;
}

export interface Kernel<B extends string> {
  readonly spec: KernelSpec<B>;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

const INCLUDE_SOURCE: Record<Include, () => string> = {
  generator: () => generatorWgsl,
  activations: activationWgsl,
  scaled_sum: () => scaledSumWgsl,
  tile: () => tileWgsl,
  weights: () => weightsWgsl,
};

/** The full WGSL of a kernel: shared constants, the Params struct and binding, includes, the kernel. */
export function kernelSource(spec: KernelSpec<string>): string {
  const u = spec.uniform ?? LAYER_UNIFORM;
  return [
    sharedWgslConstants(),
    u.struct.wgsl,
    `@group(0) @binding(0) var<uniform> ${u.name}: ${u.struct.name};`,
    ...spec.includes.map((i) => INCLUDE_SOURCE[i]()),
    spec.code,
  ].join('\n');
}

/** Override values passed at pipeline creation (the WGSL defaults equal these; TS is the source). */
function overridesFor(spec: KernelSpec<string>): Record<string, number> {
  const code = spec.code + (spec.includes.includes('tile') ? tileWgsl : '');
  const all: Record<string, number> = { WG_X: TILE.wgX, WG_Y: TILE.wgY, TK: TILE.tk, STATS_WG };
  const used = Object.entries(all).filter(([k]) => new RegExp(`override ${k}\\b`).test(code));
  return { ...Object.fromEntries(used), ...spec.constants };
}

function uniformSize(spec: KernelSpec<string>): number {
  return (spec.uniform ?? LAYER_UNIFORM).struct.size;
}

export function defineKernel<B extends string>(spec: KernelSpec<B>): KernelSpec<B> {
  return spec;
}

const cache = new WeakMap<GPUDevice, Map<string, Kernel<string>>>();
const pending = new WeakMap<GPUDevice, Map<string, Promise<Kernel<string>>>>();

/** Compiles (once per device) and returns the kernel's pipeline and layout. */
export async function loadKernel<B extends string>(device: GPUDevice, spec: KernelSpec<B>): Promise<Kernel<B>> {
  const done = cache.get(device)?.get(spec.label);
  if (done) return done as Kernel<B>;
  let inflight = pending.get(device);
  if (!inflight) pending.set(device, (inflight = new Map()));
  let promise = inflight.get(spec.label);
  if (!promise) {
    promise = buildKernel(device, spec as KernelSpec<string>);
    inflight.set(spec.label, promise);
  }
  try {
    const kernel = await promise;
    let map = cache.get(device);
    if (!map) cache.set(device, (map = new Map()));
    map.set(spec.label, kernel);
    return kernel as Kernel<B>;
  } finally {
    inflight.delete(spec.label);
  }
}

async function buildKernel(device: GPUDevice, spec: KernelSpec<string>): Promise<Kernel<string>> {
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: uniformSize(spec) } },
    ...Object.values<readonly [number, BindingKind]>(spec.bindings).map(([binding, kind]) => ({
      binding,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: kind === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
    })),
  ];
  const layout = device.createBindGroupLayout({ label: `${spec.label} layout`, entries });
  const module = device.createShaderModule({ label: `${spec.label}.wgsl`, code: kernelSource(spec) });
  const pipeline = await device.createComputePipelineAsync({
    label: `${spec.label} pipeline`,
    layout: device.createPipelineLayout({ label: `${spec.label} pipeline layout`, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main', constants: overridesFor(spec) },
  });
  return { spec, pipeline, layout };
}

/** A buffer or a range of one, as bound to a storage binding. */
export type BufferBinding = GPUBuffer | { buffer: GPUBuffer; offset?: number; size?: number };

export function createBindGroup<B extends string>(
  device: GPUDevice, kernel: Kernel<B>, params: GPUBuffer, resources: Record<B, BufferBinding>, label: string,
): GPUBindGroup {
  const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: params, size: uniformSize(kernel.spec) } }];
  for (const name of Object.keys(kernel.spec.bindings) as B[]) {
    const r = resources[name];
    entries.push({ binding: kernel.spec.bindings[name][0], resource: 'buffer' in r ? r : { buffer: r } });
  }
  return device.createBindGroup({ label, layout: kernel.layout, entries });
}

/** Sets pipeline and bind group (with this dispatch's uniform slot) and dispatches. */
export function dispatch(pass: GPUComputePassEncoder, kernel: Kernel<string>, group: GPUBindGroup, paramsOffset: number, x: number, y = 1): void {
  pass.setPipeline(kernel.pipeline);
  pass.setBindGroup(0, group, [paramsOffset]);
  pass.dispatchWorkgroups(x, y);
}
