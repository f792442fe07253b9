/**
 * The app's entry: one SimController and one TrainController for the page's lifetime, handed to <ds-app>. Tests reach the
 * live state through `window.__deltascope` (the controller and the app element).
 */
import 'uplot/dist/uPlot.min.css';
import { SimController } from './app/sim-controller';
import { TrainController } from './app/train/train-controller';
import './ui/ds-app';
import type { DsApp } from './ui/ds-app';

declare global {
  interface Window {
    __deltascope?: { controller: SimController; app: DsApp; train: TrainController };
  }
}

const controller = new SimController();
const train = new TrainController();
const app = document.createElement('ds-app') as DsApp;
app.controller = controller;
app.trainController = train;
document.getElementById('app')?.replaceChildren(app);
window.__deltascope = { controller, app, train };
window.addEventListener('pagehide', () => {
  controller.dispose();
  train.dispose();
});
