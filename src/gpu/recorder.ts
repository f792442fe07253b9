/**
 * The one dispatch recorder of the simulator and the trainer. A dispatch is recorded as (kernel,
 * its uniform values, the buffers it binds, workgroups); `finish` then packs the uniforms into
 * 256-byte slots of one uniform buffer (bound with a dynamic offset), writes them once, and encodes
 * every recorded pass into one command buffer.
 *
 * - Uniform capacity comes from what was recorded: the buffer grows when a command buffer needs more
 *   slots; identical uniforms share a slot, so a training submit of 64 steps stores each layer's
 *   uniforms once. Values dispatched again and again can be packed once (`pack`).
 * - Bind groups are cached by the objects they bind (the kernel's layout and each buffer), never by
 *   hand-built strings, and labelled with the kernel and the buffers' labels.
 */
import type { Kernel } from './kernel';

/** Dynamic uniform offsets must be multiples of minUniformBufferOffsetAlignment (256 on every adapter). */
export const UNIFORM_SLOT = 256;

export type Grid = readonly [number, number?, number?];

interface Dispatch {
  kernel: Kernel;
  slot: number;
  buffers: GPUBuffer[];
  grid: Grid;
}

interface Pass {
  label: string;
  dispatches: Dispatch[];
}

/** Objects → value, keyed by the identity of every object in order. */
class IdentityCache<V> {
  private readonly root = new Map<object, unknown>();
  get(keys: readonly object[], make: () => V): V {
    let node = this.root;
    for (let i = 0; i < keys.length - 1; i++) {
      let next = node.get(keys[i]) as Map<object, unknown> | undefined;
      if (!next) node.set(keys[i], (next = new Map()));
      node = next;
    }
    const last = keys[keys.length - 1];
    let v = node.get(last) as V | undefined;
    if (v === undefined) node.set(last, (v = make()));
    return v;
  }
  clear(): void {
    this.root.clear();
  }
}

/** A kernel's uniform values packed once (for dispatches repeated every step). */
export class PackedUniform<F extends string = string> {
  private declare readonly fields: F;
  constructor(readonly bytes: Uint8Array, readonly key: string) {}
}

/** Packs `values` into a kernel's uniform struct (missing fields 0); the key is its bytes up to the last nonzero word. */
export function packUniform<F extends string>(kernel: Kernel<F, string>, values: Partial<Record<F, number>>): PackedUniform<F> {
  const struct = kernel.spec.uniform;
  if (struct.size > UNIFORM_SLOT) throw new Error(`internal: ${kernel.spec.label}'s uniform (${struct.size} bytes) exceeds a ${UNIFORM_SLOT}-byte slot`);
  const bytes = new Uint8Array(UNIFORM_SLOT);
  struct.pack(new DataView(bytes.buffer), 0, values);
  const words = new Uint32Array(bytes.buffer, 0, struct.size / 4);
  let end = words.length;
  while (end > 0 && words[end - 1] === 0) end--;
  return new PackedUniform(bytes, words.subarray(0, end).join(','));
}

/** Records the dispatches of one compute pass. */
export class PassRecorder {
  constructor(private readonly owner: DispatchRecorder, private readonly pass: Pass) {}

  dispatch<F extends string, B extends string>(
    kernel: Kernel<F, B>, values: Partial<Record<F, number>> | PackedUniform<F>, resources: Readonly<Record<B, GPUBuffer>>, grid: Grid,
  ): void {
    const buffers = (Object.keys(kernel.spec.bindings) as B[]).map((name) => {
      const b = resources[name];
      if (!b) throw new Error(`internal: ${kernel.spec.label} dispatched without a buffer for '${name}'`);
      return b;
    });
    const uniform = values instanceof PackedUniform ? values : packUniform(kernel, values);
    this.pass.dispatches.push({ kernel: kernel as unknown as Kernel, slot: this.owner.slotFor(uniform), buffers, grid });
  }
}

