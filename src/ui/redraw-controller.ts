/**
 * Redraws a canvas view when the colour scheme changes or its box is resized. A Lit reactive
 * controller rather than firstUpdated/disconnectedCallback code in each view, so an element that is
 * detached and attached again (a tab switch) watches its size again.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { onSchemeChange } from './theme';

export class RedrawController implements ReactiveController {
  private stopScheme: (() => void) | null = null;
  private observer: ResizeObserver | null = null;

  constructor(
    host: ReactiveControllerHost,
    /** The element whose size drives redraws; null until the first render. */
    private readonly target: () => Element | null,
    private readonly onResize: () => void,
    private readonly onScheme: () => void = onResize,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.stopScheme = onSchemeChange(() => this.onScheme());
    this.observe();
  }

  hostUpdated(): void {
    if (!this.observer) this.observe();
  }

  hostDisconnected(): void {
    this.stopScheme?.();
    this.stopScheme = null;
    this.observer?.disconnect();
    this.observer = null;
  }

  private observe(): void {
    const el = this.target();
    if (!el) return;
    this.observer = new ResizeObserver(() => this.onResize());
    this.observer.observe(el);
  }
}
