/**
 * deltascope's WebGPU engine on the benchmark's MLP, through the headless API (in-process Dawn or
 * headless Chromium): `passes` times the forward+backward passes alone (several per submit, no
 * statistics, the network kept on the device between passes), `run` a whole simulation as a user
 * runs it (weights generated, both passes, every statistic reduced and read back, finalized).
 * Both generate the MLP's data on the GPU from the same seed, so they compute the same network.
 */
import type { TuneDecision } from '../gpu/autotune';
import type { HeadlessApi } from '../headless/protocol';
import type { SimConfig } from '../sim/config';
import type { MlpConfig, Peer } from './workload';

export interface WebGpuPeerOptions {
  iterations: number;
  memoryBudgetBytes: number;
  /** The simulation of a grid point (its activation, He init, seed 1). */
  simConfig: (c: MlpConfig) => SimConfig;
}

/** The variants of the last timed pass, in words. */
export function tilesText(tiles: readonly TuneDecision[]): string {
  return tiles.map((t) => `${t.kind} ${t.variant} (${t.source})`).join(', ');
}

export async function webgpuPeer(name: string, api: HeadlessApi, mode: 'passes' | 'run', opts: WebGpuPeerOptions): Promise<Peer> {
  let config: SimConfig | null = null;
  let tiles: readonly TuneDecision[] = [];
  const what = mode === 'passes' ? 'forward+backward passes alone' : 'whole runs, statistics included';
  return {
    name,
    describe: () => `deltascope WebGPU engine, ${what}${tiles.length ? ` (matmuls ${tilesText(tiles)})` : ''}`,
    async prepare(c) {
      config = opts.simConfig(c);
    },
    async pass() {
      const memoryBudgetBytes = opts.memoryBudgetBytes;
      if (mode === 'run') return (await api.run(config!, { memoryBudgetBytes })).timing.ms;
      const r = await api.bench(config!, { iterations: opts.iterations, repeats: 1, warmup: 0, memoryBudgetBytes });
      tiles = r.tiles;
      return r.msPerPass;
    },
    async gradient() {
      return null;
    },
    release() {
      config = null;
    },
    dispose() {},
  };
}
