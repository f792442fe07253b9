/**
 * Random orthogonal matrices (Haar measure): QR of a Gaussian matrix from the shared generator,
 * with Q's columns multiplied by sign(diag R) (Mezzadri 2007, "How to generate random matrices
 * from the classical compact groups"). Householder QR in float64.
 */
import { Stream, normal, streamKey } from './generator';

/** n×n row-major orthogonal matrix times `gain`, for layer `layer` of `seed`. */
export function orthogonalMatrix(n: number, seed: number, layer: number, gain: number): Float32Array {
  const key = streamKey(seed, Stream.orthogonal, layer);
  // A is stored column-major so each Householder step walks contiguous memory.
  const a = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) a[i] = normal(key, i);
  const vs: Float64Array[] = [];
  const signs = new Float64Array(n);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const col = k * n;
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[col + i] * a[col + i];
    norm = Math.sqrt(norm);
    const alpha = a[col + k] > 0 ? -norm : norm;
    // R_kk = alpha; the Haar correction multiplies column k of Q by sign(R_kk).
    signs[k] = alpha < 0 ? -1 : 1;
    v.fill(0);
    for (let i = k; i < n; i++) v[i] = a[col + i];
    v[k] -= alpha;
    let vnorm = 0;
    for (let i = k; i < n; i++) vnorm += v[i] * v[i];
    const hv = new Float64Array(n);
    if (vnorm > 0) {
      const inv = 1 / Math.sqrt(vnorm);
      for (let i = k; i < n; i++) hv[i] = v[i] * inv;
    }
    vs.push(hv);
    for (let c = k; c < n; c++) {
      const off = c * n;
      let dot = 0;
      for (let i = k; i < n; i++) dot += hv[i] * a[off + i];
      for (let i = k; i < n; i++) a[off + i] -= 2 * dot * hv[i];
    }
  }
  // Q = H_0 H_1 … H_{n−1} applied to the identity, column by column.
  const q = new Float32Array(n * n);
  const e = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    e.fill(0);
    e[c] = 1;
    for (let k = n - 1; k >= 0; k--) {
      const hv = vs[k];
      let dot = 0;
      for (let i = k; i < n; i++) dot += hv[i] * e[i];
      if (dot !== 0) for (let i = k; i < n; i++) e[i] -= 2 * dot * hv[i];
    }
    const g = gain * signs[c];
    for (let r = 0; r < n; r++) q[r * n + c] = g * e[r];
  }
  return q;
}
