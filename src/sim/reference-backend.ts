/**
 * The reference backend (src/sim/backend.ts): the products as plain TypeScript loops that
 * accumulate in float64 and store in float32, on one thread, in ordinary Float32Arrays. It is the
 * source of truth the `cpu` and `webgpu` engines are tested against, and its loops are the ones the
 * CPU engine always had, so its results stay what they were.
 */
import type { BackendInfo, CpuBackend, LayerShape } from './backend';
import { fillValues } from './generator';

const INFO: BackendInfo = { kind: 'reference', threads: 1, threadsReason: 'the reference engine runs on one thread', simd: null };

export function referenceBackend(): CpuBackend {
  /** Row accumulators in float64, grown to the widest layer seen. */
  let acc = new Float64Array(0);
  const row = (n: number): Float64Array => {
    if (acc.length < n) acc = new Float64Array(n);
    return acc;
  };
  return {
    kind: 'reference',
    alloc: (floats) => new Float32Array(floats),
    free: () => {},
    allocationBytes: (floats) => floats * 4,
    availableBytes: () => null,

    forward(s, h, w, bias, { batch, nIn, nOut }: LayerShape) {
      const n4 = nIn - (nIn % 4);
      for (let b = 0; b < batch; b++) {
        const hb = b * nIn;
        const ob = b * nOut;
        for (let i = 0; i < nOut; i++) {
          const wi = i * nIn;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          let j = 0;
          for (; j < n4; j += 4) {
            a0 += w[wi + j] * h[hb + j];
            a1 += w[wi + j + 1] * h[hb + j + 1];
            a2 += w[wi + j + 2] * h[hb + j + 2];
            a3 += w[wi + j + 3] * h[hb + j + 3];
          }
          for (; j < nIn; j++) a0 += w[wi + j] * h[hb + j];
          s[ob + i] = a0 + a1 + a2 + a3 + (bias ? bias[i] : 0);
        }
      }
    },

    // Row-wise axpy keeps W's reads contiguous.
    backward(g, d, w, { batch, nIn, nOut }: LayerShape) {
      const a = row(nIn);
      for (let b = 0; b < batch; b++) {
        a.fill(0, 0, nIn);
        const db = b * nOut;
        for (let i = 0; i < nOut; i++) {
          const di = d[db + i];
          if (di === 0) continue;
          const wi = i * nIn;
          for (let j = 0; j < nIn; j++) a[j] += di * w[wi + j];
        }
        const ob = b * nIn;
        for (let j = 0; j < nIn; j++) g[ob + j] = a[j];
      }
    },

    weightGrad(gw, d, h, scale, { batch, nIn, nOut }: LayerShape) {
      const a = row(nIn);
      for (let i = 0; i < nOut; i++) {
        a.fill(0, 0, nIn);
        for (let b = 0; b < batch; b++) {
          const di = d[b * nOut + i];
          if (di === 0) continue;
          const hb = b * nIn;
          for (let j = 0; j < nIn; j++) a[j] += di * h[hb + j];
        }
        const wi = i * nIn;
        for (let j = 0; j < nIn; j++) gw[wi + j] = a[j] * scale;
      }
    },

    fill: (out, spec) => void fillValues(out, spec),
    info: () => INFO,
    dispose: () => {},
  };
}
