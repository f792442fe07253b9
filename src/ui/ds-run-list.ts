/**
 * <ds-run-list>: the runs on the charts, one row each: the pinned runs (their colours, a label the
 * visitor can edit, their state, and buttons to load their settings into the form, run them again or
 * remove them) and the last run with its Pin button. It holds no state: every action goes up as an
 * event (`pin-request`, `pin-label` {id, label}, `pin-load`, `pin-rerun`, `pin-remove`, detail the id).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Progress } from '../sim/stats';
import { baseStyles } from './theme';

export interface RunRow {
  /** 'live' for the last run, else the pin's id. */
  key: string;
  pinned: boolean;
  /** The label the charts use. */
  label: string;
  /** The visitor's label (pins). */
  customLabel: string | null;
  /** One colour per network of the run. */
  colors: readonly string[];
  phase: 'queued' | 'running' | 'done' | 'error' | 'cancelled' | 'idle';
  progress: Progress | null;
  error: string | null;
}

@customElement('ds-run-list')
export class DsRunList extends LitElement {
  static override styles = [
    baseStyles,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.35rem 0.5rem; }
      li {
        display: inline-flex; align-items: center; gap: 0.3rem; flex-wrap: wrap; padding: 0.15rem 0.25rem 0.15rem 0.55rem;
        border: 1px solid var(--ds-border); border-radius: 14px; background: var(--ds-surface); max-width: 100%;
      }
      li.live { border-style: dashed; }
      .dots { display: inline-flex; gap: 0.15rem; flex: none; }
      .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; }
      .kind { font-size: 0.68rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--ds-muted); font-weight: 700; flex: none; }
      input {
        font: inherit; font-size: 0.86rem; color: var(--ds-fg); background: transparent; border: 1px solid transparent; border-radius: 6px;
        padding: 0.05rem 0.25rem; min-width: 6rem; max-width: 100%; field-sizing: content;
      }
      input::placeholder { color: var(--ds-fg); opacity: 1; }
      input:hover, input:focus { border-color: var(--ds-border); background: var(--ds-input-bg); }
      input:focus::placeholder { color: var(--ds-muted); }
      .name { font-size: 0.86rem; min-width: 0; }
      .state { font-size: 0.78rem; color: var(--ds-muted); font-variant-numeric: tabular-nums; }
      .state.error { color: var(--ds-error-fg); }
      .buttons { display: inline-flex; gap: 0.15rem; }
      .buttons button { font-size: 0.76rem; padding: 0.08rem 0.5rem; border-radius: 999px; }
      .buttons button.icon { padding: 0.08rem 0.4rem; }
    `,
  ];

  @property({ attribute: false }) rows: readonly RunRow[] = [];
  /** Whether a pinned run can be run again on its own (the training view rebuilds all networks together). */
  @property({ type: Boolean }) rerun = true;

  private fire(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private state(r: RunRow): string {
    switch (r.phase) {
      case 'queued': return 'waiting';
      case 'running': return `running ${Math.round((r.progress?.fraction ?? 0) * 100)} %`;
      case 'error': return `failed: ${r.error ?? ''}`;
      case 'cancelled': return 'cancelled';
      default: return '';
    }
  }

  private row(r: RunRow) {
    const dots = html`<span class="dots" aria-hidden="true">${r.colors.map((c) => html`<span class="dot" style=${`background: ${c}`}></span>`)}</span>`;
    const state = this.state(r);
    if (!r.pinned) {
      return html`<li class="live" data-run="live">
        ${dots}<span class="kind">Last run</span><span class="name">${r.label}</span>
        ${state ? html`<span class="state">${state}</span>` : nothing}
        <span class="buttons"><button type="button" id="pin-run" ?disabled=${r.phase !== 'done'} @click=${() => this.fire('pin-request', null)}
          title="Keep this run on the charts while you try other settings">Pin</button></span>
      </li>`;
    }
    return html`<li data-run=${r.key}>
      ${dots}<span class="kind">Pinned</span>
      <input type="text" .value=${r.customLabel ?? ''} placeholder=${r.label} size=${Math.max(8, r.label.length)}
        aria-label=${`Label of the pinned run ${r.label} (type to rename)`} title="Type to rename"
        @change=${(e: Event) => this.fire('pin-label', { id: r.key, label: (e.target as HTMLInputElement).value })} />
      ${state ? html`<span class="state ${r.phase === 'error' ? 'error' : ''}">${state}</span>` : nothing}
      <span class="buttons">
        <button type="button" data-action="load" @click=${() => this.fire('pin-load', r.key)} title="Put this run's settings into the form"
          aria-label=${`Edit the settings of ${r.label}`}>Edit</button>
        ${this.rerun ? html`<button type="button" class="icon" data-action="rerun" ?disabled=${r.phase === 'running' || r.phase === 'queued'}
          @click=${() => this.fire('pin-rerun', r.key)} title="Run again" aria-label=${`Run ${r.label} again`}>↻</button>` : nothing}
        <button type="button" class="icon" data-action="remove" @click=${() => this.fire('pin-remove', r.key)} title="Remove"
          aria-label=${`Remove the pinned run ${r.label}`}>✕</button>
      </span>
    </li>`;
  }

  override render() {
    if (!this.rows.length) return nothing;
    return html`<ul aria-label="Runs on the charts">${this.rows.map((r) => this.row(r))}</ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-run-list': DsRunList;
  }
}
