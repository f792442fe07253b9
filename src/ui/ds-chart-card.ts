/**
 * <ds-chart-card>: a titled card around one chart, with the one or two sentences that say how to
 * read it, an ⓘ button that opens the glossary at the terms the chart uses (`glossary-open`, handled
 * by <ds-glossary>), and a "PNG" button that downloads the image of each chart it holds (its
 * children marked `data-chart` with the card's `chart`; one file per network where they carry
 * `data-activation`), with the configuration (`caption`) under it. The button always answers: a
 * download, or a line saying why there is nothing to download yet.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { downloadChartPngs, type PngSource } from '../app/export';
import type { GlossaryId } from '../app/glossary';
import { baseStyles } from './theme';

/** Asks the page's glossary to open at these terms. */
export function openGlossary(from: Element, terms: readonly GlossaryId[]): void {
  from.dispatchEvent(new CustomEvent('glossary-open', { detail: terms, bubbles: true, composed: true }));
}

@customElement('ds-chart-card')
export class DsChartCard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        background: var(--ds-surface);
        border: 1px solid var(--ds-border);
        border-radius: 14px;
        padding: 1rem 1.1rem 0.9rem;
        box-shadow: var(--ds-shadow);
        min-width: 0;
      }
      header { display: flex; align-items: flex-start; gap: 0.75rem; justify-content: space-between; }
      h2 { font-size: 1.05rem; margin: 0; line-height: 1.3; display: flex; align-items: center; gap: 0.35rem; flex-wrap: wrap; }
      button.info {
        border-radius: 50%; width: 1.25rem; height: 1.25rem; padding: 0; font: italic 700 0.78rem/1 Georgia, serif; color: var(--ds-accent);
        background: transparent; border: 1.5px solid var(--ds-accent); display: inline-flex; align-items: center; justify-content: center;
      }
      button.info:hover { background: color-mix(in srgb, var(--ds-accent) 12%, transparent); }
      .actions { display: flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; justify-content: flex-end; }
      .actions button { font-size: 0.8rem; padding: 0.2rem 0.6rem; }
      .png-status { font-size: 0.78rem; color: var(--ds-muted); }
      .desc { margin: 0.3rem 0 0.75rem; font-size: 0.88rem; color: var(--ds-muted); line-height: 1.45; max-width: 75ch; }
    `,
  ];

  @property() heading = '';
  /** Short id used in file names, e.g. "decay". */
  @property() chart = '';
  /** The start of the PNG's file name: what was run (export.ts fileStem). */
  @property() stem = 'deltascope';
  /** The configuration the chart shows, written under the PNG. */
  @property({ attribute: false }) caption: readonly string[] = [];
  /** Why there is nothing to download, while there is not (null when there is). */
  @property() unavailable: string | null = null;
  /** The glossary entries the ⓘ button opens at. */
  @property({ attribute: false }) terms: readonly GlossaryId[] = [];

  @state() private pngStatus = '';

  private async downloadPng(): Promise<void> {
    if (this.unavailable) {
      this.pngStatus = this.unavailable;
      return;
    }
    const sources = [...this.querySelectorAll<PngSource>(`[data-chart="${this.chart}"]`)];
    const written = await downloadChartPngs(this.stem, this.chart, sources, this.caption);
    this.pngStatus = written ? '' : 'nothing is drawn yet';
  }

  override render() {
    return html`
      <section aria-labelledby="h">
        <header>
          <h2 id="h">${this.heading}${this.terms.length
            ? html`<button type="button" class="info" aria-label=${`What the ${this.heading} chart shows: glossary`} title="Glossary"
                @click=${() => openGlossary(this, this.terms)}>i</button>`
            : nothing}</h2>
          <div class="actions">
            <slot name="actions"></slot>
            <span class="png-status" role="status">${this.pngStatus}</span>
            <button type="button" @click=${this.downloadPng} aria-label=${`Download the ${this.heading} chart as PNG`} data-export="png">PNG</button>
          </div>
        </header>
        <p class="desc"><slot name="description"></slot></p>
        <slot></slot>
      </section>
    `;
  }
}
