/**
 * deltascope's CPU engines on the benchmark's MLP, through the engine's own layer functions
 * (src/sim/layers.ts) on a backend (src/sim/backend.ts): `cpu`, the WebAssembly SIMD kernels on
 * every core (or `threads`), or `reference`, float64 sums on one thread. Each layer's product is
 * the backend's, f and f′ the engine's TypeScript loops, as in a simulation without statistics.
 */
import { openCpuBackend } from '../cpu/backend';
import { activationFn } from '../sim/activations';
import { Allocations, type CpuBackend, type CpuEngineKind, type LayerShape } from '../sim/backend';
import { engineLabel } from '../sim/stats';
import { cpuEngineInfo } from '../sim/cpu-engine';
import { applyDerivative, backwardLayer, forwardLayer } from '../sim/layers';
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
  g: Float32Array[];
  dx: Float32Array;
}

export async function cpuEnginePeer(name: string, kind: CpuEngineKind, activation: RunActivation, threads?: number): Promise<Peer> {
  const backend: CpuBackend = await openCpuBackend(kind, threads === undefined ? {} : { threads });
  const act = activationFn(activation);
  const df = activationFn(activation.derivative);
  let net: Net | null = null;
  return {
    name,
    describe() {
      const info = backend.info();
      const threading = info.threads > 1 ? 'multi-threaded' : 'single-threaded';
      return `deltascope ${engineLabel(cpuEngineInfo(info))}, ${threading}, ${act.def.name}`;
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
        g: [buffer(), buffer()],
        dx: new Float32Array(batch * width),
      };
    },
    async pass() {
      const { shape, weights, x, s, h, g } = net!;
      const t0 = performance.now();
      let input = x;
      for (let l = 0; l < weights.length; l++) {
        forwardLayer(backend, weights[l]!, null, input, s[l]!, h[l & 1]!, shape, act.def, act.param);
        input = h[l & 1]!;
      }
      // d Σh / dh = 1, so δ_top = f′(s_top); δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l); the input's gradient is W_1ᵀ δ_1.
      const top = weights.length - 1;
      let grad = g[0]!.fill(1);
      applyDerivative(grad, s[top]!, grad.length, df.def, df.param);
      for (let l = top; l > 0; l--) {
        const below = grad === g[0] ? g[1]! : g[0]!;
        backwardLayer(backend, weights[l]!, grad, s[l - 1]!, below, shape, df.def, df.param);
        grad = below;
      }
      const below = grad === g[0] ? g[1]! : g[0]!;
      backend.backward(below, grad, weights[0]!, shape);
      const ms = performance.now() - t0;
      net!.dx.set(below);
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
