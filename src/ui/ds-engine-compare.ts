/**
 * <ds-engine-compare>: "GPU vs CPU on this machine". A button starts a small grid of whole runs on
 * both engines (src/app/engine-compare.ts, run by the SimController); the chart shows ms per run
 * against the width, one line per engine, and the text says the adapter, whether it is software,
 * and which engine is faster at the widest point.
 */
import { css, html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { EngineComparison } from '../app/engine-compare';
import type { LegendEntry } from '../app/export';
import { adapterLabel } from '../sim/stats';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

const GPU_COLOR = '#7c3aed';
const CPU_COLOR = '#0f766e';

function formatMs(ms: number | null | undefined): string {
  if (ms == null) return '–';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

@customElement('ds-engine-compare')
export class DsEngineCompare extends UPlotChart {
  static override styles = [
    ...UPlotChart.styles,
    css`
      .plot { min-height: 0; }
      p { margin: 0 0 0.5rem; font-size: 0.83rem; line-height: 1.45; }
      .tag { font-size: 0.75rem; padding: 0 0.4rem; border-radius: 999px; background: var(--ds-warn-bg); border: 1px solid var(--ds-warn-border); }
    `,
  ];

  @property({ attribute: false }) comparison: EngineComparison | null = null;
  /** A simulation is running: the comparison waits for it. */
  @property({ type: Boolean }) busy = false;

  protected override plotHeight(): number {
    return 200;
  }

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('comparison');
  }

  protected plotData(): uPlot.AlignedData | null {
    const points = this.comparison?.points ?? [];
    if (!points.length) return null;
    return [points.map((p) => p.width), points.map((p) => p.gpuMs), points.map((p) => p.cpuMs)] as uPlot.AlignedData;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    return {
      width,
      height,
      series: [
        { label: 'width' },
        { label: 'WebGPU', stroke: GPU_COLOR, width: 2, points: { show: true }, value: (_u, v) => formatMs(v) },
        { label: 'CPU', stroke: CPU_COLOR, width: 2, points: { show: true }, value: (_u, v) => formatMs(v) },
      ],
      scales: { x: { time: false, distr: 3, log: 2 }, y: { distr: 3, log: 10 } },
      axes: [
        this.axis(theme, 'width (depth 16, batch 32, ReLU)', { values: (_u, ticks) => ticks.map((t) => String(t)) }),
        this.logAxis(theme, 'ms per run', (v) => String(Number(v.toPrecision(2))), 5),
      ],
      legend: { live: true },
    };
  }

  pngTitle(): string {
    return 'GPU vs CPU on this machine: ms per simulation';
  }

  protected pngLegend(): LegendEntry[] {
    return [{ label: 'WebGPU', color: GPU_COLOR }, { label: 'CPU', color: CPU_COLOR }];
  }

  private summary() {
    const c = this.comparison;
    const last = c?.points.at(-1);
    if (!c || c.phase !== 'done' || !last?.cpuMs || !last.gpuMs) return '';
    const gpuFaster = last.gpuMs < last.cpuMs;
    const ratio = gpuFaster ? last.cpuMs / last.gpuMs : last.gpuMs / last.cpuMs;
    return html`<p id="compare-summary">At width ${last.width}: ${gpuFaster ? 'WebGPU' : 'the CPU engine'} is ${ratio.toFixed(1)}× faster
      (${formatMs(last.gpuMs)} against ${formatMs(last.cpuMs)}).</p>`;
  }

  override render() {
    const c = this.comparison;
    const running = c?.phase === 'running';
    const a = c?.adapter;
    return html`
      <p>Whole simulations of growing width on both engines, here in this page.</p>
      <button type="button" id="compare-engines" ?disabled=${running || this.busy}
        @click=${() => this.dispatchEvent(new CustomEvent('compare-request', { bubbles: true, composed: true }))}>
        ${running ? 'Comparing…' : c?.phase === 'done' ? 'Compare again' : 'Compare GPU and CPU'}
      </button>
      ${a ? html`<p id="compare-adapter">Adapter: ${adapterLabel({ ...a, isSoftware: false, isFallbackAdapter: false })}
        ${a.isSoftware || a.isFallbackAdapter ? html`<span class="tag">software: runs on the CPU</span>` : html`<span>(hardware)</span>`}</p>` : ''}
      ${c?.message ? html`<p id="compare-message">${c.message}</p>` : ''}
      <div class="plot" role="img" aria-label="Milliseconds per run against the width, WebGPU and CPU"></div>
      ${this.summary()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-engine-compare': DsEngineCompare;
  }
}
