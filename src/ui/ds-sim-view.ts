/**
 * <ds-sim-view>: the Initialization tab, self-contained like <ds-train-view>: its form, its charts
 * and their wiring. It reads and writes its section of the URL (UrlStore; the pinned runs included),
 * checks the form with the view's gate (form-state.ts) and the engine's memory check, drives the
 * SimController it is given (the last run and the pins), and has the mean-field prediction for every
 * result on screen and the phase diagram computed off the main thread (SimTheoryController).
 *
 * A first visit opens the classic lesson (a guided scenario with two pinned runs). The guided
 * scenarios sit in a strip above the results and open in place; the status line under it says what
 * runs, with Cancel. On a narrow screen the results come first and the form folds.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { downloadFile, entriesStem, resultCsvFile, resultJsonFile, type ExportEntry } from '../app/export';
import { formFromConfig, validateForm, type EngineChoice, type FormValues, type Validated } from '../app/form-state';
import type { PinSpec } from '../app/pins';
import { LIVE, type PinnedRun, type SimController, type SimState } from '../app/sim-controller';
import {
  configLine, configName, entryLabels, seedCount, sharedSettings, shownRuns, type ShownEntry, type ShownRun,
} from '../app/shown-runs';
import { SimTheoryController, type PhaseView } from '../app/theory-tasks';
import { decodeUrl, scenarioState, simUrlParams } from '../app/url-state';
import type { UrlStore } from '../app/url-store';
import type { SimConfig } from '../sim/config';
import { findScenario } from '../sim/scenarios';
import type { SimResult } from '../sim/stats';
import './ds-banner';
import './ds-controls';
import './ds-engine-compare';
import './ds-engine-status';
import { phaseRange } from './ds-phase-diagram';
import './ds-run-list';
import type { RunRow } from './ds-run-list';
import './ds-run-status';
import './ds-scenarios';
import './ds-sim-charts';
import { baseStyles } from './theme';

/** The scenario a first visit opens. */
const FIRST_SCENARIO = 'classic-lesson';
/** Below this width the results come first and the form folds. */
const NARROW = '(max-width: 980px)';

/** The results on screen, their networks and each result's name. */
interface Shown {
  entries: ShownEntry[];
  runs: ShownRun[];
  labels: Map<string, string>;
}

const sameRun = (a: { config: SimConfig; seeds: number }, b: { config: SimConfig; seeds: number }): boolean =>
  a.seeds === b.seeds && JSON.stringify(a.config) === JSON.stringify(b.config);

