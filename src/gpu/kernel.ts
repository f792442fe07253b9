/**
 * A kernel, declared once in its typed wrapper (src/gpu/*.ts beside shaders/*.wgsl): its WGSL, its
 * own small uniform struct, its storage bindings, the shared WGSL it includes and its pipeline-
 * overridable constants (workgroup and tile sizes). Everything the WGSL and the host must agree on
 * is generated from that declaration: the `Params` struct bound as `P` at binding 0 (with a dynamic
 * offset), every `@binding` declaration in order, the bind-group layout, and the override values.
 * The WGSL files therefore declare no bindings, and their overrides have no literal defaults (the
 * host's dispatch arithmetic reads the same values from the declaration).
 *
 * Pipelines are cached per device, keyed by label + override values + code, so two variants of one
 * kernel (other tile sizes, regenerated weights) coexist. Used by the simulator and the trainer alike.
 */
import { defineUniformStruct, type ScalarType, type UniformStruct } from './uniforms';

export type Access = 'read' | 'rw';
/** A storage binding: access and WGSL element type of its `array<…>`. */
export type Binding = readonly [Access, string];
export type UniformFields<F extends string> = readonly (readonly [F, ScalarType])[];

/** Shared WGSL a kernel joins in (not a kernel itself), with what it needs from the kernel. */
export interface Include<F extends string = string, B extends string = string> {
  readonly name: string;
  readonly wgsl: string;
  /** Uniform fields the included code reads from `P`. */
  readonly uniform?: UniformFields<F>;
  /** Storage bindings the included code reads or writes. */
  readonly bindings?: Readonly<Record<B, Binding>>;
  /** Default values of the overrides it declares (a kernel may set others). */
  readonly overrides?: Readonly<Record<string, number>>;
  /** Includes it needs in turn. */
  readonly needs?: readonly Include[];
}

export interface KernelSpec<F extends string = string, B extends string = string> {
  readonly label: string;
  readonly code: string;
  /** Own fields first, then those of the includes. */
  readonly uniform: UniformStruct<F>;
  /** In binding order, from binding 1: the includes' bindings, then the kernel's own. */
  readonly bindings: Readonly<Record<B, Binding>>;
  readonly includes: readonly Include[];
  readonly overrides: Readonly<Record<string, number>>;
}

type FieldsOf<I> = I extends Include<infer F, string> ? F : never;
type BindingsOf<I> = I extends Include<string, infer B> ? B : never;

/** The uniform field names of a kernel declaration. */
export type UniformFieldOf<S> = S extends KernelSpec<infer F, string> ? F : never;

/** The values of a kernel's uniform (missing fields are written as 0). */
export type ValuesOf<S> = S extends KernelSpec<infer F, string> ? Partial<Record<F, number>> : never;

/** Includes with their dependencies first, each once. */
function flatten(includes: readonly Include[], out: Include[] = []): Include[] {
  for (const inc of includes) {
    if (inc.needs) flatten(inc.needs, out);
    if (!out.includes(inc)) out.push(inc);
  }
  return out;
}

export function defineKernel<F extends string, B extends string = never, const I extends readonly Include[] = []>(decl: {
  label: string;
  code: string;
  uniform: UniformFields<F>;
  /** The kernel's own storage bindings (those of its includes are added). */
  bindings?: Readonly<Record<B, Binding>>;
  includes?: I;
  overrides?: Readonly<Record<string, number>>;
}): KernelSpec<F | FieldsOf<I[number]>, B | BindingsOf<I[number]>> {
  const includes = flatten(decl.includes ?? []);
  const fields: (readonly [string, ScalarType])[] = [...decl.uniform];
  const bindings: Record<string, Binding> = {};
  let overrides: Record<string, number> = {};
  for (const inc of includes) {
    for (const f of inc.uniform ?? []) if (!fields.some(([name]) => name === f[0])) fields.push(f);
    Object.assign(bindings, inc.bindings);
    overrides = { ...overrides, ...inc.overrides };
  }
  return {
    label: decl.label,
    code: decl.code,
    uniform: defineUniformStruct('Params', fields) as UniformStruct<F | FieldsOf<I[number]>>,
    bindings: { ...bindings, ...decl.bindings } as Record<B | BindingsOf<I[number]>, Binding>,
    includes,
    overrides: { ...overrides, ...decl.overrides },
  };
}

