/**
 * <ds-run-status>: the line at the top of the results that says what is happening: the engine being
 * prepared, the run being computed (its name, progress and how many wait after it, with Cancel,
 * which fires `cancel-request`), or how many networks are on the charts. A polite live region, so a
 * screen reader hears a run start and finish. Its children (the view's download and link buttons)
 * sit at its right end.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Progress } from '../sim/stats';
import { baseStyles } from './theme';

@customElement('ds-run-status')
export class DsRunStatus extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .bar {
        display: flex; align-items: center; gap: 0.4rem 0.8rem; flex-wrap: wrap; min-height: 2.2rem; padding: 0.35rem 0.75rem;
        border-radius: 10px; border: 1px solid var(--ds-border); background: var(--ds-surface); font-size: 0.88rem;
      }
      .bar.busy { border-color: var(--ds-info-border); background: var(--ds-info-bg); }
      .what { flex: 1 1 16rem; min-width: 0; }
      .what b { font-weight: 600; }
      progress { flex: 1 1 8rem; height: 0.5rem; accent-color: var(--ds-accent); min-width: 6rem; }
      .pct { font-variant-numeric: tabular-nums; color: var(--ds-muted); font-size: 0.82rem; }
      button { font-size: 0.82rem; padding: 0.2rem 0.7rem; }
      .actions { display: flex; gap: 0.4rem; flex-wrap: wrap; margin-left: auto; }
      .spinner { width: 0.8rem; height: 0.8rem; border-radius: 50%; border: 2px solid var(--ds-accent); border-right-color: transparent; animation: spin 0.9s linear infinite; flex: none; }
      @keyframes spin { to { transform: rotate(360deg); } }
      @media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
    `,
  ];

  /** What is being computed, in words; null while nothing runs. */
  @property() running: string | null = null;
  @property({ attribute: false }) progress: Progress | null = null;
  /** Runs waiting after the one being computed. */
  @property({ type: Number }) waiting = 0;
  /** True while the engine is being prepared and no run has started yet. */
  @property({ type: Boolean }) preparing = false;
  /** What is on the charts when nothing runs. */
  @property() idle = '';

  override render() {
    const p = this.progress;
    if (this.running) {
      return html`<div class="bar busy" id="run-status" data-state="running" role="status" aria-live="polite">
        <span class="spinner" aria-hidden="true"></span>
        <span class="what">Running <b>${this.running}</b>${this.waiting ? ` · ${this.waiting} more waiting` : ''}${p?.message ? html` · <span class="muted">${p.message}</span>` : nothing}</span>
        <progress max="1" .value=${p?.fraction ?? 0} aria-label="Progress of the run"></progress>
        <span class="pct">${Math.round((p?.fraction ?? 0) * 100)} %</span>
        <button type="button" id="status-cancel" @click=${() => this.dispatchEvent(new CustomEvent('cancel-request', { bubbles: true, composed: true }))}>Cancel</button>
        <span class="actions"><slot></slot></span>
      </div>`;
    }
    if (this.preparing) {
      return html`<div class="bar busy" id="run-status" data-state="preparing" role="status" aria-live="polite">
        <span class="spinner" aria-hidden="true"></span><span class="what">Preparing the engine: the first run starts in a moment…</span>
      </div>`;
    }
    return html`<div class="bar" id="run-status" data-state="idle"><span class="what" role="status" aria-live="polite">${this.idle}</span>
      <span class="actions"><slot></slot></span></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-run-status': DsRunStatus;
  }
}
