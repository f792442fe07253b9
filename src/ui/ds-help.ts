/**
 * <ds-help>: the help page, linked from the header: the model, how to read each chart, the
 * statistics (their definitions from the statistics schema, src/sim/stats.ts), the theory, the
 * training tab, the glossary (src/app/glossary.ts) and the sources, in plain words.
 */
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { GLOSSARY, SOURCES } from '../app/glossary';
import { BADGE_RULE } from '../sim/gain';
import { LAYER_STAT_DEFS } from '../sim/stats';
import { baseStyles, tableStyles } from './theme';

@customElement('ds-help')
export class DsHelp extends LitElement {
  static override styles = [
    baseStyles,
    tableStyles,
    css`
      :host { max-width: 78ch; overflow-x: visible; }
      article { background: var(--ds-surface); border: 1px solid var(--ds-border); border-radius: 14px; padding: 1.2rem 1.5rem 1.5rem; box-shadow: var(--ds-shadow); }
      h2 { font-size: 1.35rem; margin: 0 0 0.6rem; }
      h3 { font-size: 1.05rem; margin: 1.6rem 0 0.4rem; }
      p, li, dd { line-height: 1.6; }
      dt { font-weight: 600; margin-top: 0.7rem; }
      dd { margin: 0.15rem 0 0; }
      a { color: var(--ds-accent); }
      .scroll { overflow-x: auto; }
      td, th { white-space: normal; vertical-align: top; text-align: left; }
      td:nth-child(2) { white-space: nowrap; }
      code { font-size: 0.88em; }
      @media (max-width: 640px) { article { padding: 0.9rem 0.9rem 1.2rem; } }
    `,
  ];

  override render() {
    return html`
      <article aria-labelledby="help-h">
        <h2 id="help-h">How deltascope works</h2>
        <p>
          deltascope builds a deep fully-connected network, sends a batch of random inputs forward, s_l = W_l h_{l−1} + b_l and
          h_l = f(s_l), and then sends an error δ back from the output, δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l): the back-propagation that
          training uses. Nothing is trained on the Initialization tab: it shows what the gradient looks like at the very start, which
          decides whether a deep network can learn at all. Every number comes from the same seeded generator on the GPU and on the CPU,
          so a link reproduces a run exactly.
        </p>

        <h3>Reading the charts</h3>
        <ul>
          <li><b>Gradient decay</b>: the size of δ at every layer, the output on the right, the input on the left. A line that falls to
            the left is a vanishing gradient, one that rises explodes. Dashed: what mean-field theory predicts.</li>
          <li><b>Key numbers</b>: δ at both ends, the factor per layer and the total gain, and a badge. ${BADGE_RULE}</li>
          <li><b>Forward signal</b>: the spread of the pre-activations s and the size of the activations h per layer, with √q dashed.</li>
          <li><b>Weight gradients</b>: how fast each layer would start to learn; a layer at 0 never moves.</li>
          <li><b>Sparsity</b>: the share of zero activations and of dead units per layer.</li>
          <li><b>Order and chaos</b>: for one network's activation, where gradients vanish or explode as σ_w² and σ_b² change; a click runs
            that network at the clicked point.</li>
          <li><b>f′ per layer</b> and the <b>|δ| heatmap</b>: inside one network, the factors δ is multiplied by and every unit's |δ|.</li>
        </ul>
        <p>
          <b>Pin</b> a run to keep it on every chart while you try other settings, rename it, run it again or remove it; each pinned run
          keeps its own activation, init, σ's, sizes, seeds and engine. <b>Copy link</b> and <b>Download JSON</b> carry every pin.
        </p>

        <h3>The theory in brief</h3>
        <p>
          For a very wide network with weights W ~ N(0, σ_w²/n) and biases b ~ N(0, σ_b²), every pre-activation is Gaussian. Its variance
          follows q_l = σ_w² E[f(√q_{l−1} z)²] + σ_b², and each layer multiplies the expected δ² by χ_l = σ_w² E[f′(√q_l z)²]
          (Poole et al. 2016; Schoenholz et al. 2017). Where q settles, χ₁ decides everything: below 1 the gradient vanishes over ξ = −1/ln χ₁
          layers, above 1 it explodes, at 1 (the edge of chaos) it is kept. He init makes χ₁ = 1 for ReLU; sigmoid's f′ ≤ 1/4 keeps its χ₁
          far below 1 whatever the init. The theory keeps the mean; at finite width the typical network drifts from it (Hanin 2018), which the
          seeds and their bands show.
        </p>

        <h3>Training</h3>
        <p>
          The Training tab trains several networks side by side on small 2-D tasks, each with its own activation, init and settings, and
          shows the loss, the decision boundary and, per layer and step, the gradient and the dead units. Space plays or pauses, → steps to
          the next checkpoint, R resets. Copy link reproduces the networks and the step reached; CSV and JSON hold every checkpoint.
        </p>

        <h3>The statistics</h3>
        <div class="scroll">
          <table>
            <thead><tr><th scope="col">name</th><th scope="col">unit</th><th scope="col">what it is</th></tr></thead>
            <tbody>${Object.entries(LAYER_STAT_DEFS).map(([name, s]) => html`<tr><td><code>${name}</code></td><td>${s.unit}</td><td>${s.definition}</td></tr>`)}</tbody>
          </table>
        </div>

        <h3 id="glossary">Glossary</h3>
        <dl>${GLOSSARY.map((e) => html`<dt id=${`help-${e.id}`}>${e.term}</dt><dd>${e.text}</dd>`)}</dl>

        <h3>Sources</h3>
        <ul>${SOURCES.map((s) => html`<li>${s.cite}: <a href=${s.url} rel="noopener" target="_blank">${s.title}</a></li>`)}</ul>
      </article>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ds-help': DsHelp;
  }
}
