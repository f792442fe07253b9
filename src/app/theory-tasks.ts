/**
 * The Initialization view's mean-field requests as reactive controllers of the view: the prediction
 * for the runs on screen, and the phase diagram around the current point. Each is a Lit Task, so a
 * request is made when its inputs change and an answer that arrives after newer inputs is dropped.
 */
import { Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RunActivation } from '../sim/config';
import type { SimResult } from '../sim/stats';
import type { ConfigTheory } from '../sim/theory-cli';
import { TheoryClient } from './theory-client';
import type { PhaseData } from './theory-protocol';

/** Where the phase diagram is looked at: one activation (with its backward derivative) and the axis ranges. */
export interface PhaseView {
  run: RunActivation;
  w2Max: number;
  b2Max: number;
}

const phaseKey = (p: PhaseView | null): string => (p ? `${p.run.spec}|${p.run.derivative.spec}|${p.w2Max}|${p.b2Max}` : '');

export class SimTheoryController implements ReactiveController {
  private readonly client = new TheoryClient();
  private readonly theories: Task<SimResult[], ReadonlyMap<SimResult, ConfigTheory | null>>;
  private readonly phaseTask: Task<[PhaseView | null], PhaseData | null>;

  constructor(
    host: ReactiveControllerHost,
    /** The results on screen, each with its own prediction. */
    results: () => readonly SimResult[],
    /** The phase diagram to show, or null when there is no configuration. */
    phase: () => PhaseView | null,
  ) {
    host.addController(this);
    this.theories = new Task(host, {
      task: async (shown) => new Map(await Promise.all(shown.map(async (r) => [r, await this.client.theory(r.config)] as const))),
      args: () => [...results()],
    });
    this.phaseTask = new Task(host, {
      // A grid that failed leaves the last one on screen.
      task: async ([view]) => (view ? ((await this.client.phase(view.run, view.w2Max, view.b2Max)) ?? this.phase) : null),
      args: () => [phase()],
      argsEqual: ([a], [b]) => phaseKey(a) === phaseKey(b),
    });
  }

  /** The prediction for `result`; null until it has arrived (never another result's). */
  theoryOf(result: SimResult | null): ConfigTheory | null {
    return (result && this.theories.value?.get(result)) ?? null;
  }

  /** The last phase grid that arrived (kept on screen while the next one is computed). */
  get phase(): PhaseData | null {
    return this.phaseTask.value ?? null;
  }

  get phaseLoading(): boolean {
    return this.phaseTask.status === TaskStatus.PENDING;
  }

  hostConnected(): void {
    // Requests cut off by a disconnect (their workers are gone) are asked again.
    for (const task of [this.theories, this.phaseTask]) if (task.status === TaskStatus.PENDING) void task.run();
  }

  hostDisconnected(): void {
    this.client.dispose();
  }
}