/** The same kernel with other override values (a tile shape, a weight mode): its own pipeline. */
export function withOverrides<F extends string, B extends string>(
  spec: KernelSpec<F, B>, label: string, overrides: Readonly<Record<string, number>>,
): KernelSpec<F, B> {
  return { ...spec, label, overrides: { ...spec.overrides, ...overrides } };
}

/** The full WGSL of a kernel: Params, P and the bindings (generated), the includes, the kernel. */
export function kernelSource(spec: KernelSpec): string {
  const decls = Object.entries(spec.bindings).map(([name, [access, type]], i) =>
    `@group(0) @binding(${i + 1}) var<storage, ${access === 'read' ? 'read' : 'read_write'}> ${name}: array<${type}>;`);
  return [
    `// ${spec.label}: Params and bindings generated from its declaration (src/gpu/kernel.ts).`,
    spec.uniform.wgsl,
    '@group(0) @binding(0) var<uniform> P: Params;',
    ...decls,
    '',
    ...spec.includes.map((i) => i.wgsl),
    spec.code,
  ].join('\n');
}

export interface Kernel<F extends string = string, B extends string = string> {
  readonly spec: KernelSpec<F, B>;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

/** The loaded kernel of a declaration. */
export type KernelOf<S> = S extends KernelSpec<infer F, infer B> ? Kernel<F, B> : never;

const cache = new WeakMap<GPUDevice, Map<string, Promise<Kernel>>>();

function cacheKey(spec: KernelSpec): string {
  const overrides = Object.entries(spec.overrides).sort(([a], [b]) => a.localeCompare(b));
  return `${spec.label}\n${JSON.stringify(overrides)}\n${kernelSource(spec)}`;
}

/** Compiles (once per device and variant) and returns the kernel's pipeline and layout. */
export function loadKernel<F extends string, B extends string>(device: GPUDevice, spec: KernelSpec<F, B>): Promise<Kernel<F, B>> {
  let map = cache.get(device);
  if (!map) cache.set(device, (map = new Map()));
  const key = cacheKey(spec);
  let kernel = map.get(key);
  if (!kernel) {
    kernel = buildKernel(device, spec);
    map.set(key, kernel);
    // A failed build (a lost device) is not cached.
    kernel.catch(() => map.delete(key));
  }
  return kernel as Promise<Kernel<F, B>>;
}

async function buildKernel(device: GPUDevice, spec: KernelSpec): Promise<Kernel> {
  const entries: GPUBindGroupLayoutEntry[] = [
    { binding: 0, visibility: GPUShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: spec.uniform.size } },
    ...Object.values(spec.bindings).map(([access], i) => ({
      binding: i + 1,
      visibility: GPUShaderStage.COMPUTE,
      buffer: { type: access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
    })),
  ];
  const layout = device.createBindGroupLayout({ label: `${spec.label} layout`, entries });
  const module = device.createShaderModule({ label: `${spec.label}.wgsl`, code: kernelSource(spec) });
  const pipeline = await device.createComputePipelineAsync({
    label: `${spec.label} pipeline`,
    layout: device.createPipelineLayout({ label: `${spec.label} pipeline layout`, bindGroupLayouts: [layout] }),
    compute: { module, entryPoint: 'main', constants: { ...spec.overrides } },
  });
  return { spec, pipeline, layout };
}

/** Any kernel declaration (its field and binding names are both read and written, hence `any`). */
type AnyKernelSpec = KernelSpec<any, any>;

/** A named set of loaded kernels, from a set of declarations. */
export type KernelSet<S extends Readonly<Record<string, AnyKernelSpec>>> = { readonly [K in keyof S]: KernelOf<S[K]> };

/** Compiles a set of kernels at once (each once per device). */
export async function loadKernelSet<S extends Readonly<Record<string, AnyKernelSpec>>>(device: GPUDevice, specs: S): Promise<KernelSet<S>> {
  const names = Object.keys(specs);
  const kernels = await Promise.all(names.map((name) => loadKernel(device, specs[name] as KernelSpec)));
  return Object.fromEntries(names.map((name, i) => [name, kernels[i]])) as KernelSet<S>;
}

/** Workgroups for `count` invocations of `size`, folded into y beyond the 65 535 per-dimension limit. */
export function elementGrid(count: number, size: number): [number, number] {
  const groups = Math.max(1, Math.ceil(count / size));
  const x = Math.min(groups, 65_535);
  return [x, Math.ceil(groups / x)];
}
