/**
 * <ds-spectrum-density>: the density of the Jacobian's singular values on a log axis (log₁₀ σ), one
 * colour per activation, one dash per requested depth (solid: the deepest); σ = 0 is counted in the
 * legend, since it has no place on a log axis (src/app/spectrum-data.ts).
 */
import { html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { LegendEntry } from '../app/export';
import { activationColor, activationLabel } from '../app/palette';
import { spectrumDensity, type SpectrumDensity } from '../app/spectrum-data';
import type { SimResult } from '../sim/stats';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

/** Dashes of the shallower depths, deepest first (solid). */
const DASHES: (number[] | undefined)[] = [undefined, [8, 4], [3, 3], [1, 3]];

@customElement('ds-spectrum-density')
export class DsSpectrumDensity extends UPlotChart {
  @property({ attribute: false }) result: SimResult | null = null;

  private get density(): SpectrumDensity | null {
    return this.result ? spectrumDensity(this.result) : null;
  }

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('result');
  }

  private label(c: SpectrumDensity['curves'][number]): string {
    const zeros = c.zeroFraction > 0 ? ` (${Math.round(c.zeroFraction * 100)} % σ = 0)` : '';
    return `${activationLabel(c.activation)} d = ${c.depth}${zeros}`;
  }

  private dash(c: SpectrumDensity['curves'][number]): number[] | undefined {
    const depths = this.result?.runs.find((r) => r.activation === c.activation)?.spectrum?.depths ?? [];
    return DASHES[Math.min(DASHES.length - 1, depths.length - 1 - depths.indexOf(c.depth))];
  }

  protected plotData(): uPlot.AlignedData | null {
    const d = this.density;
    return d ? ([d.x, ...d.curves.map((c) => c.density)] as uPlot.AlignedData) : null;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    const d = this.density;
    if (!d) return null;
    const series: uPlot.Series[] = [
      { label: 'log₁₀ σ', value: (_u, v) => (v == null ? '–' : v.toFixed(2)) },
      ...d.curves.map((c) => ({
        label: this.label(c), stroke: activationColor(c.activation), width: 2, dash: this.dash(c), value: (_u: uPlot, v: number | null) => (v == null ? '–' : v.toFixed(3)),
      })),
    ];
    return {
      width, height, series,
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(max, 1e-9) * 1.05] } },
      axes: [this.axis(theme, 'log₁₀ σ  (0 = the norm kept)'), this.axis(theme, 'density per decade', { size: 56 })],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  pngTitle(): string {
    return "Singular values of the input–output Jacobian J = ∂h_d/∂h_0 (density of log₁₀ σ)";
  }

  protected pngLegend(): LegendEntry[] {
    return (this.density?.curves ?? []).map((c) => ({ label: this.label(c), color: activationColor(c.activation), dash: this.dash(c) !== undefined }));
  }

  override render() {
    return html`
      <div class="plot" role="img" aria-label="Density of the Jacobian's singular values on a log axis, per activation and depth"></div>
      ${this.density ? '' : html`<p class="empty">No spectrum: tick “Jacobian spectrum” and run.</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-spectrum-density': DsSpectrumDensity;
  }
}
