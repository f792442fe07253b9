/**
 * The allocator for matrices that live inside the kernels' WebAssembly memory, so that a kernel call
 * passes addresses and copies nothing. First fit over a sorted free list, blocks rounded to 64 bytes
 * (a cache line, and whole f32x4 vectors), neighbours merged on free; the memory grows on demand up
 * to its maximum, which wasm32 caps at 4 GiB. Growing never moves anything: a shared memory's old
 * views stay valid, and an unshared one's are only replaced for views handed out after the growth.
 */

const ALIGN = 64;
const PAGE = 65536;

/** Bytes an allocation of `floats` takes in the arena (for an engine's memory plan). */
export function allocationBytes(floats: number): number {
  return Math.max(ALIGN, Math.ceil((floats * 4) / ALIGN) * ALIGN);
}

export class CpuMemoryError extends RangeError {
  override name = 'CpuMemoryError';
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 0)} MiB`;
}

interface Block {
  offset: number;
  bytes: number;
}

export class Arena {
  /** Free blocks below `top`, sorted by offset, never adjacent. */
  private readonly freeBlocks: Block[] = [];
  /** Live allocations: byte offset → bytes. */
  private readonly live = new Map<number, number>();
  /** Random words at `start` that tell this memory's buffers from any other's (see owns). */
  private readonly tag = [Math.random() * 2 ** 32, Math.random() * 2 ** 32].map((x) => x | 0);
  /** First byte handed out, after the tag's cache line. */
  private readonly first: number;
  private top: number;
  private used = 0;

  /**
   * @param memory the kernels' memory
   * @param start where the arena begins (above the kernels' control block and scratch): the tag, then the allocations
   * @param capacityBytes the memory's maximum size in bytes
   * @param shared whether views survive growth (a shared memory); an unshared memory detaches them,
   *   so it grows only while nothing is allocated
   */
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly start: number,
    readonly capacityBytes: number,
    private readonly shared: boolean,
  ) {
    this.first = start + ALIGN;
    this.top = this.first;
    this.grow(this.first);
    new Int32Array(memory.buffer, start, 2).set(this.tag);
  }

  /** Bytes held by live allocations (rounded up to 64 bytes each). */
  get usedBytes(): number {
    return this.used;
  }

  /** Bytes that a new allocation could still get at most (ignoring fragmentation). */
  get availableBytes(): number {
    return this.capacityBytes - this.first - this.used;
  }

  /** Grows the memory now so that `bytes` of allocations fit without growing later. */
  reserve(bytes: number): void {
    if (this.first + bytes > this.capacityBytes) this.take(this.first + bytes - this.top); // throws the capacity error
    this.grow(this.first + bytes);
  }

  /** A zero-filled Float32Array of `floats` elements inside the memory. */
  alloc(floats: number): Float32Array {
    if (!Number.isSafeInteger(floats) || floats < 0) throw new RangeError(`alloc: floats must be a non-negative integer, got ${floats}`);
    const bytes = allocationBytes(floats);
    const offset = this.take(bytes);
    this.live.set(offset, bytes);
    this.used += bytes;
    const view = new Float32Array(this.memory.buffer, offset, floats);
    view.fill(0);
    return view;
  }

  /** Returns a view that alloc handed out (not a subarray of one) to the free list. */
  free(view: Float32Array): void {
    const bytes = this.owns(view) ? this.live.get(view.byteOffset) : undefined;
    if (bytes === undefined) throw new RangeError('free: this view is not an allocation of these kernels (or was freed already)');
    this.live.delete(view.byteOffset);
    this.used -= bytes;
    this.release({ offset: view.byteOffset, bytes });
  }

  /**
   * True when the view lies in this memory, in the arena. Buffer identity cannot tell: V8 hands out
   * a new buffer object for a shared memory whenever any shared memory in the process grows. The
   * tag can: a view's buffer is this memory when it holds the tag at the same place.
   */
  owns(view: Float32Array): boolean {
    const buffer = view.buffer;
    if (view.byteOffset < this.first || buffer.byteLength < this.first) return false;
    const words = new Int32Array(buffer, this.start, 2);
    return words[0] === this.tag[0] && words[1] === this.tag[1];
  }

  private take(bytes: number): number {
    const i = this.freeBlocks.findIndex((b) => b.bytes >= bytes);
    if (i >= 0) {
      const block = this.freeBlocks[i]!;
      const offset = block.offset;
      if (block.bytes === bytes) this.freeBlocks.splice(i, 1);
      else {
        block.offset += bytes;
        block.bytes -= bytes;
      }
      return offset;
    }
    const offset = this.top;
    const end = offset + bytes;
    if (end > this.capacityBytes) {
      throw new CpuMemoryError(
        `the CPU kernels' memory cannot hold ${mib(bytes)} more: it holds at most ${mib(this.capacityBytes)} ` +
          `(wasm32 addresses 4 GiB at most) and ${mib(this.used)} are in use`,
      );
    }
    this.grow(end);
    this.top = end;
    return offset;
  }

  private grow(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    if (!this.shared && this.live.size > 0) {
      throw new CpuMemoryError(
        `the CPU kernels' memory is not shared here and cannot grow to ${mib(end)} while matrices are ` +
          'allocated (growing would detach their views): reserve it up front (createCpuKernels({ reserveBytes }))',
      );
    }
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch (err) {
      throw new CpuMemoryError(`the CPU kernels' memory could not grow to ${mib(end)}: ${(err as Error).message}`);
    }
  }

  private release(block: Block): void {
    const blocks = this.freeBlocks;
    let i = blocks.findIndex((b) => b.offset > block.offset);
    if (i < 0) i = blocks.length;
    blocks.splice(i, 0, block);
    const next = blocks[i + 1];
    if (next && block.offset + block.bytes === next.offset) {
      block.bytes += next.bytes;
      blocks.splice(i + 1, 1);
    }
    const prev = blocks[i - 1];
    if (prev && prev.offset + prev.bytes === block.offset) {
      prev.bytes += block.bytes;
      blocks.splice(i, 1);
    }
    const lastFree = blocks[blocks.length - 1];
    if (lastFree && lastFree.offset + lastFree.bytes === this.top) {
      this.top = lastFree.offset;
      blocks.pop();
    }
  }
}
