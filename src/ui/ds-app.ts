/**
 * <ds-app>: the page shell. It hosts the two views, the Initialization tab (<ds-sim-view>) and the
 * Training tab (<ds-train-view>), each with the controller it is given and the page's URL store,
 * the help page (<ds-help>, linked from the header) and the glossary every chart's ⓘ opens
 * (<ds-glossary>), and keeps only which of them is open (the shell's section of the URL). A view is
 * mounted on its first visit and kept, hidden, when another is open, so none loses its settings or its run.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { SimController } from '../app/sim-controller';
import type { TrainController } from '../app/train/train-controller';
import type { GlossaryId } from '../app/glossary';
import { decodeTab, tabParams, type TabId, type UrlStore } from '../app/url-store';
import './ds-glossary';
import type { DsGlossary } from './ds-glossary';
import './ds-help';
import './ds-sim-view';
import { baseStyles } from './theme';
import './train/ds-train-view';

const TABS: { id: Exclude<TabId, 'help'>; label: string }[] = [
  { id: 'init', label: 'Initialization' },
  { id: 'training', label: 'Training' },
];
const PANELS: TabId[] = ['init', 'training', 'help'];

@customElement('ds-app')
export class DsApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { max-width: 1520px; margin: 0 auto; padding: 1.1rem 1.4rem 3rem; }
      header.top { display: flex; align-items: flex-end; justify-content: space-between; gap: 0.75rem 1.5rem; flex-wrap: wrap; margin-bottom: 1rem; }
      .brand h1 { margin: 0; font-size: 1.6rem; letter-spacing: -0.02em; display: flex; align-items: center; gap: 0.5rem; }
      .brand h1 .logo { width: 1.6rem; height: 1.6rem; }
      .brand p { margin: 0.2rem 0 0; color: var(--ds-muted); max-width: 70ch; font-size: 0.95rem; }
      [role='tablist'] { display: flex; gap: 0.25rem; background: var(--ds-surface-2); border: 1px solid var(--ds-border); border-radius: 10px; padding: 0.2rem; }
      [role='tab'] { border: 0; background: transparent; border-radius: 8px; padding: 0.35rem 0.9rem; font-weight: 500; }
      [role='tab'][aria-selected='true'] { background: var(--ds-surface); box-shadow: var(--ds-shadow); font-weight: 600; }
      .nav { display: flex; align-items: center; gap: 0.75rem; }
      .nav a { color: var(--ds-accent); font-weight: 500; text-decoration: none; padding: 0.35rem 0.5rem; border-radius: 8px; }
      .nav a:hover, .nav a[aria-current='page'] { text-decoration: underline; }
      .back { margin: 0 0 0.8rem; }
      footer { margin-top: 2rem; color: var(--ds-muted); font-size: 0.82rem; line-height: 1.5; max-width: 90ch; }
      @media (max-width: 640px) {
        :host { padding: 0.75rem 0.7rem 2rem; }
        .brand h1 { font-size: 1.35rem; }
      }
    `,
  ];

  @property({ attribute: false }) controller!: SimController;
  /** Owns the training networks; lives as long as the page so training survives tab switches. */
  @property({ attribute: false }) trainController!: TrainController;
  @property({ attribute: false }) url!: UrlStore;

  @state() private tab: TabId = 'init';
  private readonly onGlossary = (e: Event): void => this.openGlossary(e as CustomEvent<readonly GlossaryId[]>);
  /** The tabs opened so far: their views stay mounted. */
  @state() private opened = new Set<TabId>();

  override connectedCallback(): void {
    super.connectedCallback();
    this.tab = decodeTab(this.url.read('shell'));
    this.opened = new Set([this.tab]);
    this.addEventListener('glossary-open', this.onGlossary);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('glossary-open', this.onGlossary);
  }

  private selectTab(tab: TabId): void {
    this.tab = tab;
    this.opened = new Set([...this.opened, tab]);
    this.url.write('shell', tabParams(tab));
  }

  private view(tab: TabId) {
    if (!this.opened.has(tab)) return nothing;
    if (tab === 'help') {
      return html`<p class="back"><button type="button" id="help-back" @click=${() => this.selectTab(this.lastView)}>← Back to the ${this.lastView === 'training' ? 'Training' : 'Initialization'} tab</button></p>
        <ds-help></ds-help>`;
    }
    return tab === 'init'
      ? html`<ds-sim-view .controller=${this.controller} .url=${this.url}></ds-sim-view>`
      : html`<ds-train-view .controller=${this.trainController} .url=${this.url}></ds-train-view>`;
  }

  /** The tab the help page goes back to. */
  private get lastView(): Exclude<TabId, 'help'> {
    return this.opened.has('training') && this.previous === 'training' ? 'training' : 'init';
  }

  private previous: TabId = 'init';

  private openHelp(event?: Event): void {
    event?.preventDefault();
    if (this.tab !== 'help') this.previous = this.tab;
    this.selectTab('help');
    window.scrollTo({ top: 0 });
  }

  private openGlossary(event: CustomEvent<readonly GlossaryId[]>): void {
    void this.renderRoot.querySelector<DsGlossary>('ds-glossary')?.open(event.detail);
  }

  override render() {
    return html`
      <header class="top">
        <div class="brand">
          <h1><img class="logo" src="favicon.svg" alt="" />deltascope</h1>
          <p>How the back-propagated error δ vanishes, holds or explodes across hundreds of layers, computed on your GPU.</p>
        </div>
        <div class="nav">
          <a href="?tab=help" id="help-link" aria-current=${this.tab === 'help' ? 'page' : 'false'} @click=${this.openHelp}>Help</a>
          <div role="tablist" aria-label="View">
            ${TABS.map((t) => html`<button role="tab" id=${`tab-${t.id}`} aria-selected=${this.tab === t.id} aria-controls=${`panel-${t.id}`}
              @click=${() => this.selectTab(t.id)}>${t.label}</button>`)}
          </div>
        </div>
      </header>
      ${PANELS.map((id) => html`<div id=${`panel-${id}`} role=${id === 'help' ? 'region' : 'tabpanel'}
        aria-labelledby=${id === 'help' ? 'help-link' : `tab-${id}`} ?hidden=${this.tab !== id}>
        ${this.view(id)}
      </div>`)}
      <ds-glossary @help-open=${() => this.openHelp()}></ds-glossary>
      <footer>
        deltascope simulates a fully-connected network of the chosen depth and width at initialization: random inputs go forward,
        a random error δ ~ N(0, 1) enters at the output and travels back by δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l).
        The same seed gives the same network on the GPU and on the CPU. Theory: Poole et al. 2016, Schoenholz et al. 2017.
      </footer>
    `;
  }
}
