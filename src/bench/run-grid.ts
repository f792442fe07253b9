/**
 * Runs the peers over a grid of MLP configurations: per configuration every peer is prepared with
 * the same data, warmed up (`warmup` passes, then more until a second has gone or three were run,
 * so that V8 has optimized the code; none with warmup 0), then timed `repeats` times in turn
 * (interleaved, so a machine shared with other work slows every peer alike); a row holds each
 * peer's median. A peer whose pass would exceed the budget (predicted from its latest rate:
 * configurations come smallest width first) is skipped for that row, and so is one that refuses
 * the configuration (a ConfigError: more memory than it may use), with its reason.
 */
import { median } from '../gpu/median';
import { ConfigError } from '../sim/config';
import { mlpData, mlpFlops, type MlpConfig, type MlpData, type Peer } from './workload';

const WARMUP_PASSES = 3;
const WARMUP_MS = 1000;

export interface PeerResult {
  ms: number;
  gflops: number;
}

export interface GridRow extends MlpConfig {
  /** Peer name → median, or null when skipped over budget. */
  results: Record<string, PeerResult | null>;
  /** Peer name → relative L2 distance of its input gradient from the first peer's (same data). */
  agreement: Record<string, number>;
  /** Peer name → why it refused this configuration. */
  refused: Record<string, string>;
}

export interface GridOptions {
  repeats: number;
  warmup: number;
  /** Longest pass, in ms, a peer is run for. */
  budgetMs: number;
  onProgress?: (message: string) => void;
}

function relativeDistance(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += a[i]! ** 2;
  }
  return Math.sqrt(diff / norm);
}

export async function runGrid(peers: Peer[], configs: MlpConfig[], options: GridOptions): Promise<GridRow[]> {
  const rate = new Map<string, number>(); // flops per ms of each peer's latest pass
  const rows: GridRow[] = [];
  for (const config of configs) {
    const flops = mlpFlops(config);
    options.onProgress?.(`depth ${config.depth}, width ${config.width}, batch ${config.batch}`);
    let drawn: MlpData | null = null;
    const data = (): MlpData => (drawn ??= mlpData(config));
    const withinBudget = (p: Peer): boolean => !rate.has(p.name) || flops / rate.get(p.name)! <= options.budgetMs;
    const refused: GridRow['refused'] = {};
    /** Runs `step` for `p`; a ConfigError takes p out of this row. */
    const attempt = async (p: Peer, step: () => Promise<void>): Promise<void> => {
      if (refused[p.name] !== undefined) return;
      try {
        await step();
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        refused[p.name] = err.message;
      }
    };
    const active = peers.filter(withinBudget);
    const samples = new Map<string, number[]>(active.map((p) => [p.name, []]));
    for (const p of active) {
      await attempt(p, async () => {
        await p.prepare(config, data);
        for (let n = 0, spent = 0; n < options.warmup || (n > 0 && n < WARMUP_PASSES && spent < WARMUP_MS); n++) {
          const ms = await p.pass();
          spent += ms;
          rate.set(p.name, flops / ms);
        }
      });
    }
    const timed = active.filter((p) => withinBudget(p) && refused[p.name] === undefined);
    for (let r = 0; r < options.repeats; r++) {
      for (const p of timed) {
        await attempt(p, async () => {
          const ms = await p.pass();
          samples.get(p.name)!.push(ms);
          rate.set(p.name, flops / ms);
        });
      }
    }
    const results: GridRow['results'] = {};
    const agreement: GridRow['agreement'] = {};
    const reference = refused[peers[0]!.name] === undefined ? await peers[0]!.gradient() : null;
    for (const p of peers) {
      const s = samples.get(p.name);
      results[p.name] = timed.includes(p) && refused[p.name] === undefined && s ? { ms: median(s), gflops: flops / median(s) / 1e6 } : null;
      const g = active.includes(p) && refused[p.name] === undefined && p !== peers[0] ? await p.gradient() : null;
      if (g && reference) agreement[p.name] = relativeDistance(reference, g);
    }
    for (const p of active) p.release();
    rows.push({ ...config, results, agreement, refused });
  }
  return rows;
}
