/**
 * <ds-train-view>: the whole training tab, self-contained like <ds-sim-view>. It reads and writes
 * its section of the URL (UrlStore, keys prefixed `t.`), validates the form with
 * normalizeTrainConfig, and drives the TrainController it is given. The networks trained side by
 * side are the pinned ones (each with its own settings, kept with Pin) and one per activation of the
 * form; with a seed sweep each is trained from several seeds and the loss shows the median and a
 * band. Charts: loss, decision boundary, layer × step heatmaps of the gradient and of dead units.
 * Keyboard: Space plays or pauses, → steps to the next checkpoint, R resets (announced); the
 * transport stays in view as the page scrolls. CSV and JSON hold every checkpoint; Copy link
 * reproduces the networks and the step reached.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { defaultEngine } from '../../app/engine-default';
import { downloadFile } from '../../app/export';
import { METRICS, sharedLogRange, type HeatmapMetric } from '../../app/train/heatmap-data';
import type { TrainController, TrainState } from '../../app/train/train-controller';
import { trainCsvFile, trainJsonFile, trainStem } from '../../app/train/train-export';
import { MAX_TRAINERS, MAX_TRAIN_SEEDS, trainFormFromConfigs, validateTrainForm, type TrainEngineChoice, type TrainFormValues, type ValidatedTrain } from '../../app/train/train-form';
import { trainNetworks, type TrainNetwork } from '../../app/train/train-labels';
import { decodeTrainUrl, trainParams, type TrainPin } from '../../app/train/train-url';
import type { UrlStore } from '../../app/url-store';
import { queryText } from '../../app/view-fields';
import { findInit } from '../../sim/inits';
import { TASK_INFO } from '../../sim/train/tasks';
import type { TrainConfig } from '../../sim/train/train-config';
import '../ds-banner';
import '../ds-chart-card';
import '../ds-run-list';
import type { RunRow } from '../ds-run-list';
import { baseStyles } from '../theme';
import './ds-decision-boundary';
import './ds-layer-step-heatmap';
import './ds-loss-chart';
import './ds-train-controls';
import './ds-train-summary';
import './ds-train-transport';

/** Wait after the last edit before the networks are rebuilt (typing "20" is two edits). */
const REBUILD_DELAY_MS = 300;
/** Below this width the transport spans the page and the form follows it. */
const NARROW = '(max-width: 980px)';

function configsKey(configs: readonly TrainConfig[] | null, engine: string, seeds: number): string {
  return configs ? `${engine}|${seeds}|${JSON.stringify(configs)}` : '';
}

const same = (a: TrainConfig, b: TrainConfig): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Whether a key press belongs to what has the focus (typing, a button, a select) rather than to the transport. */
function typing(event: KeyboardEvent): boolean {
  const el = event.composedPath()[0] as HTMLElement | undefined;
  return !!el && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY', 'A'].includes(el.tagName));
}

