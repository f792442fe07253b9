/** deltascope's CPU kernels on the benchmark's MLP: each layer a kernel call, the ReLU and f′ in TypeScript. */
import { createCpuKernels, type CpuKernels, type LayerShape } from '../cpu/kernels';
import type { MlpConfig, MlpData, Peer } from './workload';

interface Net {
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

export async function cpuKernelsPeer(name: string, threads?: number): Promise<Peer> {
  const kernels: CpuKernels = await createCpuKernels(threads === undefined ? {} : { threads });
  let net: Net | null = null;
  const views = (): Float32Array[] => (net ? [...net.weights, net.x, ...net.s, ...net.h, ...net.g] : []);

  return {
    name,
    describe() {
      const i = kernels.info();
      return `deltascope CPU kernels: WebAssembly ${i.simd} SIMD, ${i.threads > 1 ? 'multi-threaded, ' : ''}${i.threads} thread${i.threads === 1 ? '' : 's'} (${i.reason})`;
    },
    async prepare({ depth, width, batch }: MlpConfig, data: MlpData) {
      const act = () => kernels.alloc(batch * width);
      net = {
        shape: { batch, nIn: width, nOut: width },
        weights: data.weights.map((w) => {
          const v = kernels.alloc(w.length);
          v.set(w);
          return v;
        }),
        x: act(),
        s: Array.from({ length: depth }, act),
        h: [act(), act()],
        g: [act(), act()],
        dx: new Float32Array(batch * width),
      };
      net.x.set(data.x);
    },
    async pass() {
      const { shape, weights, x, s, h, g } = net!;
      const t0 = performance.now();
      let input = x;
      for (let l = 0; l < weights.length; l++) {
        const sl = s[l]!;
        const out = h[l & 1]!;
        kernels.forward(sl, input, weights[l]!, null, shape);
        for (let i = 0; i < sl.length; i++) out[i] = sl[i]! > 0 ? sl[i]! : 0;
        input = out;
      }
      // d Σh / dh = 1; then δ_l = g ⊙ f′(s_l) in place, and the gradient below it is δ_l W_l.
      let grad = g[0]!.fill(1);
      for (let l = weights.length - 1; l >= 0; l--) {
        const sl = s[l]!;
        for (let i = 0; i < sl.length; i++) if (!(sl[i]! > 0)) grad[i] = 0;
        const below = grad === g[0] ? g[1]! : g[0]!;
        kernels.backward(below, grad, weights[l]!, shape);
        grad = below;
      }
      const ms = performance.now() - t0;
      net!.dx.set(grad);
      return ms;
    },
    async gradient() {
      return net?.dx ?? null;
    },
    release() {
      for (const v of views()) kernels.free(v);
      net = null;
    },
    dispose() {
      kernels.dispose();
    },
  };
}
