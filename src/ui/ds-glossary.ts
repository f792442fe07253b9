/**
 * <ds-glossary>: the page's glossary dialog (src/app/glossary.ts). A chart's ⓘ button sends
 * `glossary-open` with the terms that chart uses; the page calls `open(terms)`, which shows those
 * terms first and the rest below, with a link to the help page. A native modal <dialog>: Escape
 * and the Close button dismiss it, and the focus goes back where it was.
 */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { GLOSSARY, glossaryEntry, type GlossaryId } from '../app/glossary';
import { baseStyles } from './theme';

@customElement('ds-glossary')
export class DsGlossary extends LitElement {
  static override styles = [
    baseStyles,
    css`
      dialog {
        max-width: min(44rem, calc(100vw - 2rem)); max-height: min(80vh, 46rem); border: 1px solid var(--ds-border); border-radius: 14px;
        background: var(--ds-surface); color: var(--ds-fg); padding: 0; box-shadow: 0 10px 40px rgba(0, 0, 0, 0.25);
      }
      dialog::backdrop { background: rgba(10, 14, 20, 0.45); }
      header { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: 0.8rem 1.1rem; border-bottom: 1px solid var(--ds-border); position: sticky; top: 0; background: var(--ds-surface); }
      h2 { margin: 0; font-size: 1.05rem; }
      .body { padding: 0.4rem 1.1rem 1rem; overflow: auto; }
      dt { font-weight: 600; margin-top: 0.8rem; }
      dd { margin: 0.2rem 0 0; line-height: 1.5; font-size: 0.92rem; }
      .more { margin: 1.2rem 0 0.2rem; font-size: 0.78rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--ds-muted); font-weight: 700; }
      a { color: var(--ds-accent); }
    `,
  ];

  @state() private terms: readonly GlossaryId[] = [];

  private get dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Opens the glossary with these terms first. */
  async open(terms: readonly GlossaryId[]): Promise<void> {
    this.terms = terms;
    await this.updateComplete;
    const d = this.dialog;
    if (!d) return;
    if (!d.open) d.showModal();
    d.querySelector('.body')?.scrollTo({ top: 0 });
  }

  private entries(ids: readonly GlossaryId[]) {
    return html`<dl>${ids.map((id) => {
      const e = glossaryEntry(id);
      return html`<dt id=${`g-${id}`}>${e.term}</dt><dd>${e.text}</dd>`;
    })}</dl>`;
  }

  override render() {
    const rest = GLOSSARY.map((e) => e.id).filter((id) => !this.terms.includes(id));
    return html`
      <dialog aria-labelledby="glossary-h" @click=${(e: MouseEvent) => { if (e.target === this.dialog) this.dialog?.close(); }}>
        <header>
          <h2 id="glossary-h">Glossary</h2>
          <button type="button" id="glossary-close" @click=${() => this.dialog?.close()}>Close</button>
        </header>
        <div class="body">
          ${this.entries(this.terms)}
          <p class="more">${this.terms.length ? 'More terms' : 'All terms'} · <a href="?tab=help" @click=${(e: MouseEvent) => {
            e.preventDefault();
            this.dialog?.close();
            this.dispatchEvent(new CustomEvent('help-open', { bubbles: true, composed: true }));
          }}>the help page explains it all</a></p>
          ${this.entries(rest)}
        </div>
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-glossary': DsGlossary;
  }
}
