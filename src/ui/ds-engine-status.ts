/**
 * <ds-engine-status>: which engine ran the last simulation, the GPU adapter (vendor, architecture,
 * description, and whether it is a software or fallback adapter), and how long the run took.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { GpuStatus } from '../app/page-gpu';
import { adapterLabel, engineLabel, type SimResult } from '../sim/stats';
import { baseStyles } from './theme';

function formatMs(ms: number): string {
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

@customElement('ds-engine-status')
export class DsEngineStatus extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host { font-size: 0.85rem; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: 0.2rem 0.75rem; margin: 0; }
      dt { color: var(--ds-muted); }
      dd { margin: 0; overflow-wrap: anywhere; }
    `,
  ];

  @property({ attribute: false }) gpu: GpuStatus | null = null;
  @property({ attribute: false }) result: SimResult | null = null;

  override render() {
    const g = this.gpu;
    const r = this.result;
    const adapter = r?.engine.adapter ?? g?.adapter ?? null;
    const gpuLine = !g || g.state === 'probing'
      ? 'checking…'
      : g.state === 'ready'
        ? 'available'
        : g.state === 'lost' ? `device lost: ${g.message ?? ''}` : `unavailable: ${g.message ?? ''}`;
    return html`
      <dl data-engine=${r?.engine.kind ?? ''}>
        <dt>WebGPU</dt>
        <dd>${gpuLine}</dd>
        ${adapter ? html`<dt>Adapter</dt><dd>${adapterLabel(adapter)}</dd>` : ''}
        ${r
          ? html`<dt>Last run</dt>
              <dd>
                ${r.engine.kind === 'webgpu' ? 'WebGPU' : `${engineLabel(r.engine)}, in a Web Worker`} · ${formatMs(r.timing.ms)} ·
                ${r.runs.length} × ${r.config.depth} layers
              </dd>`
          : ''}
      </dl>
    `;
  }
}
