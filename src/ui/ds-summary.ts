/**
 * <ds-summary>: the key numbers of every network on screen, one row each: δ at the output and at
 * layer 1, the mean factor per layer and the total gain between them, the share of dead units, and
 * the badge those numbers earn, with the rule under the table (src/sim/gain.ts). The table fits its
 * card or scrolls sideways with a visible cue; it downloads as a PNG like the charts.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { formatLog10, formatValue } from '../app/chart-data';
import { composePng } from '../app/export';
import { seedCount, type ShownRun } from '../app/shown-runs';
import { BADGE_RULE, gradientBadge, runGain } from '../sim/gain';
import { baseStyles, canvasTheme, tableStyles } from './theme';

const HEADINGS = ['network', 'δ RMS at the output', 'δ RMS at layer 1', 'factor per layer', 'total gain', 'dead units (mean)', 'gradient'];

/** The cells of one network's row, as text. */
function cells({ run, label }: ShownRun): string[] {
  const gain = runGain(run);
  const dead = run.layers.reduce((a, s) => a + s.deadFraction, 0) / Math.max(1, run.layers.length);
  return [
    label,
    `${formatLog10(run.layers[run.layers.length - 1]?.deltaLog10)} (layer ${run.layers.length})`,
    formatLog10(run.layers[0]?.deltaLog10),
    gain ? `× ${formatValue(gain.perLayer)}` : '–',
    gain ? `× ${formatLog10(gain.totalLog10, 3)}` : '–',
    `${(dead * 100).toFixed(1)} %`,
    gradientBadge(run).text,
  ];
}

@customElement('ds-summary')
export class DsSummary extends LitElement {
  static override styles = [
    baseStyles,
    tableStyles,
    css`
      :host { overflow-x: visible; }
      .scroll {
        overflow-x: auto;
        /* Shadows at an edge with more table behind it: the cue that it scrolls. */
        background:
          linear-gradient(to right, var(--ds-surface) 30%, transparent) left / 2.5rem 100% no-repeat local,
          linear-gradient(to left, var(--ds-surface) 30%, transparent) right / 2.5rem 100% no-repeat local,
          radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.22), transparent) left / 0.9rem 100% no-repeat scroll,
          radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.22), transparent) right / 0.9rem 100% no-repeat scroll;
      }
      thead th { white-space: normal; vertical-align: bottom; min-width: 5.5rem; }
      thead th:first-child { min-width: 0; }
      td:first-child { white-space: normal; min-width: 8rem; }
      .pill { display: inline-block; padding: 0 0.5rem; border-radius: 999px; font-size: 0.78rem; border: 1px solid var(--ds-border); }
      .vanishes, .zero { background: var(--ds-warn-bg); border-color: var(--ds-warn-border); }
      .grows { background: var(--ds-warn-bg); border-color: var(--ds-warn-border); }
      .explodes, .nan { background: var(--ds-error-bg); border-color: var(--ds-error-border); }
      .holds { background: var(--ds-ok-bg); border-color: var(--ds-ok-border); }
      .seeds { margin: 0 0 0.4rem; font-size: 0.82rem; color: var(--ds-muted); }
      .cue { margin: 0.2rem 0 0; font-size: 0.78rem; color: var(--ds-muted); text-align: right; }
      .help { margin: 0.4rem 0 0; font-size: 0.8rem; color: var(--ds-muted); }
    `,
  ];

  @property({ attribute: false }) runs: readonly ShownRun[] = [];
  /** True while the table is wider than its box (the cue under it says so). */
  @state() overflowing = false;
  private observer: ResizeObserver | null = null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.observer = null;
  }

  protected override updated(): void {
    const box = this.renderRoot.querySelector('.scroll');
    if (box && !this.observer) {
      this.observer = new ResizeObserver(() => this.measure());
      this.observer.observe(box);
    }
    this.measure();
  }

  private measure(): void {
    const box = this.renderRoot.querySelector('.scroll');
    const over = !!box && box.scrollWidth > box.clientWidth + 1;
    if (over !== this.overflowing) this.overflowing = over;
  }

  override render() {
    if (!this.runs.length) return html``;
    const seeded = this.runs.filter((r) => seedCount(r.result) > 1);
    const seeds = seeded[0]?.result.seeds;
    return html`
      ${seeds ? html`<p class="seeds" id="summary-seeds">${seeded.length === this.runs.length && new Set(seeded.map((r) => r.result)).size === 1
        ? `Each number is the median of ${seeds.count} seeds (${seeds.first}…${seeds.first + seeds.count - 1}) at that layer.`
        : 'For the networks run with several seeds, each number is the median of their seeds at that layer.'}</p>` : ''}
      <div class="scroll" tabindex=${this.overflowing ? 0 : -1} role="region" aria-label="Key numbers per network">
        <table>
          <caption class="visually-hidden">Key numbers per network${seeds ? ', medians over seeds where run with several' : ''}</caption>
          <thead>
            <tr>${HEADINGS.map((h) => html`<th scope="col">${h}</th>`)}</tr>
          </thead>
          <tbody>
            ${this.runs.map((r) => {
              const badge = gradientBadge(r.run);
              const [label, ...rest] = cells(r);
              return html`<tr data-activation=${r.run.activation} data-run=${r.key}>
                <td><span class="dot" style=${`--dot: ${r.color}`}></span>${label}</td>
                ${rest.slice(0, -1).map((c) => html`<td>${c}</td>`)}
                <td><span class="pill ${badge.kind}" data-badge=${badge.kind}>${badge.text}</span></td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${this.overflowing ? html`<p class="cue" id="summary-cue" aria-hidden="true">← scroll sideways for more →</p>` : ''}
      <p class="help" id="badge-help">${BADGE_RULE}</p>
    `;
  }

  /** The table drawn as a PNG: a row per network, the badge rule and the configuration (`caption`) under it. */
  async pngBlob(caption: readonly string[] = []): Promise<Blob | null> {
    if (!this.runs.length) return null;
    const theme = canvasTheme(this);
    const dpr = devicePixelRatio || 1;
    const rows = [HEADINGS, ...this.runs.map(cells)];
    const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
    const font = (weight: number): string => `${weight} ${12 * dpr}px system-ui, -apple-system, "Segoe UI", sans-serif`;
    const gap = 18 * dpr;
    const widths = HEADINGS.map((_h, c) => Math.max(...rows.map((row, i) => {
      ctx.font = font(i === 0 ? 600 : 400);
      return ctx.measureText(row[c]).width;
    })));
    const rowH = 22 * dpr;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(widths.reduce((a, w) => a + w + gap, 0) + 14 * dpr);
    canvas.height = Math.ceil(rows.length * rowH + 4 * dpr);
    const c = canvas.getContext('2d') as CanvasRenderingContext2D;
    c.textBaseline = 'middle';
    rows.forEach((row, i) => {
      let x = 14 * dpr;
      const y = i * rowH + rowH / 2;
      if (i > 0) {
        c.fillStyle = this.runs[i - 1].color;
        c.beginPath();
        c.arc(5 * dpr, y, 4.5 * dpr, 0, 2 * Math.PI);
        c.fill();
      }
      c.font = font(i === 0 ? 600 : 400);
      c.fillStyle = i === 0 ? theme.muted : theme.fg;
      row.forEach((text, k) => {
        c.fillText(text, x, y);
        x += widths[k] + gap;
      });
    });
    return composePng({
      title: 'Key numbers', canvas, legend: [], caption: [...caption, BADGE_RULE],
      background: theme.surface, foreground: theme.fg, muted: theme.muted,
    });
  }
}
