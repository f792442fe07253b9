/**
 * <ds-scenarios>: the guided scenarios (src/sim/scenarios.ts) as a list of shareable links; each
 * opens its configuration and runs it, and the app shows its explanation beside the charts.
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
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 0.15rem; }
      a {
        display: block; padding: 0.4rem 0.55rem; border-radius: 8px; color: var(--ds-fg); text-decoration: none;
        border: 1px solid transparent; line-height: 1.3;
      }
      a:hover { background: var(--ds-surface-2); }
      a[aria-current='true'] { border-color: var(--ds-accent); background: color-mix(in srgb, var(--ds-accent) 10%, var(--ds-surface)); }
      .t { font-weight: 600; font-size: 0.86rem; display: block; }
      .q { font-size: 0.78rem; color: var(--ds-muted); display: block; }
    `,
  ];

  /** The id of the scenario on screen, if any. */
  @property() current: string | null = null;

  override render() {
    return html`
      <ul>
        ${SCENARIOS.map((s) => html`<li>
          <a href=${scenarioSearch(s.id)} data-scenario=${s.id} aria-current=${this.current === s.id ? 'true' : 'false'}>
            <span class="t">${s.title}</span><span class="q">${s.question}</span>
          </a>
        </li>`)}
      </ul>
    `;
  }
}
