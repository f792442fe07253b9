/**
 * <ds-banner>: a one-line notice across the page (no WebGPU, ignored URL parameters, a lost
 * device). `tone` picks the colour; a dismissible banner fires `dismiss`.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { baseStyles } from './theme';

@customElement('ds-banner')
export class DsBanner extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .banner {
        display: flex; gap: 0.75rem; align-items: flex-start;
        padding: 0.7rem 0.9rem; border-radius: 10px; border: 1px solid; font-size: 0.9rem; line-height: 1.45;
      }
      .info { background: var(--ds-info-bg); border-color: var(--ds-info-border); }
      .warn { background: var(--ds-warn-bg); border-color: var(--ds-warn-border); }
      .error { background: var(--ds-error-bg); border-color: var(--ds-error-border); }
      .icon { font-weight: 700; flex: none; width: 1.3rem; text-align: center; }
      .text { flex: 1; }
      button { padding: 0 0.45rem; background: transparent; border-color: transparent; font-size: 1.1rem; line-height: 1.3; }
    `,
  ];

  @property() tone: 'info' | 'warn' | 'error' = 'info';
  @property({ type: Boolean }) dismissible = false;

  override render() {
    const icon = this.tone === 'info' ? 'i' : '!';
    return html`
      <div class="banner ${this.tone}" role=${this.tone === 'error' ? 'alert' : 'status'}>
        <span class="icon" aria-hidden="true">${icon}</span>
        <span class="text"><slot></slot></span>
        ${this.dismissible
          ? html`<button type="button" aria-label="Dismiss" @click=${() => this.dispatchEvent(new CustomEvent('dismiss', { bubbles: true, composed: true }))}>×</button>`
          : ''}
      </div>
    `;
  }
}
