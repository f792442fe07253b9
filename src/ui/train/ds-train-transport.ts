/**
 * <ds-train-transport>: Play / Pause, Step (to the next checkpoint), Reset, the speed (steps per
 * animation frame) and the progress of the run. It fires `play`, `pause`, `step`, `reset` and
 * `speed-change` (detail: steps per frame); the controller does the work.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TrainPhase } from '../../app/train/train-controller';
import { SPEEDS } from '../../app/train/train-url';
import { baseStyles } from '../theme';

@customElement('ds-train-transport')
export class DsTrainTransport extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 0.9rem; }
      .buttons { display: flex; gap: 0.4rem; }
      .buttons button { min-width: 5.4rem; display: inline-flex; align-items: center; justify-content: center; gap: 0.35rem; }
      .icon { font-size: 0.8em; line-height: 1; }
      .speed { display: flex; align-items: center; gap: 0.4rem; font-size: 0.85rem; color: var(--ds-muted); }
      select { font: inherit; color: var(--ds-fg); background: var(--ds-input-bg); border: 1px solid var(--ds-border); border-radius: 8px; padding: 0.3rem 0.4rem; }
      .progress { flex: 1 1 14rem; display: flex; flex-direction: column; gap: 0.2rem; min-width: 12rem; }
      progress { width: 100%; height: 0.5rem; accent-color: var(--ds-accent); }
      .status { font-size: 0.82rem; color: var(--ds-muted); font-variant-numeric: tabular-nums; }
      .status b { color: var(--ds-fg); font-weight: 600; }
    `,
  ];

  @property() phase: TrainPhase = 'idle';
  @property({ type: Number }) stepsDone = 0;
  @property({ type: Number }) totalSteps = 0;
  @property({ type: Number }) speed = 10;
  @property({ type: Number }) stepsPerSecond: number | null = null;
  /** False while the form holds an invalid value: nothing can start. */
  @property({ type: Boolean }) valid = true;

  private fire(name: string, detail?: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private status(): string {
    switch (this.phase) {
      case 'idle': return 'not started';
      case 'initializing': return 'building the networks…';
      case 'ready': return 'ready: press Play';
      case 'playing': return this.stepsPerSecond ? `training · ${this.stepsPerSecond.toFixed(this.stepsPerSecond < 10 ? 1 : 0)} steps/s` : 'training…';
      case 'paused': return 'paused';
      case 'done': return 'finished: Reset to train again';
      case 'error': return 'stopped by an error';
    }
  }

  override render() {
    const playing = this.phase === 'playing';
    const canRun = this.valid && (this.phase === 'ready' || this.phase === 'paused');
    return html`
      <div class="bar">
        <div class="buttons">
          ${playing
            ? html`<button type="button" class="primary" id="pause" @click=${() => this.fire('pause')}><span class="icon" aria-hidden="true">❚❚</span>Pause</button>`
            : html`<button type="button" class="primary" id="play" ?disabled=${!canRun} @click=${() => this.fire('play')}><span class="icon" aria-hidden="true">▶</span>Play</button>`}
          <button type="button" id="step" ?disabled=${!canRun} @click=${() => this.fire('step')} title="Train up to the next checkpoint">Step</button>
          <button type="button" id="reset" ?disabled=${!this.valid || this.phase === 'initializing' || this.phase === 'idle'} @click=${() => this.fire('reset')}
            title="Back to step 0 with the same seed">Reset</button>
        </div>
        <label class="speed">Speed
          <select id="speed" aria-label="Speed: training steps per animation frame"
            @change=${(e: Event) => this.fire('speed-change', Number((e.target as HTMLSelectElement).value))}>
            ${SPEEDS.map((s) => html`<option value=${s} ?selected=${s === this.speed}>${s} step${s > 1 ? 's' : ''}/frame</option>`)}
          </select>
        </label>
        <div class="progress">
          <progress max=${Math.max(1, this.totalSteps)} .value=${this.stepsDone} aria-label="Training progress"></progress>
          <span class="status"><span id="step-count">step <b>${this.stepsDone}</b> / ${this.totalSteps}</span> ·
            <span role="status">${this.status()}${!this.valid ? html` · <span style="color: var(--ds-error-fg)">fix the highlighted settings</span>` : nothing}</span></span>
        </div>
      </div>
    `;
  }
}
