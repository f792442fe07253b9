/**
 * Shared styles for the components. Colour tokens are CSS custom properties set on :root in
 * index.html (light and dark); they inherit into every shadow root.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    color: var(--ds-fg);
    font: inherit;
  }
  *, *::before, *::after { box-sizing: border-box; }
  button {
    font: inherit;
    color: var(--ds-fg);
    background: var(--ds-surface-2);
    border: 1px solid var(--ds-border);
    border-radius: 8px;
    padding: 0.35rem 0.75rem;
    cursor: pointer;
    transition: background 120ms, border-color 120ms;
  }
  button:hover:not(:disabled) { border-color: var(--ds-accent); }
  button:disabled { opacity: 0.5; cursor: not-allowed; }
  button.primary {
    background: var(--ds-accent);
    border-color: var(--ds-accent);
    color: var(--ds-on-accent);
    font-weight: 600;
  }
  button.primary:hover:not(:disabled) { background: var(--ds-accent-strong); }
  :focus-visible {
    outline: 2px solid var(--ds-focus);
    outline-offset: 2px;
    border-radius: 6px;
  }
  .muted { color: var(--ds-muted); }
  .visually-hidden {
    position: absolute !important;
    width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap;
  }
`;

/** The tables of numbers per network: figures right-aligned, the network's name first after its colour dot (`--dot`). */
export const tableStyles = css`
  :host { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
  th, td { text-align: right; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--ds-border); white-space: nowrap; }
  thead th { font-weight: 600; color: var(--ds-muted); font-size: 0.78rem; }
  th:first-child, td:first-child { text-align: left; }
  tr:last-child > * { border-bottom: 0; }
  .dot { display: inline-block; width: 0.65rem; height: 0.65rem; border-radius: 50%; margin-right: 0.4rem; vertical-align: -0.05rem; background: var(--dot); }
`;

/** The heading over a chart of one network: its name after its colour dot (`--dot`). */
export const networkTitleStyles = css`
  :host { min-width: 0; }
  h3 { margin: 0 0 0.35rem; font-size: 0.9rem; display: flex; align-items: center; gap: 0.4rem; flex-wrap: wrap; }
  h3 .dot { width: 0.7rem; height: 0.7rem; border-radius: 50%; background: var(--dot); }
`;

/** Colours the canvas-drawn parts (axes, grid, labels) need, read from the live CSS tokens. */
export interface CanvasTheme {
  fg: string;
  muted: string;
  grid: string;
  surface: string;
  font: string;
}

export function canvasTheme(el: Element): CanvasTheme {
  const s = getComputedStyle(el);
  const v = (name: string, fallback: string): string => s.getPropertyValue(name).trim() || fallback;
  return {
    fg: v('--ds-fg', '#1b1f24'),
    muted: v('--ds-muted', '#5b6572'),
    grid: v('--ds-grid', 'rgba(0,0,0,0.08)'),
    surface: v('--ds-surface', '#ffffff'),
    font: '12px system-ui, -apple-system, "Segoe UI", sans-serif',
  };
}

/** Fires `callback` when the colour scheme flips, so canvases redraw with the new tokens. */
export function onSchemeChange(callback: () => void): () => void {
  const mq = window.matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', callback);
  return () => mq.removeEventListener('change', callback);
}
