/**
 * <ds-train-view>: the whole training tab, self-contained like <ds-sim-view>. It reads and writes
 * its section of the URL (UrlStore, keys prefixed `t.`), validates the form with
 * normalizeTrainConfig, and drives the TrainController it is given: one network per chosen
 * activation, trained side by side on the same task and seed. Charts: loss, decision boundary,
 * layer × step heatmaps of the gradient and of dead units.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { activationColor, activationLabel } from '../../app/palette';
import { METRICS, sharedLogRange, type HeatmapMetric } from '../../app/train/heatmap-data';
import { defaultEngine } from '../../app/engine-default';
import type { TrainController, TrainState } from '../../app/train/train-controller';
import { validateTrainForm, type TrainEngineChoice, type TrainFormValues, type ValidatedTrain } from '../../app/train/train-form';
import { decodeTrainUrl, trainParams } from '../../app/train/train-url';
import type { UrlStore } from '../../app/url-store';
import { findInit } from '../../sim/inits';
import { TASK_INFO } from '../../sim/train/tasks';
import type { TrainConfig } from '../../sim/train/train-config';
import '../ds-banner';
import '../ds-chart-card';
import { baseStyles } from '../theme';
import './ds-decision-boundary';
import './ds-layer-step-heatmap';
import './ds-loss-chart';
import './ds-train-controls';
import './ds-train-summary';
import './ds-train-transport';

/** Wait after the last edit before the networks are rebuilt (typing "20" is two edits). */
const REBUILD_DELAY_MS = 300;

function configsKey(configs: readonly TrainConfig[] | null, engine: string): string {
  return configs ? `${engine}|${JSON.stringify(configs)}` : '';
}

@customElement('ds-train-view')
export class DsTrainView extends LitElement {
  static override styles = [
    baseStyles,
    css`
      .layout { display: grid; grid-template-columns: minmax(290px, 350px) minmax(0, 1fr); gap: 1.25rem; align-items: start; }
      aside { min-width: 0; }
      .panel { background: var(--ds-surface); border: 1px solid var(--ds-border); border-radius: 14px; padding: 1rem 1.1rem; box-shadow: var(--ds-shadow); }
      .panel h2 { font-size: 1.02rem; margin: 0 0 0.4rem; }
      .panel p.lead { margin: 0 0 0.8rem; font-size: 0.83rem; color: var(--ds-muted); line-height: 1.45; }
      main { display: flex; flex-direction: column; gap: 1.25rem; min-width: 0; }
      .banners { display: flex; flex-direction: column; gap: 0.5rem; }
      .transport { position: sticky; top: 0; z-index: 2; }
      .cfg { color: var(--ds-muted); font-size: 0.82rem; margin: 0.55rem 0 0; line-height: 1.4; }
      .cols { display: grid; grid-template-columns: repeat(var(--cols, 2), minmax(0, 1fr)); gap: 1rem 1.25rem; }
      .cols.one { grid-template-columns: minmax(0, 1fr); max-width: 560px; }
      ds-chart-card select { font: inherit; font-size: 0.8rem; color: var(--ds-fg); background: var(--ds-input-bg); border: 1px solid var(--ds-border); border-radius: 8px; padding: 0.2rem 0.35rem; }
      ds-train-summary { margin-top: 0.75rem; }
      .placeholder { padding: 2rem; text-align: center; color: var(--ds-muted); }
      @media (max-width: 1100px) { .cols { grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); } }
      @media (max-width: 980px) {
        .layout { grid-template-columns: minmax(0, 1fr); }
        .transport { position: static; }
      }
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
  /** Why the CPU engine was chosen on this machine when the URL named none (src/app/engine-default.ts). */
  @state() private engineNote: string | null = null;

  /** The engine this machine starts on; the URL names the engine only when the view's differs. */
  private machineEngine: TrainEngineChoice = 'webgpu';

  private configuredKey = '';
  private rebuildTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onChange = (): void => { this.train = this.controller.state; };

  override connectedCallback(): void {
    super.connectedCallback();
    const decoded = decodeTrainUrl(this.url?.read('train') ?? '');
    this.urlProblems = decoded.problems;
    this.values = decoded.values;
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
    const configs = this.validated.configs;
    const key = configsKey(configs, this.values.engine);
    // A controller handed back to a re-mounted view keeps its training when the settings agree.
    const existing = configsKey(this.train.runs.map((r) => r.config), this.values.engine);
    if (configs && (key !== existing || this.train.phase === 'idle')) void this.rebuild();
    else this.configuredKey = key;
    if (configs) this.writeUrl(configs);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.controller.removeEventListener('change', this.onChange);
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
  }

  private writeUrl(configs: TrainConfig[]): void {
    const engine = this.values.engine === this.machineEngine ? null : this.values.engine;
    this.url?.write('train', trainParams(configs, engine, this.train.speed === 10 ? null : this.train.speed));
  }

  private async rebuild(): Promise<void> {
    const configs = this.validated.configs;
    if (!configs) return;
    this.configuredKey = configsKey(configs, this.values.engine);
    await this.controller.configure(configs, this.values.engine);
    if (this.autoplay && this.controller.state.phase === 'ready') this.controller.play();
  }

  private onValues(event: CustomEvent<TrainFormValues>): void {
    this.values = event.detail;
    if (this.values.engine === 'webgpu') this.engineNote = null;
    this.validated = validateTrainForm(this.values);
    const configs = this.validated.configs;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    if (!configs) {
      // Nothing invalid reaches a trainer: stop playing and wait for a valid form.
      this.controller.pause();
      return;
    }
    this.writeUrl(configs);
    if (configsKey(configs, this.values.engine) === this.configuredKey) return;
    this.controller.pause();
    this.rebuildTimer = setTimeout(() => { this.rebuildTimer = null; void this.rebuild(); }, REBUILD_DELAY_MS);
  }

  private onSpeed(event: CustomEvent<number>): void {
    this.controller.setSpeed(event.detail);
    if (this.validated.configs) this.writeUrl(this.validated.configs);
  }

  private onReset(): void {
    if (!this.validated.configs) return;
    if (this.rebuildTimer) clearTimeout(this.rebuildTimer);
    void this.rebuild();
  }

  /** The start of the charts' PNG names. */
  private pngStem(): string {
    const c = this.validated.configs?.[0];
    return c ? `deltascope-train-${c.task}` : 'deltascope-train';
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
      `seed ${c.seed}`,
    ].join(' · ');
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

  private heatmapCard(kind: 'grad' | 'dead') {
    const runs = this.train.runs;
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
      <ds-chart-card heading=${heading} chart=${kind} stem=${this.pngStem()} ?exportable=${runs.length > 0}>
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
          ${runs.map((run) => html`<ds-layer-step-heatmap data-chart=${kind} data-activation=${run.activation}
            .checkpoints=${run.checkpoints} .totalSteps=${run.config.steps} .every=${run.config.every} .metric=${metric} .range=${range} .activation=${run.activation}
            .color=${activationColor(run.activation)}></ds-layer-step-heatmap>`)}
        </div>
      </ds-chart-card>
    `;
  }

