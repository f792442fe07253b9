/**
 * The page's side of the theory worker. Requests are answered in order; a newer request of the
 * same kind makes the older answer stale (its promise resolves with null).
 */
import type { RunActivation, SimConfig } from '../sim/config';
import type { RunTheoryInfo } from '../sim/stats';
import type { PhaseData, TheoryReply, TheoryRequest } from './theory-protocol';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export interface TheoryCurves {
  /** deltaRms and deltaLog10 per layer, keyed by activation spec. */
  curves: Record<string, number[]>;
  log10: Record<string, number[]>;
  info: Record<string, RunTheoryInfo>;
}

export class TheoryClient {
  /** One worker per kind, so a slow phase grid never delays the curves of a finished run. */
  private workers: Record<TheoryRequest['type'], Worker | null> = { curves: null, phase: null };
  private nextId = 1;
  private latest: Record<TheoryRequest['type'], number> = { curves: 0, phase: 0 };
  private pending = new Map<number, (reply: TheoryReply) => void>();
  private phaseCache = new Map<string, PhaseData>();

  private ensure(type: TheoryRequest['type']): Worker {
    let worker = this.workers[type];
    if (!worker) {
      worker = new Worker(new URL('./theory-worker.ts', import.meta.url), { type: 'module', name: `deltascope-${type}` });
      worker.onmessage = (e: MessageEvent<TheoryReply>) => {
        const done = this.pending.get(e.data.id);
        this.pending.delete(e.data.id);
        done?.(e.data);
      };
      this.workers[type] = worker;
    }
    return worker;
  }

  private ask(req: WithoutId<TheoryRequest>): Promise<TheoryReply | null> {
    const id = this.nextId++;
    this.latest[req.type] = id;
    return new Promise((resolve) => {
      this.pending.set(id, (reply) => resolve(this.latest[req.type] === id ? reply : null));
      this.ensure(req.type).postMessage({ ...req, id } as TheoryRequest);
    });
  }

  /** Mean-field deltaRms and deltaLog10 per layer for every activation of `config`; null when superseded or failed. */
  async curves(config: SimConfig): Promise<TheoryCurves | null> {
    const reply = await this.ask({ type: 'curves', config });
    return reply?.type === 'curves' ? { curves: reply.curves, log10: reply.log10, info: reply.info } : null;
  }

  async phase(run: RunActivation, w2Max: number, b2Max: number): Promise<PhaseData | null> {
    const key = `${run.spec}|${run.derivative.spec}|${w2Max}|${b2Max}`;
    const hit = this.phaseCache.get(key);
    if (hit) return hit;
    const reply = await this.ask({ type: 'phase', run, w2Max, b2Max });
    if (reply?.type !== 'phase') return null;
    this.phaseCache.set(key, reply.data);
    return reply.data;
  }

  dispose(): void {
    this.workers.curves?.terminate();
    this.workers.phase?.terminate();
    this.workers = { curves: null, phase: null };
  }
}