@customElement('ds-sim-view')
export class DsSimView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .banners { display: flex; flex-direction: column; gap: 0.5rem; margin-bottom: 1rem; }
      .layout { display: grid; grid-template-columns: minmax(300px, 360px) minmax(0, 1fr); gap: 1.25rem; align-items: start; }
      .layout.narrow { grid-template-columns: minmax(0, 1fr); }
      aside { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
      .panel { background: var(--ds-surface); border: 1px solid var(--ds-border); border-radius: 14px; padding: 1rem 1.1rem; box-shadow: var(--ds-shadow); }
      .panel h2 { font-size: 1.02rem; margin: 0 0 0.75rem; }
      details.panel > summary { cursor: pointer; font-weight: 600; display: flex; gap: 0.5rem; align-items: baseline; flex-wrap: wrap; }
      details.panel > summary .muted { font-weight: 400; font-size: 0.82rem; }
      details.panel[open] > summary { margin-bottom: 0.75rem; }
      main { display: flex; flex-direction: column; gap: 1rem; min-width: 0; }
      .result-bar { display: flex; align-items: baseline; gap: 0.2rem 0.75rem; flex-wrap: wrap; margin-bottom: -0.4rem; }
      .result-bar h2 { margin: 0; font-size: 0.95rem; }
      .result-bar .cfg { color: var(--ds-muted); font-size: 0.84rem; }
      .scenario .more { font-size: 0.8rem; padding: 0.1rem 0.5rem; margin-top: 0.3rem; }
      .narrow .scenario .text.folded { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
      .placeholder { padding: 2rem; text-align: center; color: var(--ds-muted); }
      .scenario { border-left: 4px solid var(--ds-accent); padding: 0.7rem 1rem; }
      .scenario .kicker { font-size: 0.7rem; text-transform: uppercase; letter-spacing: 0.08em; color: var(--ds-accent); font-weight: 700; margin-right: 0.4rem; }
      .scenario h2 { margin: 0 0 0.15rem; font-size: 1rem; }
      .scenario .question { font-style: italic; color: var(--ds-muted); font-weight: 400; font-size: 0.9rem; margin-left: 0.3rem; }
      .scenario .text { margin: 0; line-height: 1.45; max-width: 110ch; font-size: 0.9rem; }
      .stale { font-size: 0.82rem; color: var(--ds-warn-fg); }
      @media (max-width: 640px) { .panel { padding: 0.85rem 0.8rem; border-radius: 12px; } }
    `,
  ];

  @property({ attribute: false }) controller!: SimController;
  /** Where the view keeps its settings; without one it starts from the defaults and writes nothing. */
  @property({ attribute: false }) url: UrlStore | null = null;

  @state() private values!: FormValues;
  @state() private validated: Validated = { config: null, seeds: 1, errors: {}, formError: null };
  @state() private sim!: SimState;
  /** The key of the network the detail charts show (ShownRun.key). */
  @state() private focusKey: string | null = null;
  @state() private urlProblems: string[] = [];
  @state() private gpuBannerDismissed = false;
  @state() private copied = false;
  /** The guided scenario whose text is shown; cleared when the settings change. */
  @state() private scenario: string | null = null;
  @state() private narrow = false;
  /** Whether the folded form (narrow screens) is open. */
  @state() private settingsOpen = false;
  /** Whether the scenario's folded text (narrow screens) is open. */
  @state() private scenarioOpen = false;
  /** Why the CPU engine was chosen on this machine when the URL named none (src/app/engine-default.ts). */
  @state() private engineNote: string | null = null;

  /** The engine this machine starts on; the URL names the engine only when the form's differs. */
  private machineEngine: EngineChoice = 'webgpu';

  private readonly media = window.matchMedia(NARROW);
  private readonly onMedia = (): void => { this.narrow = this.media.matches; };
  private readonly theory = new SimTheoryController(this, () => this.shownResults(), () => this.phaseView());
  private readonly onControllerChange = (): void => this.syncFromController();

  override connectedCallback(): void {
    super.connectedCallback();
    this.narrow = this.media.matches;
    this.media.addEventListener('change', this.onMedia);
    const decoded = decodeUrl(this.url?.read('sim') ?? '');
    this.urlProblems = decoded.problems;
    // A first visit (nothing in the URL) opens the classic lesson, on the engine the URL may name.
    const url = decoded.state.fromUrl ? decoded.state : { ...decoded.state, ...this.scenarioFor(FIRST_SCENARIO, decoded.state.engine) };
    this.values = formFromConfig(url.config, url.engine ?? 'webgpu', url.seeds);
    this.focusKey = url.focus ? `${LIVE}/${url.focus}` : null;
    this.scenario = url.scenario;
    this.sim = this.controller.state;
    this.controller.addEventListener('change', this.onControllerChange);
    // A controller handed back to a re-mounted view keeps its runs and pins.
    const first = this.sim.phase === 'idle' && this.sim.pins.length === 0;
    if (first && url.pins.length) this.controller.setPins(url.pins);
    this.revalidate();
    // A CPU run need not wait for the GPU probe (the adapter, the device and the engine's chunk).
    const runNow = url.engine === 'cpu';
    if (first && runNow && this.validated.config) void this.startRun(this.validated.config);
    void this.controller.probeGpu().then(() => {
      const machine = this.controller.machineDefault();
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
    this.media.removeEventListener('change', this.onMedia);
    this.controller.removeEventListener('change', this.onControllerChange);
  }

  private syncFromController(): void {
    const before = this.sim;
    this.sim = this.controller.state;
    if (before.gpu !== this.sim.gpu) this.revalidate();
    else if (before.pins !== this.sim.pins) this.writeUrl();
  }

  /** The results on screen: the pinned runs that have one, then the last run unless a pin already shows it. */
  private entries(): ShownEntry[] {
    const theory = (r: SimResult) => this.theory.theoryOf(r);
    const pins: ShownEntry[] = this.sim.pins.flatMap((p) => (p.result ? [{ key: p.id, result: p.result, label: p.label, theory: theory(p.result) }] : []));
    const live = this.sim.result;
    const liveShown = !!live && !pins.some((p) => p.result === live || (sameRun(
      { config: p.result.config, seeds: seedCount(p.result) }, { config: live.config, seeds: seedCount(live) },
    ) && p.result.engine.kind === live.engine.kind));
    return liveShown && live ? [...pins, { key: LIVE, result: live, label: null, theory: theory(live) }] : pins;
  }

  private shownResults(): SimResult[] {
    if (!this.sim) return [];
    return [...this.sim.pins.flatMap((p) => (p.result ? [p.result] : [])), ...(this.sim.result ? [this.sim.result] : [])];
  }

  /** The network the detail charts and the phase diagram show. */
  private focused(runs: readonly ShownRun[]): ShownRun | null {
    return runs.find((r) => r.key === this.focusKey) ?? runs[0] ?? null;
  }

  /** The phase diagram of the focused network's activation around its σ's (the form's first activation before any run). */
  private phaseView(): PhaseView | null {
    if (!this.sim) return null;
    const f = this.focused(shownRuns(this.entries()));
    const config = f?.result.config ?? this.validated.config;
    const run = f ? config?.activations.find((a) => a.spec === f.run.activation) : config?.activations[0];
    return config && run ? { run, ...phaseRange(config.sigmaW2, config.sigmaB2) } : null;
  }

  private revalidate(): void {
    const engine = this.values.engine;
    this.validated = validateForm(this.values, (c) => this.controller.check(c, engine));
    this.writeUrl();
  }

  /** The settings and the pins into the view's section of the URL, while the settings are valid. */
  private writeUrl(): void {
    const config = this.validated.config;
    if (!config || !this.sim) return;
    const focus = this.focusKey?.startsWith(`${LIVE}/`) ? this.focusKey.slice(LIVE.length + 1) : null;
    const pins: PinSpec[] = this.sim.pins.map(({ config: c, seeds, engine, label }) => ({ config: c, seeds, engine: this.urlEngine(engine), label }));
    this.url?.write('sim', simUrlParams({
      config,
      engine: this.urlEngine(this.values.engine),
      focus: focus && config.activations.some((a) => a.spec === focus) ? focus : null,
      scenario: this.scenario,
      seeds: this.validated.seeds,
      pins,
    }));
  }

  /** An engine as the URL names it: not at all when it is this machine's default. */
  private urlEngine(engine: EngineChoice | null): EngineChoice | null {
    return engine === this.machineEngine ? null : engine;
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

  /** A point of the phase diagram: the focused network there (custom init), run at once. */
  private onSigmaPick(event: CustomEvent<{ sigmaW2: number; sigmaB2: number }>): void {
    const f = this.focused(shownRuns(this.entries()));
    const base = f ? formFromConfig(f.result.config, this.values.engine, seedCount(f.result)) : this.values;
    this.scenario = null;
    this.values = { ...base, init: 'custom', sigmaW2: String(event.detail.sigmaW2), sigmaB2: String(event.detail.sigmaB2) };
    this.onRunRequest();
  }

  /** A scenario's settings, its pins on the same engine as the form (null: the machine's default). */
  private scenarioFor(id: string, engine: EngineChoice | null): ReturnType<typeof scenarioState> {
    const s = scenarioState(id);
    return { ...s, engine, pins: s.pins.map((p) => ({ ...p, engine })) };
  }

  /** A guided scenario, opened in place: its settings in the form, its comparisons as the pins, run at once. */
  private onScenario(event: CustomEvent<string>): void {
    const s = this.scenarioFor(event.detail, this.values.engine);
    this.values = formFromConfig(s.config, this.values.engine, s.seeds);
    this.scenario = event.detail;
    this.focusKey = null;
    this.controller.setPins(s.pins);
    this.onRunRequest();
  }

  private onFocus(event: CustomEvent<string>): void {
    this.focusKey = event.detail;
    this.writeUrl();
  }

  private onPinLoad(event: CustomEvent<string>): void {
    const pin = this.sim.pins.find((p) => p.id === event.detail);
    if (!pin) return;
    this.values = formFromConfig(pin.config, pin.engine ?? this.machineEngine, pin.seeds);
    this.scenario = null;
    this.settingsOpen = true;
    this.revalidate();
  }

  private exportEntries(): ExportEntry[] {
    const { entries, labels } = this.shown();
    return entries.map((e) => ({ label: labels.get(e.key) ?? '', result: e.result, theory: e.theory }));
  }

  private exportFile(format: 'csv' | 'json'): void {
    const entries = this.exportEntries();
    if (entries.length) downloadFile(format === 'csv' ? resultCsvFile(entries) : resultJsonFile(entries));
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

  /** The name of a pin in the status line and the list: its name on screen, or (before its result) its activations and init. */
  private pinName(p: PinnedRun, shown: Shown): string {
    return shown.labels.get(p.id) ?? p.label ?? configName(p.config);
  }

  /** What the status line says is running. */
  private runningName(shown: Shown): string | null {
    const a = this.sim.activity;
    if (!a) return null;
    if (a.target === LIVE) return this.validated.config ? configName(this.validated.config) : 'the simulation';
    const pin = this.sim.pins.find((p) => p.id === a.target);
    return pin ? `pinned: ${this.pinName(pin, shown)}` : 'a pinned run';
  }

  private rows(shown: Shown): RunRow[] {
    const colorsOf = (key: string): string[] => shown.runs.filter((r) => r.entryKey === key).map((r) => r.color);
    const rows: RunRow[] = this.sim.pins.map((p) => ({
      key: p.id, pinned: true, label: this.pinName(p, shown), customLabel: p.label, colors: colorsOf(p.id), phase: p.phase, progress: p.progress, error: p.error,
    }));
    const live = shown.labels.get(LIVE);
    if (live !== undefined || (this.sim.phase === 'running' && !this.sim.result)) {
      rows.push({
        key: LIVE, pinned: false, label: live ?? (this.validated.config ? configName(this.validated.config) : ''), customLabel: null,
        colors: colorsOf(LIVE), phase: this.sim.phase, progress: this.sim.progress, error: this.sim.error,
      });
    }
    return rows;
  }

  /** The configuration lines under a PNG: of every result on screen, or of one (its entry key). */
  private captionOf({ entries, labels }: Shown): (key: string | null) => string[] {
    return (key) => {
      const picked = entries.filter((e) => key === null || e.key === key);
      return picked.map((e) => (entries.length > 1 ? `${labels.get(e.key)}: ${configLine(e.result)}` : configLine(e.result)));
    };
  }

  private settingsPanel() {
    const s = this.sim;
    const v = this.validated;
    const r = s.result;
    const sameConfig = !!r && (!v.config || JSON.stringify(v.config) === JSON.stringify(r.config));
    const stale = r && v.config && (!sameConfig || v.seeds !== seedCount(r));
    const form = html`
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
      ${stale && s.phase !== 'running' ? html`<p class="stale">Settings changed: run again to update the charts.</p>` : nothing}`;
    if (!this.narrow) {
      return html`<section class="panel" aria-labelledby="settings-h"><h2 id="settings-h">Network at initialization</h2>${form}</section>`;
    }
    return html`<details class="panel" id="settings-fold" ?open=${this.settingsOpen}
      @toggle=${(e: Event) => { this.settingsOpen = (e.target as HTMLDetailsElement).open; }}>
      <summary id="settings-h">Settings <span class="muted">${v.config ? configName(v.config) : 'fix the highlighted fields'}</span></summary>
      ${form}
    </details>`;
  }

  /** The engine that ran and "GPU vs CPU on this machine": beside the form, on a phone under the results. */
  private enginePanels() {
    return html`<section class="panel" aria-labelledby="engine-h">
      <h2 id="engine-h">Engine</h2>
      <ds-engine-status .gpu=${this.sim.gpu} .result=${this.sim.result}></ds-engine-status>
    </section>
    <section class="panel" aria-labelledby="compare-h">
      <h2 id="compare-h">GPU vs CPU on this machine</h2>
      <ds-engine-compare .comparison=${this.sim.comparison} ?busy=${this.sim.activity !== null}
        @compare-request=${() => void this.controller.compareEngines()}></ds-engine-compare>
    </section>`;
  }

  private scenarioCard() {
    const s = this.scenario ? findScenario(this.scenario) : undefined;
    if (!s) return nothing;
    // On a phone the text folds to three lines, so the charts stay near the top.
    const folded = this.narrow && !this.scenarioOpen;
    return html`<section class="panel scenario" id="scenario-card" aria-labelledby="scenario-h">
      <h2 id="scenario-h"><span class="kicker">Scenario</span>${s.title}<span class="question">${s.question}</span></h2>
      <p class="text ${folded ? 'folded' : ''}" id="scenario-text">${s.text}</p>
      ${this.narrow ? html`<button type="button" class="more" aria-expanded=${this.scenarioOpen ? 'true' : 'false'} aria-controls="scenario-text"
        @click=${() => { this.scenarioOpen = !this.scenarioOpen; }}>${this.scenarioOpen ? 'Less' : 'Read more'}</button>` : nothing}
    </section>`;
  }

  private status(shown: Shown) {
    const { runs } = shown;
    const a = this.sim.activity;
    const preparing = !a && runs.length === 0 && this.sim.phase === 'idle' && this.sim.gpu.state === 'probing';
    const n = new Set(runs.map((r) => r.entryKey)).size;
    const idle = runs.length ? `${runs.length} network${runs.length > 1 ? 's' : ''} on the charts${n > 1 ? ` from ${n} runs` : ''}.` : 'Nothing has run yet.';
    return html`<ds-run-status .running=${this.runningName(shown)} .progress=${a?.progress ?? null} .waiting=${a?.waiting ?? 0}
      ?preparing=${preparing} .idle=${idle} @cancel-request=${() => this.controller.cancel()}>
      ${runs.length ? html`
        <button type="button" id="export-csv" @click=${() => this.exportFile('csv')} aria-label="Download CSV">${this.narrow ? 'CSV' : 'Download CSV'}</button>
        <button type="button" id="export-json" @click=${() => this.exportFile('json')} aria-label="Download JSON">${this.narrow ? 'JSON' : 'Download JSON'}</button>
        <button type="button" id="copy-link" @click=${this.copyLink}>${this.copied ? 'Link copied' : 'Copy link'}</button>` : nothing}
    </ds-run-status>`;
  }

  private results(shown: Shown) {
    const { entries, runs } = shown;
    const head = html`
      <ds-scenarios .current=${this.scenario} @scenario-pick=${this.onScenario}></ds-scenarios>
      ${this.status(shown)}
      ${this.narrow ? this.settingsPanel() : nothing}
      ${this.scenarioCard()}`;
    if (!entries.length) {
      const waiting = this.sim.phase === 'running' || this.sim.gpu.state === 'probing' || this.sim.activity;
      return html`<main>${head}<div class="panel placeholder" id="placeholder">${waiting
        ? 'The charts appear here as soon as the first run finishes.'
        : 'Choose a configuration and run it.'}</div></main>`;
    }
    const shared = sharedSettings(entries.map((e) => e.result));
    const focused = this.focused(runs);
    return html`
      <main>
        ${head}
        <div class="result-bar">
          <h2 id="results-title">On the charts</h2>
          <span class="cfg">${entries.length > 1 ? 'all ' : ''}${shared.join(' · ')}</span>
        </div>
        <ds-run-list .rows=${this.rows(shown)}
          @pin-request=${() => this.controller.pin()}
          @pin-label=${(e: CustomEvent<{ id: string; label: string }>) => this.controller.relabel(e.detail.id, e.detail.label)}
          @pin-load=${this.onPinLoad}
          @pin-rerun=${(e: CustomEvent<string>) => this.controller.rerun(e.detail)}
          @pin-remove=${(e: CustomEvent<string>) => this.controller.unpin(e.detail)}></ds-run-list>
        <ds-sim-charts .runs=${runs} .focusKey=${focused?.key ?? null} stem=${entriesStem(this.exportEntries())} .captionOf=${this.captionOf(shown)}
          .phase=${{ data: this.theory.phase, loading: this.theory.phaseLoading }}
          @focus-change=${this.onFocus} @sigma-pick=${this.onSigmaPick}></ds-sim-charts>
      </main>
    `;
  }

  /** What is on screen, worked out once per render. */
  private shown(): Shown {
    const entries = this.entries();
    const names = entryLabels(entries);
    return { entries, runs: shownRuns(entries), labels: new Map(entries.map((e, i) => [e.key, names[i]])) };
  }

  override render() {
    if (!this.values) return nothing;
    const shown = this.shown();
    if (this.narrow) return html`${this.banners()}<div class="layout narrow">${this.results(shown)}<aside>${this.enginePanels()}</aside></div>`;
    return html`${this.banners()}<div class="layout"><aside>${this.settingsPanel()}${this.enginePanels()}</aside>${this.results(shown)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-sim-view': DsSimView;
  }
}