  private charts() {
    const t = this.train;
    const runs = t.runs;
    if (!runs.length) {
      return html`<div class="panel placeholder">${t.phase === 'initializing' ? 'Building the networks…' : 'Choose the settings on the left to build the networks.'}</div>`;
    }
    const regression = runs[0].config.task === 'teacher';
    return html`
      <ds-chart-card heading="Loss during training" chart="loss" stem=${this.pngStem()} exportable>
        <span slot="description">
          One colour per network: solid lines are the loss on the training set, dashed on the held-out test set, measured at every
          checkpoint (log scale). A dashed line that turns up while the solid one keeps falling is overfitting; a flat line is a network that does not learn.
        </span>
        <ds-loss-chart data-chart="loss" .runs=${runs} .totalSteps=${t.totalSteps}></ds-loss-chart>
        <ds-train-summary .runs=${runs}></ds-train-summary>
      </ds-chart-card>
      <ds-chart-card heading=${regression ? 'Prediction over the input plane' : 'Decision boundary'} chart="boundary" stem=${this.pngStem()} exportable>
        <span slot="description">
          ${regression
            ? 'The background is the network’s output over the input square (orange below 0, blue above, paler near 0); the points are the teacher’s targets: filled for training, rings for test.'
            : 'The background is the class each network predicts over the input square, paler where it is unsure (as in TensorFlow Playground); filled points are training examples, rings test examples.'}
        </span>
        <div class="cols ${runs.length === 1 ? 'one' : ''}" style=${`--cols: ${Math.min(2, runs.length)}`}>
          ${runs.map((run) => html`<ds-decision-boundary data-chart="boundary" data-activation=${run.activation}
            .run=${run} .color=${activationColor(run.activation)}></ds-decision-boundary>`)}
        </div>
      </ds-chart-card>
      ${this.heatmapCard('grad')}
      ${this.heatmapCard('dead')}
    `;
  }

  override render() {
    if (!this.values) return nothing;
    const t = this.train;
    const v = this.validated;
    const config = v.configs?.[0] ?? t.runs[0]?.config ?? null;
    const gpuAvailable = t.gpu.state !== 'unavailable' && t.gpu.state !== 'lost';
    return html`
      <div class="layout">
        <aside class="panel" aria-labelledby="train-settings-h">
          <h2 id="train-settings-h">Training</h2>
          <p class="lead">Train one network per activation on the same task, from the same seed, and watch the gradient and the dead units change as they learn.</p>
          <ds-train-controls .values=${this.values} .errors=${v.errors} .formError=${v.formError} ?gpuAvailable=${gpuAvailable}
            @values-change=${this.onValues}></ds-train-controls>
        </aside>
        <main>
          ${this.banners()}
          <section class="panel transport" aria-label="Training controls">
            <ds-train-transport .phase=${t.phase} .stepsDone=${t.stepsDone} .totalSteps=${t.totalSteps} .speed=${t.speed}
              .stepsPerSecond=${t.stepsPerSecond} ?valid=${v.configs !== null}
              @play=${() => this.controller.play()} @pause=${() => this.controller.pause()} @step=${() => void this.controller.stepOnce()}
              @reset=${this.onReset} @speed-change=${this.onSpeed}></ds-train-transport>
            ${config ? html`<p class="cfg">${t.runs.map((r) => activationLabel(r.activation)).join(' vs ')}${t.runs.length ? ' · ' : ''}${this.configLine(config)}${t.engineLabel ? html` · <span id="train-engine">${t.engineLabel}</span>` : nothing}</p>` : nothing}
          </section>
          ${this.charts()}
        </main>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-train-view': DsTrainView;
  }
}
