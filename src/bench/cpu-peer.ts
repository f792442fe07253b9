/**
 * deltascope's CPU engines on the benchmark's MLP, through the engine's own layer functions
 * (src/sim/layers.ts) on a backend (src/sim/backend.ts): `cpu`, the WebAssembly SIMD kernels on
 * every core (or `threads`), or `reference`, float64 sums on one thread. Each layer's product is
 * the backend's, f and f′ the engine's TypeScript loops, as in a simulation without statistics.
 */
import { openCpuBackend } from '../cpu/backend';
import { Allocations, type CpuBackend, type CpuEngineKind, type LayerShape } from '../sim/backend';
import { engineLabel } from '../sim/stats';
import { cpuEngineInfo } from '../sim/cpu-engine';
import { backwardLayer, deltaFromStream, forwardLayer, unitActs } from '../sim/layers';
import type { RunActivation } from '../sim/specs';
import type { MlpConfig, MlpData, Peer } from './workload';

interface Net {
  mem: Allocations;
  shape: LayerShape;
  weights: Float32Array[];
  x: Float32Array;
  /** Pre-activations of every layer (the backward pass needs f′(s_l)). */
  s: Float32Array[];
  /** Activations and gradients, two of each, used in turn. */
  h: Float32Array[];
  /** g_l = ∂(Σh)/∂h_l, and δ_l two of them used in turn. */
  g: Float32Array;
  d: Float32Array[];
  dx: Float32Array;
}

export async function cpuEnginePeer(name: string, kind: CpuEngineKind, activation: RunActivation, threads?: number): Promise<Peer> {
  const backend: CpuBackend = await openCpuBackend(kind, threads === undefined ? {} : { threads });
  let net: Net | null = null;
  return {
    name,
    describe() {
      const info = backend.info();
      const threading = info.threads > 1 ? 'multi-threaded' : 'single-threaded';
      return `deltascope ${engineLabel(cpuEngineInfo(info))}, ${threading}, ${activation.spec}`;
    },
    async prepare({ depth, width, batch }: MlpConfig, lazy: () => MlpData) {
      const data = lazy();
      const mem = new Allocations(backend);
      const buffer = () => mem.alloc(batch * width);
      net = {
        mem,
        shape: { batch, nIn: width, nOut: width },
        weights: data.weights.map((w) => mem.copy(w)),
        x: mem.copy(data.x),
        s: Array.from({ length: depth }, buffer),
        h: [buffer(), buffer()],
        g: buffer(),
        d: [buffer(), buffer()],
        dx: new Float32Array(batch * width),
      };
    },
    async pass() {
      const { shape, weights, x, s, h, g, d } = net!;
      const { batch, nOut: n } = shape;
      const fActs = unitActs(activation, n, 'f');
      const dfActs = unitActs(activation, n, 'df');
      const t0 = performance.now();
      let input = x;
      for (let l = 0; l < weights.length; l++) {
        forwardLayer(backend, weights[l]!, null, input, s[l]!, h[l & 1]!, shape, fActs);
        input = h[l & 1]!;
      }
      // d Σh / dh = 1, so δ_top = f′(s_top); g_{l−1} = W_lᵀ δ_l, δ_l = g_l ⊙ f′(s_l); the input's gradient is g_0.
      const top = weights.length - 1;
      deltaFromStream(g.fill(1), s[top]!, d[top & 1]!, batch, n, dfActs, 1);
      for (let l = top; l > 0; l--) {
        backwardLayer(backend, weights[l]!, d[l & 1]!, null, g, shape);
        deltaFromStream(g, s[l - 1]!, d[(l - 1) & 1]!, batch, n, dfActs, 1);
      }
      backwardLayer(backend, weights[0]!, d[0]!, null, g, shape);
      const ms = performance.now() - t0;
      net!.dx.set(g);
      return ms;
    },
    async gradient() {
      return net?.dx ?? null;
    },
    release() {
      net?.mem.freeAll();
      net = null;
    },
    dispose() {
      backend.dispose();
    },
  };
}
