/**
 * Base class of the canvas charts (not a component itself): the canvas, a redraw when its box is
 * resized or the colour scheme changes (RedrawController), and the drawing as a PNG under a title.
 * Subclasses paint their data and say how to draw it.
 */
import { LitElement } from 'lit';
import { composePng } from '../app/export';
import { RedrawController } from './redraw-controller';
import { canvasTheme } from './theme';

export abstract class CanvasView extends LitElement {
  constructor() {
    super();
    // For as long as the element is attached (a tab switch detaches and attaches it again).
    new RedrawController(this, () => this.resizeTarget(), () => this.draw(), () => this.schemeChanged());
  }

  get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  /** Draws the chart onto the canvas at its current size. */
  abstract draw(): void;

  /** The element whose size the drawing follows. */
  protected resizeTarget(): Element | null {
    return this.canvas;
  }

  /** The colours changed; what was painted in the old ones is painted again by overriding this. */
  protected schemeChanged(): void {
    this.draw();
  }

  /** The canvas as a PNG under a title and a subtitle, with the configuration it shows (`caption`) below. */
  protected canvasPng(title: string, subtitle: string, caption: readonly string[] = []): Promise<Blob | null> {
    const canvas = this.canvas;
    if (!canvas) return Promise.resolve(null);
    const theme = canvasTheme(this);
    return composePng({ title, subtitle, canvas, legend: [], caption, background: theme.surface, foreground: theme.fg, muted: theme.muted });
  }
}
