/**
 * deltascope's reference CPU engine on the benchmark's MLP: the float64-accumulating layer loops
 * of src/sim/layers.ts that the CPU engine runs (forward with f fused, backward with f′), one thread.
 */
import { activationFn } from '../sim/activations';
import type { RunActivation } from '../sim/specs';
import { backwardLayer, forwardLayer } from '../sim/layers';
import type { MlpConfig, MlpData, Peer } from './workload';

export function referencePeer(name: string, activation: RunActivation): Peer {
  const act = activationFn(activation);
  const df = activationFn(activation.derivative);
  let net: { config: MlpConfig; data: MlpData; s: Float32Array[]; h: Float32Array[]; d: Float32Array[]; acc: Float64Array } | null = null;
  return {
    name,
    describe: () => `deltascope reference CPU engine (src/sim/layers.ts: float64 accumulation, ${act.def.name}), 1 thread`,
    async prepare(config, data) {
      const size = config.batch * config.width;
      const buffers = (count: number) => Array.from({ length: count }, () => new Float32Array(size));
      net = { config, data, s: buffers(config.depth), h: buffers(2), d: buffers(2), acc: new Float64Array(config.width) };
    },
    async pass() {
      const { config: { depth, width: n, batch }, data, s, h, d, acc } = net!;
      const t0 = performance.now();
      let input = data.x;
      for (let l = 0; l < depth; l++) {
        forwardLayer(data.weights[l]!, null, input, s[l]!, h[l & 1]!, batch, n, n, act.def, act.param);
        input = h[l & 1]!;
      }
      // δ_depth: any batch × width values do for the timing; δ_l for l < depth as the engine computes it.
      d[(depth - 1) & 1]!.set(data.x);
      for (let l = depth - 2; l >= 0; l--) {
        backwardLayer(data.weights[l + 1]!, d[(l + 1) & 1]!, s[l]!, d[l & 1]!, batch, n, n, df.def, df.param, acc);
      }
      return performance.now() - t0;
    },
    async gradient() {
      return null;
    },
    release() {
      net = null;
    },
    dispose() {},
  };
}
