/**
 * An independent, deliberately naive float64 network for the architecture tests: every layer's
 * u = W h + b, s = N(u) (none, LayerNorm over each example's units, BatchNorm over the batch for each
 * unit, (u − mean)/√(var + 1e-5) with the population variance), h = f(s) or h_prev + α·f(s), with the
 * activation chosen per unit. It shares no code with the engines but the generator's draws (weights,
 * input and targets come from the same seeded streams), so the loss can be differentiated by central
 * finite differences with respect to any s_l or h_l entry.
 */
export type Norm = 'none' | 'layer' | 'batch';

export interface ArchNetSpec {
  depth: number;
  width: number;
  batch: number;
  /** α of the residual stream; 0 for a plain net. */
  alpha: number;
  norm: Norm;
  /** f of unit j. */
  f: (j: number, x: number) => number;
  weights: ArrayLike<number>[];
  biases: (ArrayLike<number> | null)[];
  x: ArrayLike<number>;
  /** The loss: ⟨t, s_depth⟩ (plain, random top), ⟨t, h_depth⟩ (residual, random top) or ½‖h_depth − t‖² (mse). */
  top: { kind: 'random' | 'mse'; t: ArrayLike<number> };
}

/** Adds eps to entry k of s_l (`at: 's'`) or h_l (`at: 'h'`) as soon as it is computed; layer 1-based. */
export interface Nudge {
  at: 's' | 'h';
  layer: number;
  k: number;
  eps: number;
}

const EPS = 1e-5;

function normalize(u: Float64Array, batch: number, n: number, norm: Norm): Float64Array {
  if (norm === 'none') return u;
  const s = new Float64Array(u.length);
  const groups = norm === 'batch' ? n : batch;
  const count = norm === 'batch' ? batch : n;
  const index = (g: number, i: number): number => (norm === 'batch' ? i * n + g : g * n + i);
  for (let g = 0; g < groups; g++) {
    let mean = 0;
    for (let i = 0; i < count; i++) mean += u[index(g, i)] / count;
    let v = 0;
    for (let i = 0; i < count; i++) v += (u[index(g, i)] - mean) ** 2 / count;
    for (let i = 0; i < count; i++) s[index(g, i)] = (u[index(g, i)] - mean) / Math.sqrt(v + EPS);
  }
  return s;
}

/** Every layer's s and h (float64), with an optional nudge. */
export function archForward(net: ArchNetSpec, nudge?: Nudge): { s: Float64Array[]; h: Float64Array[] } {
  const { depth, width: n, batch } = net;
  let h = Float64Array.from(net.x);
  const ss: Float64Array[] = [];
  const hs: Float64Array[] = [];
  for (let l = 1; l <= depth; l++) {
    const w = net.weights[l - 1];
    const b = net.biases[l - 1];
    const u = new Float64Array(batch * n);
    for (let r = 0; r < batch; r++) {
      for (let i = 0; i < n; i++) {
        let acc = b ? b[i] : 0;
        for (let j = 0; j < n; j++) acc += w[i * n + j] * h[r * n + j];
        u[r * n + i] = acc;
      }
    }
    const s = normalize(u, batch, n, net.norm);
    if (nudge?.at === 's' && nudge.layer === l) s[nudge.k] += nudge.eps;
    const next = new Float64Array(batch * n);
    for (let k = 0; k < next.length; k++) {
      const f = net.f(k % n, s[k]);
      next[k] = net.alpha > 0 ? h[k] + net.alpha * f : f;
    }
    if (nudge?.at === 'h' && nudge.layer === l) next[nudge.k] += nudge.eps;
    ss.push(s);
    hs.push(next);
    h = next;
  }
  return { s: ss, h: hs };
}

export function archLoss(net: ArchNetSpec, nudge?: Nudge): number {
  const { s, h } = archForward(net, nudge);
  const { kind, t } = net.top;
  const L = net.depth - 1;
  let loss = 0;
  if (kind === 'mse') h[L].forEach((v, k) => { loss += 0.5 * (v - t[k]) ** 2; });
  else (net.alpha > 0 ? h[L] : s[L]).forEach((v, k) => { loss += t[k] * v; });
  return loss;
}

/** ∂L/∂s_l (`at: 's'`, δ_l) or ∂L/∂h_l (`at: 'h'`, g_l) by central differences, every entry of layer l. */
export function archGradient(net: ArchNetSpec, at: 's' | 'h', layer: number, eps = 1e-5): Float64Array {
  const out = new Float64Array(net.batch * net.width);
  for (let k = 0; k < out.length; k++) {
    out[k] = (archLoss(net, { at, layer, k, eps }) - archLoss(net, { at, layer, k, eps: -eps })) / (2 * eps);
  }
  return out;
}
