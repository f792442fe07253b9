/**
 * <ds-scenarios>: the guided scenarios (src/sim/scenarios.ts) as a tour strip: one link per
 * scenario, its question as the tooltip, the one on screen marked. Each link is shareable (its
 * href holds the whole configuration and its pins); a plain click opens it in place instead of
 * reloading the page (`scenario-pick`, detail: the id). The strip scrolls sideways on narrow
 * screens, with a fade at the edge that has more.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { scenarioSearch } from '../app/url-state';
import { SCENARIOS } from '../sim/scenarios';
import { baseStyles } from './theme';

@customElement('ds-scenarios')
export class DsScenarios extends LitElement {
  static override styles = [
    baseStyles,
    css`
      nav { display: flex; align-items: center; gap: 0.5rem; min-width: 0; }
      .title { font-size: 0.78rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.06em; color: var(--ds-muted); white-space: nowrap; }
      ul {
        list-style: none; margin: 0; padding: 0.15rem 0.1rem; display: flex; gap: 0.35rem; overflow-x: auto; min-width: 0; flex: 1;
        scrollbar-width: thin;
        mask-image: linear-gradient(to right, #000 calc(100% - 2.5rem), transparent);
      }
      li { flex: none; }
      a {
        display: block; padding: 0.28rem 0.7rem; border-radius: 999px; color: var(--ds-fg); text-decoration: none; white-space: nowrap;
        border: 1px solid var(--ds-border); background: var(--ds-surface); font-size: 0.84rem; line-height: 1.3;
      }
      a:hover { border-color: var(--ds-accent); }
      a[aria-current='true'] { border-color: var(--ds-accent); background: color-mix(in srgb, var(--ds-accent) 12%, var(--ds-surface)); font-weight: 600; }
      @media (max-width: 640px) { .title { display: none; } }
    `,
  ];

  /** The id of the scenario on screen, if any. */
  @property() current: string | null = null;

  private open(event: MouseEvent, id: string): void {
    // A modified click (new tab, new window) follows the link.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.dispatchEvent(new CustomEvent('scenario-pick', { detail: id, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <nav aria-label="Guided scenarios">
        <span class="title" id="tour-title">Guided tour</span>
        <ul aria-labelledby="tour-title">
          ${SCENARIOS.map((s) => html`<li>
            <a href=${scenarioSearch(s.id)} data-scenario=${s.id} title=${s.question} aria-current=${this.current === s.id ? 'true' : 'false'}
              @click=${(e: MouseEvent) => this.open(e, s.id)}>${s.title}</a>
          </li>`)}
        </ul>
      </nav>
    `;
  }
}
