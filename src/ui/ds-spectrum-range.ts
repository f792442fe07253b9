/**
 * <ds-spectrum-range>: against depth, log₁₀ of the Jacobian's σ_max (solid), its smallest σ above
 * float32's rounding of J (dashed) and the root mean square √mean σ² (dotted), with the mean-field √Π χ_l (thin) beside it:
 * the norm can hold while the extremes spread (src/app/spectrum-data.ts).
 */
import { html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { LegendEntry } from '../app/export';
import { activationColor, activationLabel } from '../app/palette';
import { spectrumRanges, type SpectrumRange } from '../app/spectrum-data';
import type { SimResult } from '../sim/stats';
import type { ConfigTheory } from '../sim/theory-cli';
import type { CanvasTheme } from './theme';
import { UPlotChart } from './uplot-chart';

type Line = { label: string; key: 'log10Max' | 'log10MinNonzero' | 'log10Rms' | 'theoryLog10Rms'; dash?: number[]; width: number };
const LINES: readonly Line[] = [
  { label: 'σ_max', key: 'log10Max', width: 2 },
  { label: 'smallest resolved σ', key: 'log10MinNonzero', dash: [8, 4], width: 2 },
  { label: 'rms σ', key: 'log10Rms', dash: [2, 3], width: 2 },
  { label: 'rms σ, mean field', key: 'theoryLog10Rms', width: 1 },
];

@customElement('ds-spectrum-range')
export class DsSpectrumRange extends UPlotChart {
  @property({ attribute: false }) result: SimResult | null = null;
  @property({ attribute: false }) theory: ConfigTheory | null = null;

  private get ranges(): SpectrumRange[] {
    return this.result ? spectrumRanges(this.result, this.theory) : [];
  }

  protected dataChanged(changed: PropertyValues): boolean {
    return changed.has('result') || changed.has('theory');
  }

  private lines(): { range: SpectrumRange; line: Line }[] {
    return this.ranges.flatMap((range) => LINES.filter((line) => range[line.key] !== null).map((line) => ({ range, line })));
  }

  protected plotData(): uPlot.AlignedData | null {
    const ranges = this.ranges;
    if (ranges.length === 0) return null;
    const depths = [...new Set(ranges.flatMap((r) => r.depths))].sort((a, b) => a - b);
    const column = (r: SpectrumRange, values: readonly (number | null)[]): (number | null)[] => depths.map((d) => {
      const k = r.depths.indexOf(d);
      return k < 0 ? null : values[k];
    });
    return [depths, ...this.lines().map(({ range, line }) => column(range, range[line.key]!))] as uPlot.AlignedData;
  }

  protected plotOptions(width: number, height: number, theme: CanvasTheme): uPlot.Options | null {
    if (this.ranges.length === 0) return null;
    const value = (_u: uPlot, v: number | null): string => (v == null ? '–' : `10^${v.toFixed(2)}`);
    const series: uPlot.Series[] = [
      { label: 'depth', value: (_u, v) => (v == null ? '–' : String(v)) },
      ...this.lines().map(({ range, line }) => ({
        label: `${activationLabel(range.activation)} ${line.label}`, stroke: activationColor(range.activation), width: line.width, dash: line.dash,
        points: { show: true, size: 5 }, spanGaps: true, value,
      })),
    ];
    return {
      width, height, series,
      scales: { x: { time: false, range: (_u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) } },
      axes: [this.axis(theme, 'depth d of J = ∂h_d/∂h_0'), this.axis(theme, 'log₁₀ σ', { size: 56 })],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
  }

  pngTitle(): string {
    return "The Jacobian's largest, smallest nonzero and rms singular value against depth";
  }

  protected pngLegend(): LegendEntry[] {
    return this.lines().map(({ range, line }) => ({ label: `${activationLabel(range.activation)} ${line.label}`, color: activationColor(range.activation), dash: line.dash !== undefined }));
  }

  override render() {
    return html`
      <div class="plot" role="img" aria-label="The Jacobian's largest, smallest nonzero and rms singular value against depth"></div>
      ${this.ranges.length ? '' : html`<p class="empty">No spectrum: tick “Jacobian spectrum” and run.</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-spectrum-range': DsSpectrumRange;
  }
}
