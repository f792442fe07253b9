/**
 * <ds-chart-card>: a titled card around one chart, with the one or two sentences that say how to
 * read it and a "PNG" button that downloads the image of each chart it holds (its children marked
 * `data-chart` with the card's `chart`; one file per network where they carry `data-activation`).
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { downloadChartPngs, type PngSource } from '../app/export';
import { baseStyles } from './theme';

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
      h2 { font-size: 1.05rem; margin: 0; line-height: 1.3; }
      .actions { display: flex; gap: 0.4rem; align-items: center; flex-wrap: wrap; justify-content: flex-end; }
      .actions button { font-size: 0.8rem; padding: 0.2rem 0.6rem; }
      .desc { margin: 0.3rem 0 0.75rem; font-size: 0.88rem; color: var(--ds-muted); line-height: 1.45; max-width: 75ch; }
    `,
  ];

  @property() heading = '';
  /** Short id used in file names, e.g. "decay". */
  @property() chart = '';
  /** The start of the PNG's file name: what was run (export.ts fileStem). */
  @property() stem = 'deltascope';
  @property({ type: Boolean }) exportable = false;

  private downloadPng(): Promise<void> {
    return downloadChartPngs(this.stem, this.chart, [...this.querySelectorAll<PngSource>(`[data-chart="${this.chart}"]`)]);
  }

  override render() {
    return html`
      <section aria-labelledby="h">
        <header>
          <h2 id="h">${this.heading}</h2>
          <div class="actions">
            <slot name="actions"></slot>
            <button type="button" ?disabled=${!this.exportable} @click=${this.downloadPng}
              aria-label=${`Download the ${this.heading} chart as PNG`} data-export="png">PNG</button>
          </div>
        </header>
        <p class="desc"><slot name="description"></slot></p>
        <slot></slot>
      </section>
    `;
  }
}
