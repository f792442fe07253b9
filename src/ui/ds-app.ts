/**
 * <ds-app>: the page shell. It wires the pieces together and holds only UI state (the form's
 * values, the focused activation, the tab); the simulation and its engines live in the
 * SimController it is given. Properties go down to the components, events come up from them.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatValue } from '../app/chart-data';
import { downloadBlob, downloadText, fileStem, resultCsv, resultJson } from '../app/export';
import { defaultEngine } from '../app/engine-default';
import { formFromConfig, validateForm, type EngineChoice, type FormValues, type Validated } from '../app/form-state';
import { activationLabel } from '../app/palette';
import type { SimController, SimState } from '../app/sim-controller';
import { TheoryClient, type TheoryCurves } from '../app/theory-client';
import type { PhaseData } from '../app/theory-protocol';
import { decodeUrl, encodeUrl, type TabId } from '../app/url-state';
import type { TrainController } from '../app/train/train-controller';
import { trainSearchOf } from '../app/train/train-url';
import { findInit } from '../sim/inits';
import type { RunActivation, SimConfig } from '../sim/config';
import './ds-activation-picker';
import './ds-banner';
import './ds-chart-card';
import './ds-controls';
import './ds-decay-chart';
import './ds-engine-compare';
import './ds-engine-status';
import './ds-fprime-chart';
import './ds-heatmap';
import './ds-phase-diagram';
import './ds-scenarios';
import { findScenario } from '../sim/scenarios';
import { phaseRange } from './ds-phase-diagram';
import './ds-sparsity-chart';
import './train/ds-train-view';
import './ds-summary';
import { baseStyles } from './theme';

interface PngSource {
  pngBlob(): Promise<Blob | null>;
}

@customElement('ds-app')
export class DsApp extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { display: block; max-width: 1520px; margin: 0 auto; padding: 1.1rem 1.4rem 3rem; }
      header.top { display: flex; align-items: flex-end; justify-content: space-between; gap: 0.75rem 1.5rem; flex-wrap: wrap; margin-bottom: 1rem; }
      .brand h1 { margin: 0; font-size: 1.6rem; letter-spacing: -0.02em; display: flex; align-items: center; gap: 0.5rem; }
      .brand h1 .logo { width: 1.6rem; height: 1.6rem; }
      .brand p { margin: 0.2rem 0 0; color: var(--ds-muted); max-width: 70ch; font-size: 0.95rem; }
      [role='tablist'] { display: flex; gap: 0.25rem; background: var(--ds-surface-2); border: 1px solid var(--ds-border); border-radius: 10px; padding: 0.2rem; }
      [role='tab'] { border: 0; background: transparent; border-radius: 8px; padding: 0.35rem 0.9rem; font-weight: 500; }
      [role='tab'][aria-selected='true'] { background: var(--ds-surface); box-shadow: var(--ds-shadow); font-weight: 600; }
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
      .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.25rem; }
      .focus { display: flex; flex-direction: column; gap: 1rem; }
      .placeholder { padding: 2rem; text-align: center; color: var(--ds-muted); }
      .scenario { border-left: 4px solid var(--ds-accent); }
      .scenario .kicker { margin: 0; font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--ds-accent); font-weight: 700; }
      .scenario h2 { margin: 0.1rem 0 0.2rem; }
      .scenario .question { margin: 0 0 0.4rem; font-style: italic; color: var(--ds-muted); }
      .scenario .text { margin: 0; line-height: 1.55; max-width: 90ch; }
      .stale { font-size: 0.82rem; color: var(--ds-warn-fg); }
      footer { margin-top: 2rem; color: var(--ds-muted); font-size: 0.82rem; line-height: 1.5; max-width: 90ch; }
      footer a { color: inherit; }
      @media (max-width: 1280px) { .pair { grid-template-columns: minmax(0, 1fr); } }
      @media (max-width: 980px) { .layout { grid-template-columns: minmax(0, 1fr); } }
      @media (max-width: 640px) {
        :host { padding: 0.75rem 0.7rem 2rem; }
        .brand h1 { font-size: 1.35rem; }
        .panel { padding: 0.85rem 0.8rem; border-radius: 12px; }
      }
    `,
  ];

  @property({ attribute: false }) controller!: SimController;
  /** Owns the training networks; lives as long as the page so training survives tab switches. */
  @property({ attribute: false }) trainController: TrainController | null = null;

  @state() private values!: FormValues;
  @state() private validated: Validated = { config: null, seeds: 1, errors: {}, formError: null };
  @state() private sim!: SimState;
  @state() private focusActivation: string | null = null;
  @state() private tab: TabId = 'init';
  @state() private urlProblems: string[] = [];
  @state() private gpuBannerDismissed = false;
  @state() private theory: TheoryCurves | null = null;
  @state() private phase: PhaseData | null = null;
  @state() private phaseLoading = false;
  @state() private copied = false;
  /** The guided scenario whose text is shown; cleared when the settings change. */
  @state() private scenario: string | null = null;
  /** Why the CPU engine was chosen on this machine when the URL named none (src/app/engine-default.ts). */
  @state() private engineNote: string | null = null;

  /** The engine this machine starts on; the URL names the engine only when the form's differs. */
  private machineEngine: EngineChoice = 'webgpu';

  private readonly theoryClient = new TheoryClient();
  private theoryFor: SimState['result'] = null;
  private phaseKey = '';
  private readonly onControllerChange = (): void => this.syncFromController();

  override connectedCallback(): void {
    super.connectedCallback();
    const { state: url, problems } = decodeUrl(window.location.search);
    this.urlProblems = problems;
    this.values = formFromConfig(url.config, url.engine ?? 'webgpu', url.seeds);
    this.focusActivation = url.focus;
    this.tab = url.tab;
    this.scenario = url.scenario;
    this.sim = this.controller.state;
    this.controller.addEventListener('change', this.onControllerChange);
    this.revalidate();
    // A CPU run need not wait for the GPU probe (which compiles the kernels).
    const runNow = url.engine === 'cpu';
    // A link to the training tab should not spend the first seconds simulating in the background.
    const onInit = this.tab === 'init';
    if (runNow && onInit && this.validated.config) void this.startRun(this.validated.config);
    void this.controller.probeGpu().then(() => {
      const gpu = this.controller.state.gpu;
      const machine = defaultEngine(gpu.state === 'ready' ? gpu.adapter : null);
      this.machineEngine = machine.engine;
      if (url.engine === null) {
        // No WebGPU (the banner says so), or a software adapter (the note says so): the CPU engine.
        if (this.controller.engineFor(this.values.engine) === 'cpu' || machine.engine === 'cpu') this.values = { ...this.values, engine: 'cpu' };
        this.engineNote = machine.reason;
      }
      this.revalidate();
      if (!runNow && onInit && this.validated.config) void this.startRun(this.validated.config);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller.removeEventListener('change', this.onControllerChange);
    this.theoryClient.dispose();
  }

  private syncFromController(): void {
    const prev = this.sim;
    this.sim = this.controller.state;
    if (this.sim.result !== prev?.result) this.requestTheory();
    if (this.sim.gpu !== prev?.gpu) this.revalidate();
  }

  private revalidate(): void {
    const engine = this.values.engine;
    this.validated = validateForm(this.values, (c) => this.controller.check(c, engine));
    if (this.validated.config) this.writeUrl(this.validated.config);
    this.requestPhase();
  }

  private writeUrl(config: SimConfig): void {
    const search = encodeUrl({
      config,
      engine: this.values.engine === this.machineEngine ? null : this.values.engine,
      focus: this.focusActivation && config.activations.some((a) => a.spec === this.focusActivation) ? this.focusActivation : null,
      tab: this.tab,
      scenario: this.scenario,
      seeds: this.validated.seeds,
    });
    // The training view keeps its settings under t.* keys: carry them along.
    const train = trainSearchOf(window.location.search).toString();
    const full = train ? `${search}${search ? '&' : '?'}${train}` : search;
    if (full !== window.location.search) history.replaceState(null, '', `${window.location.pathname}${full}${window.location.hash}`);
  }

  private async startRun(config: SimConfig): Promise<void> {
    this.theory = null;
    await this.controller.run(config, this.values.engine, this.validated.seeds);
  }

  private requestTheory(): void {
    const result = this.sim.result;
    this.theory = null;
    this.theoryFor = result;
    if (!result) return;
    void this.theoryClient.curves(result.config).then((t) => {
      if (this.theoryFor === result && t) this.theory = t;
    });
  }

  /** The activation the detail charts and the phase diagram show. */
  private focusOf(activations: readonly RunActivation[]): RunActivation | null {
    return activations.find((a) => a.spec === this.focusActivation) ?? activations[0] ?? null;
  }

  private requestPhase(): void {
    const config = this.validated.config ?? this.sim?.result?.config ?? null;
    if (!config) return;
    const run = this.focusOf(config.activations);
    if (!run) return;
    const { w2Max, b2Max } = phaseRange(config.sigmaW2, config.sigmaB2);
    const key = `${run.spec}|${run.derivative.spec}|${w2Max}|${b2Max}`;
    if (key === this.phaseKey) return;
    this.phaseKey = key;
    this.phaseLoading = true;
    void this.theoryClient.phase(run, w2Max, b2Max).then((data) => {
      if (this.phaseKey !== key) return;
      this.phaseLoading = false;
      if (data) this.phase = data;
    });
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
    const config = this.validated.config;
    if (!config) {
      void this.updateComplete.then(() => {
        const controls = this.renderRoot.querySelector('ds-controls');
        const bad = controls?.shadowRoot?.querySelector<HTMLElement>('[aria-invalid="true"]');
        bad?.focus();
      });
      return;
    }
    void this.startRun(config);
  }

  private onSigmaPick(event: CustomEvent<{ sigmaW2: number; sigmaB2: number }>): void {
    this.scenario = null;
    this.values = { ...this.values, init: 'custom', sigmaW2: String(event.detail.sigmaW2), sigmaB2: String(event.detail.sigmaB2) };
    this.revalidate();
  }

  private onFocus(event: CustomEvent<string>): void {
    this.focusActivation = event.detail;
    if (this.validated.config) this.writeUrl(this.validated.config);
    this.requestPhase();
  }

  private selectTab(tab: TabId): void {
    this.tab = tab;
    if (this.validated.config) this.writeUrl(this.validated.config);
    // Opened on the training tab, the simulator has not run yet: run it on the first visit.
    if (tab === 'init' && this.sim.phase === 'idle' && this.validated.config) void this.startRun(this.validated.config);
  }

  private async onPng(event: CustomEvent<{ chart: string }>): Promise<void> {
    const result = this.sim.result;
    if (!result) return;
    const el = this.renderRoot.querySelector(`[data-chart="${event.detail.chart}"]`) as (Element & PngSource) | null;
    const blob = await el?.pngBlob();
    if (blob) downloadBlob(`${fileStem(result.config)}-${event.detail.chart}.png`, blob);
  }

  private exportCsv(): void {
    const r = this.sim.result;
    if (r) downloadText(`${fileStem(r.config)}.csv`, resultCsv(this.withTheory(r)), 'text/csv');
  }

  private exportJson(): void {
    const r = this.sim.result;
    if (r) downloadText(`${fileStem(r.config)}.json`, resultJson(this.withTheory(r)), 'application/json');
  }

  /** The result with the mean-field prediction per layer and run, as `--theory` adds it on the command line. */
  private withTheory(r: NonNullable<SimState['result']>): NonNullable<SimState['result']> {
    const t = this.theory;
    if (!t) return r;
    return {
      ...r,
      runs: r.runs.map((run) => {
        const curve = t.curves[run.activation];
        const log10 = t.log10[run.activation];
        if (!curve || !log10) return run;
        return {
          ...run,
          theory: t.info[run.activation],
          layers: run.layers.map((s, i) => ({ ...s, theoryDeltaRms: curve[i], theoryDeltaLog10: log10[i] })),
        };
      }),
    };
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
          ? html`<b>The GPU device was lost</b> (${g.message}). Runs continue on the CPU engine; reload the page to try WebGPU again.`
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
        ${this.urlProblems.map((p, i) => html`${i ? html`<br />` : ''}${p}`)}${this.urlProblems.length ? html`<br />The defaults are used instead.` : ''}
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
    const config = v.config ?? s.result?.config ?? null;
    const focus = config ? this.focusOf(config.activations)?.spec ?? null : null;
    const theoryInfo = this.theory && focus ? this.theory.info[focus] : undefined;
    const stale = s.result && v.config
      && (JSON.stringify(v.config) !== JSON.stringify(s.result.config) || v.seeds !== (s.result.seeds?.count ?? 1));
    return html`
      <aside>
        <section class="panel" aria-labelledby="settings-h">
          <h2 id="settings-h">Network at initialization</h2>
          <ds-controls
            .values=${this.values}
            .errors=${v.errors}
            .formError=${v.formError}
            .impliedSigmaW2=${v.config?.sigmaW2 ?? null}
            ?gpuAvailable=${s.gpu.state === 'ready'}
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
            .data=${this.phase}
            ?loading=${this.phaseLoading}
            .sigmaW2=${config?.sigmaW2 ?? 1}
            .sigmaB2=${config?.sigmaB2 ?? 0}
            .chi1=${theoryInfo && s.result?.config === config ? theoryInfo.chi1 : null}
            .note=${theoryInfo && !theoryInfo.gaussian ? theoryInfo.note ?? null : null}
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

  private charts() {
    const r = this.sim.result;
    if (!r) {
      return html`<main>${this.scenarioCard()}<div class="panel placeholder">${this.sim.phase === 'running' ? 'Running the simulation…' : 'Choose a configuration and run it.'}</div></main>`;
    }
    const focus = this.focusOf(r.config.activations)?.spec ?? null;
    const curves = this.theory?.log10 ?? null;
    return html`
      <main @png-request=${this.onPng}>
        <div class="result-bar">
          <div>
            <h2>${r.runs.map((run) => activationLabel(run.activation)).join(' vs ')}</h2>
            <div class="cfg">${this.configLine(r.config, r.seeds?.count ?? 1)}</div>
          </div>
          <div class="buttons">
            <button type="button" id="export-csv" @click=${this.exportCsv}>Download CSV</button>
            <button type="button" id="export-json" @click=${this.exportJson}>Download JSON</button>
            <button type="button" id="copy-link" @click=${this.copyLink}>${this.copied ? 'Link copied' : 'Copy link'}</button>
          </div>
        </div>
        ${this.scenarioCard()}
        <ds-chart-card heading="Gradient decay across the layers" chart="decay" exportable>
          <span slot="description">
            The size of the back-propagated error δ at every layer. It starts near 1 at the output (right) and is multiplied by
            Wᵀ and f′ on its way to the input (left): a line that falls to the left is a vanishing gradient, one that rises explodes.
            Dashed: the mean-field prediction. Log scale; hover for exact values.
          </span>
          <ds-decay-chart data-chart="decay" .result=${r} .theory=${curves}></ds-decay-chart>
        </ds-chart-card>
        <ds-chart-card heading="Key numbers" chart="summary">
          <span slot="description">δ at both ends of the network and the mean factor per layer between them (below 1: δ shrinks towards the input).</span>
          <ds-summary .result=${r}></ds-summary>
        </ds-chart-card>
        <ds-chart-card heading="Sparsity: zero activations and dead units" chart="sparsity" exportable>
          <span slot="description">
            Solid: the share of activations h that are exactly 0 in each layer (about half for ReLU). Dashed: the share of units
            that are 0 for every input of the batch, i.e. dead units that pass no gradient at all.
          </span>
          <ds-sparsity-chart data-chart="sparsity" .result=${r}></ds-sparsity-chart>
        </ds-chart-card>
        <section class="panel focus" aria-label="Details of one activation">
          <ds-activation-picker .activations=${r.config.activations.map((a) => a.spec)} .value=${focus} @focus-change=${this.onFocus}></ds-activation-picker>
          ${(r.seeds?.count ?? 1) > 1
            ? html`<p class="muted" style="margin: 0; font-size: 0.82rem">These two charts show one network: the first seed (${r.config.seed}) of the ${r.seeds?.count}.</p>`
            : nothing}
          <div class="pair">
            <ds-chart-card heading="|δ| per layer and unit" chart="heatmap" exportable>
              <span slot="description">
                Every unit of every layer, coloured by |δ| (RMS over the batch) on a log scale: dark is small, yellow large.
                Vertical stripes show the decay layer by layer; horizontal streaks are units that stay quiet (dead) across layers.
              </span>
              <ds-heatmap data-chart="heatmap" .result=${r} .activation=${focus}></ds-heatmap>
            </ds-chart-card>
            <ds-chart-card heading="The factors f′(s) per layer" chart="fprime" exportable>
              <span slot="description">
                Backward, each layer multiplies δ by f′(s). Bands show where the middle 50 % and 90 % of |f′| lie, the line their median;
                when they sit below the dotted line at 1, their product over many layers shrinks towards 0.
              </span>
              <ds-fprime-chart data-chart="fprime" .result=${r} .activation=${focus}></ds-fprime-chart>
            </ds-chart-card>
          </div>
        </section>
      </main>
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

  override render() {
    return html`
      <header class="top">
        <div class="brand">
          <h1><img class="logo" src="favicon.svg" alt="" />deltascope</h1>
          <p>How the back-propagated error δ vanishes, holds or explodes across hundreds of layers, computed on your GPU.</p>
        </div>
        <div role="tablist" aria-label="View">
          <button role="tab" id="tab-init" aria-selected=${this.tab === 'init'} aria-controls="panel"
            @click=${() => this.selectTab('init')}>Initialization</button>
          <button role="tab" id="tab-training" aria-selected=${this.tab === 'training'} aria-controls="panel"
            @click=${() => this.selectTab('training')}>Training</button>
        </div>
      </header>
      ${this.banners()}
      ${this.tab === 'init'
        ? html`<div class="layout" id="panel" role="tabpanel" aria-labelledby="tab-init">${this.sidebar()}${this.charts()}</div>`
        : html`<div id="panel" role="tabpanel" aria-labelledby="tab-training">
            <ds-train-view .controller=${this.trainController}></ds-train-view>
          </div>`}
      <footer>
        deltascope simulates a fully-connected network of the chosen depth and width at initialization: random inputs go forward,
        a random error δ ~ N(0, 1) enters at the output and travels back by δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l).
        The same seed gives the same network on the GPU and on the CPU. Theory: Poole et al. 2016, Schoenholz et al. 2017.
      </footer>
    `;
  }
}
