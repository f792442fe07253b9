/**
 * The app's entry: the page's GPU device (PageGpu), its URL store, and one SimController and one
 * TrainController for the page's lifetime, handed to <ds-app>. Tests reach the live state through
 * `window.__deltascope` (the controllers and the app element).
 */
import 'uplot/dist/uPlot.min.css';
import { PageGpu } from './app/page-gpu';
import { SimController } from './app/sim-controller';
import { TrainController } from './app/train/train-controller';
import { UrlStore } from './app/url-store';
import './ui/ds-app';
import type { DsApp } from './ui/ds-app';

declare global {
  interface Window {
    __deltascope?: { controller: SimController; app: DsApp; train: TrainController };
  }
}

const gpu = new PageGpu();
const controller = new SimController(gpu);
const train = new TrainController(gpu);
const app = document.createElement('ds-app') as DsApp;
app.controller = controller;
app.trainController = train;
app.url = new UrlStore(window);
document.getElementById('app')?.replaceChildren(app);
window.__deltascope = { controller, app, train };
window.addEventListener('pagehide', () => {
  controller.dispose();
  train.dispose();
});