export class DispatchRecorder {
  private image = new ArrayBuffer(16 * UNIFORM_SLOT);
  private slots = new Map<string, number>();
  private passes: Pass[] = [];
  private buffer: GPUBuffer | null = null;
  private readonly groups = new IdentityCache<GPUBindGroup>();

  constructor(readonly device: GPUDevice, readonly label: string) {}

  pass(label: string): PassRecorder {
    const pass: Pass = { label, dispatches: [] };
    this.passes.push(pass);
    return new PassRecorder(this, pass);
  }

  /** The slot holding these uniform bytes in the command buffer being recorded (shared when equal). */
  slotFor(uniform: PackedUniform): number {
    let slot = this.slots.get(uniform.key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(uniform.key, slot);
      if ((slot + 1) * UNIFORM_SLOT > this.image.byteLength) this.grow((slot + 1) * UNIFORM_SLOT);
      new Uint8Array(this.image, slot * UNIFORM_SLOT, UNIFORM_SLOT).set(uniform.bytes);
    }
    return slot;
  }

  private grow(bytes: number): void {
    const next = new ArrayBuffer(Math.max(bytes, 2 * this.image.byteLength));
    new Uint8Array(next).set(new Uint8Array(this.image));
    this.image = next;
  }

  /** A uniform buffer of at least `bytes`; a new one (and new bind groups) when the old is too small. */
  private uniformBuffer(bytes: number): GPUBuffer {
    if (this.buffer && this.buffer.size >= bytes) return this.buffer;
    const size = Math.max(bytes, 2 * (this.buffer?.size ?? 0), 16 * UNIFORM_SLOT);
    if (size > this.device.limits.maxBufferSize) {
      throw new Error(`internal: ${this.slots.size} uniform slots in one command buffer exceed the device's buffer size limit (${this.label})`);
    }
    this.buffer?.destroy();
    this.groups.clear();
    this.buffer = this.device.createBuffer({ label: `${this.label} uniform slots`, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    return this.buffer;
  }

  private bindGroup(d: Dispatch, uniforms: GPUBuffer): GPUBindGroup {
    return this.groups.get([d.kernel.layout, ...d.buffers], () => this.device.createBindGroup({
      label: `${d.kernel.spec.label} bind group (${d.buffers.map((b) => b.label).join(', ')})`,
      layout: d.kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: uniforms, size: d.kernel.spec.uniform.size } },
        ...d.buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
      ],
    }));
  }

  /**
   * Writes the recorded uniforms and encodes the recorded passes (then `after`, e.g. copies) into one
   * command buffer, and starts recording the next. Submit it before finishing another: the next
   * finish rewrites the same slots.
   */
  finish(label: string, after?: (encoder: GPUCommandEncoder) => void): GPUCommandBuffer {
    const bytes = this.slots.size * UNIFORM_SLOT;
    const encoder = this.device.createCommandEncoder({ label });
    if (bytes > 0) {
      const uniforms = this.uniformBuffer(bytes);
      this.device.queue.writeBuffer(uniforms, 0, this.image, 0, bytes);
      for (const p of this.passes) {
        const pass = encoder.beginComputePass({ label: p.label });
        let pipeline: GPUComputePipeline | null = null;
        for (const d of p.dispatches) {
          if (d.kernel.pipeline !== pipeline) pass.setPipeline((pipeline = d.kernel.pipeline));
          pass.setBindGroup(0, this.bindGroup(d, uniforms), [d.slot * UNIFORM_SLOT]);
          pass.dispatchWorkgroups(d.grid[0], d.grid[1] ?? 1, d.grid[2] ?? 1);
        }
        pass.end();
      }
    }
    after?.(encoder);
    this.passes = [];
    this.slots.clear();
    return encoder.finish();
  }

  submit(label: string, after?: (encoder: GPUCommandEncoder) => void): void {
    this.device.queue.submit([this.finish(label, after)]);
  }

  dispose(): void {
    this.groups.clear();
    this.buffer?.destroy();
    this.buffer = null;
  }
}
