/**
 * The training view on a page of its own, for development and the browser tests
 * (/src/ui/train/dev.html on the Vite dev server). Tests reach the controller through
 * `window.__deltascopeTrain`.
 */
import 'uplot/dist/uPlot.min.css';
import { PageGpu } from '../../app/page-gpu';
import { TrainController } from '../../app/train/train-controller';
import { UrlStore } from '../../app/url-store';
import './ds-train-view';
import type { DsTrainView } from './ds-train-view';

declare global {
  interface Window {
    __deltascopeTrain?: { controller: TrainController; view: DsTrainView };
  }
}

const controller = new TrainController(new PageGpu());
const view = document.createElement('ds-train-view');
view.controller = controller;
view.url = new UrlStore(window);
if (new URLSearchParams(window.location.search).get('autoplay') === '1') view.autoplay = true;
document.getElementById('app')?.replaceChildren(view);
window.__deltascopeTrain = { controller, view };
window.addEventListener('pagehide', () => controller.dispose());
