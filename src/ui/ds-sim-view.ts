/**
 * <ds-sim-view>: the Initialization tab, self-contained like <ds-train-view>: its form, its charts
 * and their wiring. It reads and writes its section of the URL (UrlStore), checks the form with the
 * view's gate (form-state.ts) and the engine's memory check, drives the SimController it is given,
 * and has the mean-field prediction for the runs on screen and the phase diagram computed off the
 * main thread (SimTheoryController, which drops answers that arrive too late).
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatValue } from '../app/chart-data';
import { downloadFile, resultCsvFile, resultJsonFile } from '../app/export';
import { defaultEngine } from '../app/engine-default';
import { formFromConfig, validateForm, type EngineChoice, type FormValues, type Validated } from '../app/form-state';
import { activationLabel } from '../app/palette';
import type { SimController, SimState } from '../app/sim-controller';
import { SimTheoryController, type PhaseView } from '../app/theory-tasks';
import { decodeUrl, simUrlParams } from '../app/url-state';
import type { UrlStore } from '../app/url-store';
import type { RunActivation, SimConfig } from '../sim/config';
import { findInit } from '../sim/inits';
import { findScenario } from '../sim/scenarios';
import type { SimResult } from '../sim/stats';
import './ds-banner';
import './ds-controls';
import './ds-engine-compare';
import './ds-engine-status';
import './ds-phase-diagram';
import { phaseRange } from './ds-phase-diagram';
import './ds-scenarios';
import './ds-sim-charts';
import { baseStyles } from './theme';

@customElement('ds-sim-view')
export class DsSimView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .banners { display: flex; flex-direction: column; gap: 0.5rem; margin-bottom: 1rem; }
      .layout { display: grid; grid-template-columns: minmax(300px, 360px) minmax(0, 1fr); gap: 1.25rem; align-items: start; }
      aside { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
      .panel { background: var(--ds-surface); border: 1px solid var(--ds-border); border-radius: 14px; padding: 1rem 1.1rem; box-shadow: var(--ds-shadow); }
      .panel h2 { font-size: 1.02rem; margin: 0 0 0.75rem; }
      .panel h2 small { font-weight: 400; color: var(--ds-muted); font-size: 0.8rem; }
      .panel p.lead { margin: -0.4rem 0 0.7rem; font-size: 0.83rem; color: var(--ds-muted); line-height: 1.45; }
      main { display: flex; flex-direction: column; gap: 1.25rem; min-width: 0; }
      .result-bar { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; flex-wrap: wrap; }
      .result-bar h2 { margin: 0; font-size: 1.05rem; }
      .result-bar .cfg { color: var(--ds-muted); font-size: 0.85rem; margin-top: 0.15rem; }
      .result-bar .buttons { display: flex; gap: 0.4rem; flex-wrap: wrap; }
      .placeholder { padding: 2rem; text-align: center; color: var(--ds-muted); }
      .scenario { border-left: 4px solid var(--ds-accent); }
      .scenario .kicker { margin: 0; font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--ds-accent); font-weight: 700; }
      .scenario h2 { margin: 0.1rem 0 0.2rem; }
      .scenario .question { margin: 0 0 0.4rem; font-style: italic; color: var(--ds-muted); }
      .scenario .text { margin: 0; line-height: 1.55; max-width: 90ch; }
      .stale { font-size: 0.82rem; color: var(--ds-warn-fg); }
      @media (max-width: 980px) { .layout { grid-template-columns: minmax(0, 1fr); } }
      @media (max-width: 640px) { .panel { padding: 0.85rem 0.8rem; border-radius: 12px; } }
    `,
  ];

  @property({ attribute: false }) controller!: SimController;
  /** Where the view keeps its settings; without one it starts from the defaults and writes nothing. */
  @property({ attribute: false }) url: UrlStore | null = null;

  @state() private values!: FormValues;
  @state() private validated: Validated = { config: null, seeds: 1, errors: {}, formError: null };
  @state() private sim!: SimState;
  @state() private focusActivation: string | null = null;
  @state() private urlProblems: string[] = [];
  @state() private gpuBannerDismissed = false;
  @state() private copied = false;
  /** The guided scenario whose text is shown; cleared when the settings change. */
  @state() private scenario: string | null = null;
  /** Why the CPU engine was chosen on this machine when the URL named none (src/app/engine-default.ts). */
  @state() private engineNote: string | null = null;

  /** The engine this machine starts on; the URL names the engine only when the form's differs. */
  private machineEngine: EngineChoice = 'webgpu';

  private readonly theory = new SimTheoryController(this, () => this.shownResults(), () => this.phaseView());
  private readonly onControllerChange = (): void => this.syncFromController();

  override connectedCallback(): void {
    super.connectedCallback();
    const { state: url, problems } = decodeUrl(this.url?.read('sim') ?? '');
    this.urlProblems = problems;
    this.values = formFromConfig(url.config, url.engine ?? 'webgpu', url.seeds);
    this.focusActivation = url.focus;
    this.scenario = url.scenario;
    this.sim = this.controller.state;
    this.controller.addEventListener('change', this.onControllerChange);
    this.revalidate();
    // A controller handed back to a re-mounted view keeps its run.
    const first = this.sim.phase === 'idle';
    // A CPU run need not wait for the GPU probe (the adapter, the device and the engine's chunk).
    const runNow = url.engine === 'cpu';
    if (first && runNow && this.validated.config) void this.startRun(this.validated.config);
    void this.controller.probeGpu().then(() => {
      const gpu = this.controller.state.gpu;
      const machine = defaultEngine(gpu.state === 'ready' ? gpu.adapter : null);
      this.machineEngine = machine.engine;
      if (url.engine === null) {
        // No WebGPU (the GPU banner says so), or a software adapter (the engine note says so): the CPU engine.
        if (this.controller.engineFor(this.values.engine) === 'cpu' || machine.engine === 'cpu') this.values = { ...this.values, engine: 'cpu' };
        this.engineNote = machine.reason;
      }
      this.revalidate();
      if (first && !runNow && this.validated.config) void this.startRun(this.validated.config);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller.removeEventListener('change', this.onControllerChange);
  }

  private syncFromController(): void {
    const gpuChanged = this.sim.gpu !== this.controller.state.gpu;
    this.sim = this.controller.state;
    if (gpuChanged) this.revalidate();
  }

  /** The results on screen: today the last run (pinned runs would join it here). */
  private shownResults(): SimResult[] {
    return this.sim?.result ? [this.sim.result] : [];
  }

  /** The activation the detail charts and the phase diagram show. */
  private focusOf(activations: readonly RunActivation[]): RunActivation | null {
    return activations.find((a) => a.spec === this.focusActivation) ?? activations[0] ?? null;
  }

  /** The phase diagram around the settings in the form (or the last run while the form is invalid). */
  private phaseView(): PhaseView | null {
    const config = this.validated.config ?? this.sim?.result?.config ?? null;
    const run = config ? this.focusOf(config.activations) : null;
    return config && run ? { run, ...phaseRange(config.sigmaW2, config.sigmaB2) } : null;
  }

  private revalidate(): void {
    const engine = this.values.engine;
    this.validated = validateForm(this.values, (c) => this.controller.check(c, engine));
    this.writeUrl();
  }

  /** The settings into the view's section of the URL, while they are valid. */
  private writeUrl(): void {
    const config = this.validated.config;
    if (!config) return;
    this.url?.write('sim', simUrlParams({
      config,
      engine: this.values.engine === this.machineEngine ? null : this.values.engine,
      focus: this.focusActivation && config.activations.some((a) => a.spec === this.focusActivation) ? this.focusActivation : null,
      scenario: this.scenario,
      seeds: this.validated.seeds,
    }));
  }

  private startRun(config: SimConfig): Promise<void> {
    return this.controller.run(config, this.values.engine, this.validated.seeds);
  }

  private onValues(event: CustomEvent<FormValues>): void {
    this.values = event.detail;
    if (this.values.engine === 'webgpu') this.engineNote = null;
    this.scenario = null;
    this.revalidate();
  }

  /** The engine note's one click: this run and the next on WebGPU. */
  private readonly runOnWebGpu = (): void => {
    this.values = { ...this.values, engine: 'webgpu' };
    this.engineNote = null;
    this.onRunRequest();
  };

  private onRunRequest(): void {
    this.revalidate();
    if (this.validated.config) void this.startRun(this.validated.config);
  }

  private onSigmaPick(event: CustomEvent<{ sigmaW2: number; sigmaB2: number }>): void {
    this.scenario = null;
    this.values = { ...this.values, init: 'custom', sigmaW2: String(event.detail.sigmaW2), sigmaB2: String(event.detail.sigmaB2) };
    this.revalidate();
  }

  private onFocus(event: CustomEvent<string>): void {
    this.focusActivation = event.detail;
    this.writeUrl();
  }

  private exportFile(format: 'csv' | 'json'): void {
    const r = this.sim.result;
    if (!r) return;
    const theory = this.theory.theoryOf(r);
    downloadFile(format === 'csv' ? resultCsvFile(r, theory) : resultJsonFile(r, theory));
  }

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(window.location.href);
      this.copied = true;
      setTimeout(() => { this.copied = false; }, 1800);
    } catch {
      // Clipboard access can be refused; the address bar holds the same link.
    }
  }

  private banners() {
    const g = this.sim.gpu;
    const out = [];
    if ((g.state === 'unavailable' || g.state === 'lost') && !this.gpuBannerDismissed) {
      out.push(html`<ds-banner tone="warn" dismissible id="gpu-banner" @dismiss=${() => { this.gpuBannerDismissed = true; }}>
        ${g.state === 'lost'
          ? html`<b>The GPU device was lost</b> (${g.message}). A new one is being requested; until it is ready, runs use the CPU engine.`
          : html`<b>WebGPU is not available here</b> (${g.message}). The simulation runs on the CPU engine in a Web Worker instead: same numbers, slower, so keep depth × width modest.`}
      </ds-banner>`);
    }
    if (this.engineNote && this.values.engine === 'cpu') {
      out.push(html`<ds-banner tone="info" dismissible id="engine-note" @dismiss=${() => { this.engineNote = null; }}>
        ${this.engineNote}
        <button type="button" id="use-webgpu" @click=${this.runOnWebGpu}>Run on WebGPU</button>
      </ds-banner>`);
    }
    if (this.urlProblems.length) {
      out.push(html`<ds-banner tone="warn" dismissible id="url-banner" @dismiss=${() => { this.urlProblems = []; }}>
        ${this.urlProblems.map((p, i) => html`${i ? html`<br />` : ''}${p}`)}<br />The defaults are used instead.
      </ds-banner>`);
    }
    if (this.sim.phase === 'error' && this.sim.error) {
      out.push(html`<ds-banner tone="error" id="run-error">The simulation failed: ${this.sim.error}</ds-banner>`);
    }
    if (this.sim.phase === 'cancelled') {
      out.push(html`<ds-banner tone="info" id="cancelled">The run was cancelled${this.sim.result ? '; the charts show the previous result' : ''}.</ds-banner>`);
    }
    return out.length ? html`<div class="banners">${out}</div>` : nothing;
  }

  private configLine(c: SimConfig, seeds: number): string {
    const init = findInit(c.init.name);
    const parts = [
      `depth ${c.depth}`, `width ${c.width}`, `batch ${c.batch}`,
      `${init?.label ?? c.init.spec}${c.init.name === 'orthogonal' && c.init.spec !== 'orthogonal' ? ` (gain ${c.init.param})` : ''} (σ_w² = ${formatValue(c.sigmaW2)}${c.sigmaB2 ? `, σ_b² = ${formatValue(c.sigmaB2)}` : ''})`,
      seeds > 1 ? `seeds ${c.seed}…${c.seed + seeds - 1} (medians)` : `seed ${c.seed}`,
    ];
    if (c.backward) parts.push(`backward f′ of ${activationLabel(c.backward.spec)}`);
    if (c.top === 'mse') parts.push('MSE output gradient');
    return parts.join(' · ');
  }

  private sidebar() {
    const s = this.sim;
    const v = this.validated;
    const r = s.result;
    const config = v.config ?? r?.config ?? null;
    const focus = config ? this.focusOf(config.activations)?.spec ?? null : null;
    // The last run's prediction describes the form's settings while they are the run's.
    const sameConfig = !!r && (!v.config || JSON.stringify(v.config) === JSON.stringify(r.config));
    const focusTheory = sameConfig && focus ? this.theory.theoryOf(r)?.[focus]?.run : undefined;
    const stale = r && v.config && (!sameConfig || v.seeds !== (r.seeds?.count ?? 1));
    return html`
      <aside>
        <section class="panel" aria-labelledby="settings-h">
          <h2 id="settings-h">Network at initialization</h2>
          <ds-controls
            .values=${this.values}
            .errors=${v.errors}
            .formError=${v.formError}
            .impliedSigmaW2=${v.config?.sigmaW2 ?? null}
            ?gpuAvailable=${this.controller.engineFor('webgpu') === 'webgpu'}
            ?running=${s.phase === 'running'}
            .progress=${s.progress}
            @values-change=${this.onValues}
            @run-request=${this.onRunRequest}
            @cancel-request=${() => this.controller.cancel()}
          ></ds-controls>
          ${stale && s.phase !== 'running' ? html`<p class="stale">Settings changed: run again to update the charts.</p>` : nothing}
        </section>
        <section class="panel" aria-labelledby="phase-h">
          <h2 id="phase-h">Order and chaos <small>${focus ? activationLabel(focus) : ''}</small></h2>
          <p class="lead">Mean-field theory: where this activation's gradients vanish or explode, as a function of the weight and bias variances. Click to try a point (sets the custom init).</p>
          <ds-phase-diagram
            .data=${this.theory.phase}
            ?loading=${this.theory.phaseLoading}
            .sigmaW2=${config?.sigmaW2 ?? 1}
            .sigmaB2=${config?.sigmaB2 ?? 0}
            .chi1=${focusTheory?.chi1 ?? null}
            .note=${focusTheory && !focusTheory.gaussian ? focusTheory.note ?? null : null}
            @sigma-pick=${this.onSigmaPick}
          ></ds-phase-diagram>
        </section>
        <section class="panel" aria-labelledby="scenarios-h">
          <h2 id="scenarios-h">Guided scenarios</h2>
          <p class="lead">Classic questions, each a link that opens its configuration and runs it.</p>
          <ds-scenarios .current=${this.scenario}></ds-scenarios>
        </section>
        <section class="panel" aria-labelledby="engine-h">
          <h2 id="engine-h">Engine</h2>
          <ds-engine-status .gpu=${s.gpu} .result=${s.result}></ds-engine-status>
        </section>
        <section class="panel" aria-labelledby="compare-h">
          <h2 id="compare-h">GPU vs CPU on this machine</h2>
          <ds-engine-compare .comparison=${s.comparison} ?busy=${s.phase === 'running'}
            @compare-request=${() => void this.controller.compareEngines()}></ds-engine-compare>
        </section>
      </aside>
    `;
  }

  private scenarioCard() {
    const s = this.scenario ? findScenario(this.scenario) : undefined;
    if (!s) return nothing;
    return html`<section class="panel scenario" id="scenario-card" aria-labelledby="scenario-h">
      <p class="kicker">Scenario</p>
      <h2 id="scenario-h">${s.title}</h2>
      <p class="question">${s.question}</p>
      <p class="text">${s.text}</p>
    </section>`;
  }

  private results() {
    const r = this.sim.result;
    if (!r) {
      return html`<main>${this.scenarioCard()}<div class="panel placeholder">${this.sim.phase === 'running' ? 'Running the simulation…' : 'Choose a configuration and run it.'}</div></main>`;
    }
    return html`
      <main>
        <div class="result-bar">
          <div>
            <h2>${r.runs.map((run) => activationLabel(run.activation)).join(' vs ')}</h2>
            <div class="cfg">${this.configLine(r.config, r.seeds?.count ?? 1)}</div>
          </div>
          <div class="buttons">
            <button type="button" id="export-csv" @click=${() => this.exportFile('csv')}>Download CSV</button>
            <button type="button" id="export-json" @click=${() => this.exportFile('json')}>Download JSON</button>
            <button type="button" id="copy-link" @click=${this.copyLink}>${this.copied ? 'Link copied' : 'Copy link'}</button>
          </div>
        </div>
        ${this.scenarioCard()}
        <ds-sim-charts .result=${r} .theory=${this.theory.theoryOf(r)} .activation=${this.focusOf(r.config.activations)?.spec ?? null}
          @focus-change=${this.onFocus}></ds-sim-charts>
      </main>
    `;
  }

  override render() {
    if (!this.values) return nothing;
    return html`${this.banners()}<div class="layout">${this.sidebar()}${this.results()}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-sim-view': DsSimView;
  }
}