@customElement('ds-train-view')
export class DsTrainView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .layout { display: grid; grid-template-columns: minmax(290px, 350px) minmax(0, 1fr); gap: 1.25rem; align-items: start; }
      .layout.narrow { grid-template-columns: minmax(0, 1fr); gap: 1rem; }
      aside { min-width: 0; display: flex; flex-direction: column; gap: 1rem; }
      .panel { background: var(--ds-surface); border: 1px solid var(--ds-border); border-radius: 14px; padding: 1rem 1.1rem; box-shadow: var(--ds-shadow); }
      .panel h2 { font-size: 1.02rem; margin: 0 0 0.4rem; }
      .panel p.lead { margin: 0 0 0.8rem; font-size: 0.83rem; color: var(--ds-muted); line-height: 1.45; }
      main { display: flex; flex-direction: column; gap: 1.25rem; min-width: 0; }
      .banners { display: flex; flex-direction: column; gap: 0.5rem; }
      .transport { position: sticky; top: 0; z-index: 3; }
      .narrow .transport { padding: 0.55rem 0.7rem; border-radius: 0 0 12px 12px; margin: 0 -0.2rem; }
      .cfg { color: var(--ds-muted); font-size: 0.82rem; margin: 0.55rem 0 0; line-height: 1.4; }
      .narrow .cfg { display: none; }
      .exports { display: flex; gap: 0.4rem; flex-wrap: wrap; align-items: center; margin-top: 0.5rem; }
      .exports button { font-size: 0.8rem; padding: 0.2rem 0.6rem; }
      .keys { font-size: 0.76rem; color: var(--ds-muted); }
      .narrow .keys { display: none; }
      kbd { font: inherit; border: 1px solid var(--ds-border); border-radius: 4px; padding: 0 0.25rem; background: var(--ds-surface-2); }
      .cols { display: grid; grid-template-columns: repeat(var(--cols, 2), minmax(0, 1fr)); gap: 1rem 1.25rem; }
      .cols.one { grid-template-columns: minmax(0, 1fr); max-width: 560px; }
      ds-chart-card select { font: inherit; font-size: 0.8rem; color: var(--ds-fg); background: var(--ds-input-bg); border: 1px solid var(--ds-border); border-radius: 8px; padding: 0.2rem 0.35rem; }
      ds-train-summary { margin-top: 0.75rem; }
      .placeholder { padding: 2rem; text-align: center; color: var(--ds-muted); }
      .seeds { display: flex; flex-direction: column; gap: 0.25rem; font-size: 0.85rem; margin-top: 0.9rem; }
      .seeds input { font: inherit; width: 6rem; color: var(--ds-fg); background: var(--ds-input-bg); border: 1px solid var(--ds-border); border-radius: 8px; padding: 0.3rem 0.45rem; }
      .seeds input[aria-invalid='true'] { border-color: var(--ds-error-fg); }
      .seeds .err { color: var(--ds-error-fg); font-size: 0.78rem; margin: 0; }
      .seeds .hint { color: var(--ds-muted); font-size: 0.78rem; margin: 0; }
      @media (max-width: 1100px) { .cols { grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); } }
      @media (max-width: 640px) {
        .panel { padding: 0.85rem 0.8rem; border-radius: 12px; }
        .cols { grid-template-columns: minmax(0, 1fr); }
      }
    `,
  ];

  @property({ attribute: false }) controller!: TrainController;
  /** Where the view keeps its settings; without one it starts from the defaults and writes nothing. */
  @property({ attribute: false }) url: UrlStore | null = null;
  /** Start playing once the networks are built (e.g. when the page opens on a shared link). */
  @property({ type: Boolean }) autoplay = false;

  @state() private values!: TrainFormValues;
  @state() private validated: ValidatedTrain = { configs: null, errors: {}, formError: null };
  @state() private train!: TrainState;
  @state() private urlProblems: string[] = [];
  @state() private gradMetric: HeatmapMetric = 'deltaRms';
  @state() private deadMetric: HeatmapMetric = 'deadFraction';
  @state() private fallbackDismissed = false;
  /** The networks kept beside the form's, each with its own settings. */
  @state() private pins: TrainPin[] = [];
  /** Seeds per network, as typed. */
  @state() private seedsText = '1';
  @state() private copied = false;
  /** The last keyboard action, for the live region. */
  @state() private announcement = '';
  @state() private narrow = false;
  /** Why the CPU engine was chosen on this machine when the URL named none (src/app/engine-default.ts). */
  @state() private engineNote: string | null = null;

  /** The engine this machine starts on; the URL names the engine only when the view's differs. */
  private machineEngine: TrainEngineChoice = 'webgpu';

  private configuredKey = '';
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  /** A shared link's step: trained to once the networks are built. */
  private pendingAt: number | null = null;
  private readonly media = window.matchMedia(NARROW);
  private readonly onMedia = (): void => { this.narrow = this.media.matches; };
  private readonly onChange = (): void => { this.train = this.controller.state; };
  private readonly onKey = (e: KeyboardEvent): void => this.key(e);

  override connectedCallback(): void {
    super.connectedCallback();
    this.narrow = this.media.matches;
    this.media.addEventListener('change', this.onMedia);
    window.addEventListener('keydown', this.onKey);
    const decoded = decodeTrainUrl(this.url?.read('train') ?? '');
    this.urlProblems = decoded.problems;
    this.values = decoded.values;
    this.pins = decoded.pins;
    this.seedsText = String(decoded.seeds);
    this.pendingAt = decoded.at;
    if (decoded.speed !== null) this.controller.setSpeed(decoded.speed);
    this.train = this.controller.state;
    this.controller.addEventListener('change', this.onChange);
    if (decoded.engineFromUrl) this.start();
    else void this.startOnMachineDefault();
  }

  /** With no engine in the URL: the machine's default, once the adapter is known. */
  private async startOnMachineDefault(): Promise<void> {
    const gpu = await this.controller.probeGpu();
    if (!this.isConnected) return;
    const d = defaultEngine(gpu.state === 'ready' ? gpu.adapter : null);
    this.machineEngine = d.engine;
    if (d.engine !== this.values.engine) this.values = { ...this.values, engine: d.engine };
    this.engineNote = d.reason;
    this.start();
  }

  private start(): void {
    this.validated = validateTrainForm(this.values);
    const configs = this.networks();
    const key = configsKey(configs, this.values.engine, this.seeds() ?? 1);
    // A controller handed back to a re-mounted view keeps its training when the settings agree.
    const existing = configsKey(this.train.runs.map((r) => r.config), this.values.engine, this.train.seeds);
    if (configs && (key !== existing || this.train.phase === 'idle')) void this.rebuild();
    else this.configuredKey = key;
    this.writeUrl();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.media.removeEventListener('change', this.onMedia);
    window.removeEventListener('keydown', this.onKey);
    this.controller.removeEventListener('change', this.onChange);
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
  }

  /** Seeds per network, or null while the field is invalid. */
  private seeds(): number | null {
    const n = Number(this.seedsText);
    return Number.isInteger(n) && n >= 1 && n <= MAX_TRAIN_SEEDS && this.seedsText.trim() !== '' ? n : null;
  }

  /** The form's networks that no pin already trains. */
  private formNetworks(): TrainConfig[] | null {
    return this.validated.configs?.filter((c) => !this.pins.some((p) => same(p.config, c))) ?? null;
  }

  /** Every network trained: the pins, then the form's; null while the form or the seeds are invalid. */
  private networks(): TrainConfig[] | null {
    const form = this.formNetworks();
    const seeds = this.seeds();
    if (!form || seeds === null) return null;
    const all = [...this.pins.map((p) => p.config), ...form];
    return all.length && all.length * seeds <= MAX_TRAINERS ? all : null;
  }

  private seedsError(): string | null {
    const seeds = this.seeds();
    if (seeds === null) return `seeds must be a whole number from 1 to ${MAX_TRAIN_SEEDS}`;
    const n = this.pins.length + (this.formNetworks()?.length ?? 0);
    return n * seeds > MAX_TRAINERS ? `${n} networks × ${seeds} seeds is more than the ${MAX_TRAINERS} trainers the page runs at once` : null;
  }

  private speedParam(): number | null {
    return this.train.speed === 10 ? null : this.train.speed;
  }

  /** The engine as the URL names it: not at all when it is this machine's default. */
  private urlEngine(): TrainEngineChoice | null {
    return this.values.engine === this.machineEngine ? null : this.values.engine;
  }

  private writeUrl(): void {
    const configs = this.validated.configs;
    const seeds = this.seeds();
    if (!configs || seeds === null) return;
    this.url?.write('train', trainParams(configs, this.urlEngine(), this.speedParam(), { pins: this.pins, seeds }));
  }

  private async rebuild(): Promise<void> {
    const configs = this.networks();
    const seeds = this.seeds();
    if (!configs || seeds === null) return;
    this.configuredKey = configsKey(configs, this.values.engine, seeds);
    await this.controller.configure(configs, this.values.engine, seeds);
    const at = this.pendingAt;
    this.pendingAt = null;
    if (at) await this.controller.advanceTo(at);
    if (this.autoplay && this.controller.state.phase === 'ready') this.controller.play();
  }

  /** After any change of the networks: write the URL, and rebuild (after a pause for typing) when they changed. */
  private settingsChanged(delay = REBUILD_DELAY_MS): void {
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    const configs = this.networks();
    if (!configs) {
      // Nothing invalid reaches a trainer: stop playing and wait for a valid form.
      this.controller.pause();
      return;
    }
    this.writeUrl();
    if (configsKey(configs, this.values.engine, this.seeds() ?? 1) === this.configuredKey) return;
    this.controller.pause();
    this.rebuildTimer = setTimeout(() => { this.rebuildTimer = null; void this.rebuild(); }, delay);
  }

  private onValues(event: CustomEvent<TrainFormValues>): void {
    this.values = event.detail;
    if (this.values.engine === 'webgpu') this.engineNote = null;
    this.validated = validateTrainForm(this.values);
    this.settingsChanged();
  }

  private onSpeed(event: CustomEvent<number>): void {
    this.controller.setSpeed(event.detail);
    this.writeUrl();
  }

  private onReset(): void {
    if (!this.networks()) return;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    void this.rebuild();
  }

  /** Keeps the form's networks as pins (their training goes on: nothing changes until the form does). */
  private pinForm(): void {
    const form = this.formNetworks();
    if (!form?.length) return;
    this.pins = [...this.pins, ...form.map((config) => ({ config, label: null }))];
    this.writeUrl();
  }

  /** A pin back into the form to be edited (it leaves the pins). */
  private editPin(index: number): void {
    const pin = this.pins[index];
    if (!pin) return;
    this.pins = this.pins.filter((_p, i) => i !== index);
    this.values = trainFormFromConfigs([pin.config], this.values.engine);
    this.validated = validateTrainForm(this.values);
    this.settingsChanged(0);
  }

  private removePin(index: number): void {
    this.pins = this.pins.filter((_p, i) => i !== index);
    this.settingsChanged(0);
  }

  private relabelPin(index: number, label: string): void {
    this.pins = this.pins.map((p, i) => (i === index ? { ...p, label: label.trim() || null } : p));
    this.writeUrl();
  }

  /** Space: play or pause; →: to the next checkpoint; R: reset. Only while this tab is on screen and nothing else takes the key. */
  private key(event: KeyboardEvent): void {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || typing(event) || !this.isConnected || this.offsetParent === null) return;
    const t = this.controller.state;
    if (event.key === ' ') {
      event.preventDefault();
      if (t.phase === 'playing') {
        this.controller.pause();
        void this.controller.stopped().then(() => this.announce(`Paused at step ${this.controller.state.stepsDone}`));
      } else if (t.phase === 'ready' || t.phase === 'paused') {
        this.controller.play();
        this.announce(`Playing from step ${t.stepsDone}`);
      }
    } else if (event.key === 'ArrowRight') {
      if (t.phase !== 'ready' && t.phase !== 'paused') return;
      event.preventDefault();
      void this.controller.stepOnce().then(() => this.announce(`Stepped to step ${this.controller.state.stepsDone}`));
    } else if (event.key === 'r' || event.key === 'R') {
      event.preventDefault();
      this.onReset();
      this.announce('Reset to step 0');
    }
  }

  private announce(text: string): void {
    this.announcement = text;
  }

  private networksOnScreen(): TrainNetwork[] {
    const runs = this.train.runs;
    return trainNetworks(runs, runs.map((r) => this.pins.find((p) => same(p.config, r.config))?.label ?? null));
  }

  private exportFile(format: 'csv' | 'json'): void {
    const engine = this.train.engine;
    const networks = this.networksOnScreen();
    if (!engine || !networks.length) return;
    downloadFile(format === 'csv' ? trainCsvFile(networks, engine) : trainJsonFile(networks, engine));
  }

  /** The page's address with the step reached, so the link opens the same networks trained as far. */
  private linkHere(): string {
    const configs = this.validated.configs;
    const seeds = this.seeds();
    if (!configs || seeds === null || !this.url) return window.location.href;
    const at = this.train.stepsDone;
    const params = new URLSearchParams(this.url.search());
    for (const k of [...params.keys()]) if (k.startsWith('t.')) params.delete(k);
    for (const [k, v] of trainParams(configs, this.urlEngine(), this.speedParam(), { pins: this.pins, seeds, at })) params.append(k, v);
    return `${window.location.origin}${window.location.pathname}?${queryText(params)}`;
  }

  private async copyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.linkHere());
      this.copied = true;
      setTimeout(() => { this.copied = false; }, 1800);
    } catch {
      // Clipboard access can be refused; the address bar holds the same networks (without the step).
    }
  }

  private configLine(c: TrainConfig): string {
    const init = findInit(c.init.name);
    const opt = c.optimizer === 'adam' ? 'Adam' : c.optimizer === 'sgd' ? 'SGD' : `momentum ${c.momentum}`;
    return [
      `${TASK_INFO[c.task].label}${c.task === 'gaussians' ? ` (k = ${c.classes})` : ''}`,
      `${c.depth} hidden layers × ${c.width} units`,
      `${init?.label ?? c.init.spec} init`,
      `${opt}, lr ${c.lr}, batch ${c.batchSize}${c.weightDecay ? `, λ ${c.weightDecay}` : ''}`,
      `${c.steps} steps, checkpoint every ${c.every}`,
      `seed ${c.seed}${this.train.seeds > 1 ? `…${c.seed + this.train.seeds - 1}` : ''}`,
    ].join(' · ');
  }

  /** The configuration under every PNG: each network's line. */
  private caption(networks: readonly TrainNetwork[]): string[] {
    return networks.map((n) => `${n.label}: ${this.configLine(n.run.config)}`);
  }

  private banners() {
    const t = this.train;
    const out = [];
    const gpuMissing = t.gpu.state === 'unavailable' || t.gpu.state === 'lost';
    if (this.values.engine === 'webgpu' && gpuMissing && !this.fallbackDismissed) {
      out.push(html`<ds-banner tone="info" dismissible id="train-gpu-note" @dismiss=${() => { this.fallbackDismissed = true; }}>
        <b>${t.gpu.state === 'lost' ? 'The GPU device was lost' : 'WebGPU is not available here'}</b> (${t.gpu.message}).
        Training runs on the CPU engine in a Web Worker instead: the same networks from the same seed, only slower, so keep depth × width modest.
      </ds-banner>`);
    }
    if (this.engineNote && this.values.engine === 'cpu') {
      out.push(html`<ds-banner tone="info" dismissible id="train-engine-note" @dismiss=${() => { this.engineNote = null; }}>
        ${this.engineNote}
        <button type="button" id="train-use-webgpu" @click=${() => this.onValues(new CustomEvent('values-change', { detail: { ...this.values, engine: 'webgpu' } }))}>Train on WebGPU</button>
      </ds-banner>`);
    }
    if (this.urlProblems.length) {
      out.push(html`<ds-banner tone="warn" dismissible id="train-url-banner" @dismiss=${() => { this.urlProblems = []; }}>
        ${this.urlProblems.map((p, i) => html`${i ? html`<br />` : ''}${p}`)}<br />The defaults are used instead.
      </ds-banner>`);
    }
    if (t.phase === 'error' && t.error) {
      out.push(html`<ds-banner tone="error" id="train-error">${t.error}</ds-banner>`);
    }
    return out.length ? html`<div class="banners">${out}</div>` : nothing;
  }

  private heatmapCard(kind: 'grad' | 'dead', networks: readonly TrainNetwork[], caption: readonly string[]) {
    const runs = networks.map((n) => n.run);
    const metric = kind === 'grad' ? this.gradMetric : this.deadMetric;
    const range = sharedLogRange(runs.map((r) => r.checkpoints), metric);
    const options: HeatmapMetric[] = kind === 'grad' ? ['deltaRms', 'weightGradRms'] : ['deadFraction', 'zeroFraction'];
    const heading = kind === 'grad' ? 'Gradient size per layer over training' : 'Dead units per layer over training';
    const description = kind === 'grad'
      ? html`Each column is a checkpoint, each row a layer (the input layer at the bottom, the output head at the top), coloured by the
          RMS of the back-propagated error δ over the whole training set on a log scale shared by the networks. A dark band at the
          bottom is a gradient that vanishes before it reaches the first layers; watch whether training lifts it.`
      : html`The share of each layer's units that output exactly 0 for every training example: dead units, which pass no gradient
          and cannot learn. Yellow rows are mostly dead; a row that darkens again means units came back to life (revived).`;
    return html`
      <ds-chart-card heading=${heading} chart=${kind} stem=${trainStem(networks)} .caption=${caption}
        .terms=${kind === 'grad' ? ['delta', 'weightGrad'] : ['dead', 'revived', 'zeroFraction']}
        .unavailable=${runs.length ? null : 'no network is built yet'}>
        <label slot="actions" class="muted" style="font-size: 0.8rem">
          <span class="visually-hidden">Statistic</span>
          <select id=${`${kind}-metric`} aria-label=${`${heading}: statistic`}
            @change=${(e: Event) => {
              const m = (e.target as HTMLSelectElement).value as HeatmapMetric;
              if (kind === 'grad') this.gradMetric = m;
              else this.deadMetric = m;
            }}>
            ${options.map((o) => html`<option value=${o} ?selected=${o === metric}>${METRICS[o].label}</option>`)}
          </select>
        </label>
        <span slot="description">${description}</span>
        <div class="cols ${runs.length === 1 ? 'one' : ''}" style=${`--cols: ${Math.min(2, runs.length)}`}>
          ${networks.map(({ run, label, color }) => html`<ds-layer-step-heatmap data-chart=${kind} data-activation=${run.activation} data-run=${run.key}
            data-file=${`${run.key}-${run.activation}`} .checkpoints=${run.checkpoints} .totalSteps=${run.config.steps} .every=${run.config.every}
            .metric=${metric} .range=${range} .activation=${run.activation} .label=${label} .color=${color}></ds-layer-step-heatmap>`)}
        </div>
      </ds-chart-card>
    `;
  }

  private charts(networks: readonly TrainNetwork[]) {
    const t = this.train;
    if (!networks.length) {
      return html`<div class="panel placeholder">${t.phase === 'initializing' ? 'Building the networks…' : 'Choose the settings on the left to build the networks.'}</div>`;
    }
    const regression = networks.every((n) => n.run.config.task === 'teacher');
    const caption = this.caption(networks);
    const stem = trainStem(networks);
    return html`
      <ds-chart-card heading="Loss during training" chart="loss" stem=${stem} .caption=${caption} .terms=${['loss', 'seeds']}>
        <span slot="description">
          One colour per network: solid lines are the loss on the training set, dashed on the held-out test set, measured at every
          checkpoint (log scale). A dashed line that turns up while the solid one keeps falling is overfitting; a flat line is a network that does not learn.
          ${t.seeds > 1 ? `With ${t.seeds} seeds per network the lines are medians, the band holds 10–90 % of the seeds.` : ''}
        </span>
        <ds-loss-chart data-chart="loss" .networks=${networks}></ds-loss-chart>
        <ds-train-summary .networks=${networks}></ds-train-summary>
      </ds-chart-card>
      <ds-chart-card heading=${regression ? 'Prediction over the input plane' : 'Decision boundary'} chart="boundary" stem=${stem} .caption=${caption}>
        <span slot="description">
          ${regression
            ? 'The background is the network’s output over the input square (orange below 0, blue above, paler near 0); the points are the teacher’s targets: filled for training, rings for test.'
            : 'The background is the class each network predicts over the input square, paler where it is unsure (as in TensorFlow Playground); filled points are training examples, rings test examples.'}
          ${t.seeds > 1 ? ' Each network’s first seed.' : ''}
        </span>
        <div class="cols ${networks.length === 1 ? 'one' : ''}" style=${`--cols: ${Math.min(2, networks.length)}`}>
          ${networks.map(({ run, label, color }) => html`<ds-decision-boundary data-chart="boundary" data-activation=${run.activation} data-run=${run.key}
            data-file=${`${run.key}-${run.activation}`} .run=${run} .label=${label} .color=${color}></ds-decision-boundary>`)}
        </div>
      </ds-chart-card>
      ${this.heatmapCard('grad', networks, caption)}
      ${this.heatmapCard('dead', networks, caption)}
    `;
  }

  private rows(networks: readonly TrainNetwork[]): RunRow[] {
    const colorOf = (c: TrainConfig): string[] => networks.filter((n) => same(n.run.config, { ...c })).map((n) => n.color);
    const labelOf = (c: TrainConfig): string => networks.find((n) => same(n.run.config, c))?.label ?? c.activation.spec;
    const rows: RunRow[] = this.pins.map((p, i) => ({
      key: String(i), pinned: true, label: labelOf(p.config), customLabel: p.label, colors: colorOf(p.config), phase: 'done', progress: null, error: null,
    }));
    const form = this.formNetworks() ?? [];
    if (form.length) {
      rows.push({
        key: 'live', pinned: false, label: form.map(labelOf).join(', '), customLabel: null, colors: form.flatMap(colorOf),
        phase: 'done', progress: null, error: null,
      });
    }
    return rows;
  }

  private transport(networks: readonly TrainNetwork[]) {
    const t = this.train;
    const config = this.validated.configs?.[0] ?? t.runs[0]?.config ?? null;
    const ready = networks.length > 0 && !!t.engine;
    return html`<section class="panel transport" aria-label="Training controls">
      <ds-train-transport .phase=${t.phase} .stepsDone=${t.stepsDone} .totalSteps=${t.totalSteps} .speed=${t.speed}
        .stepsPerSecond=${t.stepsPerSecond} ?valid=${this.networks() !== null}
        @play=${() => this.controller.play()} @pause=${() => this.controller.pause()} @step=${() => void this.controller.stepOnce()}
        @reset=${this.onReset} @speed-change=${this.onSpeed}></ds-train-transport>
      <div class="exports">
        <button type="button" id="train-export-csv" ?disabled=${!ready} title=${ready ? 'Every checkpoint of every network' : 'No network is built yet'}
          @click=${() => this.exportFile('csv')}>Download CSV</button>
        <button type="button" id="train-export-json" ?disabled=${!ready} title=${ready ? 'Every checkpoint of every network' : 'No network is built yet'}
          @click=${() => this.exportFile('json')}>Download JSON</button>
        <button type="button" id="train-copy-link" @click=${this.copyLink}>${this.copied ? 'Link copied' : 'Copy link'}</button>
        <span class="keys" aria-hidden="true"><kbd>Space</kbd> play/pause · <kbd>→</kbd> step · <kbd>R</kbd> reset</span>
      </div>
      ${config ? html`<p class="cfg">${networks.map((n) => n.label).join(' vs ')}${networks.length ? ' · ' : ''}${this.configLine(config)}${t.engineLabel ? html` · <span id="train-engine">${t.engineLabel}</span>` : nothing}</p>` : nothing}
      <p class="visually-hidden" role="status" aria-live="polite" id="train-announce">${this.announcement}</p>
    </section>`;
  }

  private form(networks: readonly TrainNetwork[]) {
    const t = this.train;
    const v = this.validated;
    const seedsError = this.seedsError();
    const gpuAvailable = t.gpu.state !== 'unavailable' && t.gpu.state !== 'lost';
    return html`<aside class="panel" aria-labelledby="train-settings-h">
      <h2 id="train-settings-h">Training</h2>
      <p class="lead">Train one network per activation on the same task and watch the gradient and the dead units change as they learn.
        Pin networks to keep them beside the next ones, each with its own init and settings.</p>
      <ds-run-list .rows=${this.rows(networks)} .rerun=${false}
        @pin-request=${this.pinForm}
        @pin-label=${(e: CustomEvent<{ id: string; label: string }>) => this.relabelPin(Number(e.detail.id), e.detail.label)}
        @pin-load=${(e: CustomEvent<string>) => this.editPin(Number(e.detail))}
        @pin-remove=${(e: CustomEvent<string>) => this.removePin(Number(e.detail))}></ds-run-list>
      <ds-train-controls .values=${this.values} .errors=${v.errors} .formError=${v.formError} ?gpuAvailable=${gpuAvailable}
        @values-change=${this.onValues}></ds-train-controls>
      <div class="seeds">
        <label for="t-seeds">Seeds per network (seed sweep)</label>
        <input id="t-seeds" type="text" inputmode="numeric" .value=${this.seedsText} aria-invalid=${seedsError ? 'true' : 'false'}
          aria-describedby="t-seeds-help" @input=${(e: Event) => { this.seedsText = (e.target as HTMLInputElement).value; this.settingsChanged(); }} />
        ${seedsError ? html`<p class="err" id="terr-seeds" role="alert">${seedsError}</p>` : nothing}
        <p class="hint" id="t-seeds-help">Trains each network from seeds seed … seed + N − 1; the loss shows their median and a 10–90 % band.</p>
      </div>
    </aside>`;
  }

  override render() {
    if (!this.values) return nothing;
    const networks = this.networksOnScreen();
    if (this.narrow) {
      return html`<div class="layout narrow">${this.transport(networks)}${this.banners()}<main>${this.charts(networks)}</main>${this.form(networks)}</div>`;
    }
    return html`
      <div class="layout">
        ${this.form(networks)}
        <main>${this.banners()}${this.transport(networks)}${this.charts(networks)}</main>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-train-view': DsTrainView;
  }
}
