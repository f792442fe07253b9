/**
 * The page's side of the theory worker: one worker per kind of request, so a slow phase grid never
 * delays the prediction for a finished run. Every request is answered; which answers are still
 * wanted is decided by the tasks that ask (theory-tasks.ts).
 */
import type { RunActivation, SimConfig } from '../sim/config';
import type { ConfigTheory } from '../sim/theory-cli';
import type { PhaseData, TheoryReply, TheoryRequest } from './theory-protocol';

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

export class TheoryClient {
  private workers: Record<TheoryRequest['type'], Worker | null> = { theory: null, phase: null };
  private nextId = 1;
  private pending = new Map<number, (reply: TheoryReply) => void>();
  /** Phase grids by activation, derivative and axis ranges: the diagram returns to them often. */
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

  private ask(req: WithoutId<TheoryRequest>): Promise<TheoryReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ensure(req.type).postMessage({ ...req, id } as TheoryRequest);
    });
  }

  /** The mean-field prediction for every activation of `config`; null when the worker failed. */
  async theory(config: SimConfig): Promise<ConfigTheory | null> {
    const reply = await this.ask({ type: 'theory', config });
    return reply.type === 'theory' ? reply.theory : null;
  }

  /** χ₁ over σ_w² ∈ [0, w2Max], σ_b² ∈ [0, b2Max] and the edge of chaos; null when the worker failed. */
  async phase(run: RunActivation, w2Max: number, b2Max: number): Promise<PhaseData | null> {
    const key = `${run.spec}|${run.derivative.spec}|${w2Max}|${b2Max}`;
    const hit = this.phaseCache.get(key);
    if (hit) return hit;
    const reply = await this.ask({ type: 'phase', run, w2Max, b2Max });
    if (reply.type !== 'phase') return null;
    this.phaseCache.set(key, reply.data);
    return reply.data;
  }

  dispose(): void {
    this.workers.theory?.terminate();
    this.workers.phase?.terminate();
    this.workers = { theory: null, phase: null };
    this.pending.clear();
  }
}
