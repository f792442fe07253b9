/**
 * The words the charts use, each explained once in plain language: the glossary that every chart's
 * ⓘ opens (<ds-glossary>) and the help page (<ds-help>) both read this list. Sources are named where
 * a formula comes from a paper; SOURCES lists them in full.
 */
import { BADGE_RULE } from '../sim/gain';

export interface GlossaryEntry {
  id: string;
  term: string;
  text: string;
}

export const GLOSSARY = [
  {
    id: 'delta', term: 'δ, the back-propagated error',
    text: 'δ_l = ∂loss/∂s_l, the gradient of the loss with respect to the pre-activations of layer l. Training moves each weight in proportion ' +
      'to the δ of its layer, so where δ is tiny the early layers cannot learn. Here δ at the output is random N(0, 1) (or the gradient ' +
      'of a squared error) and goes back by δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l).',
  },
  {
    id: 'deltaRms', term: 'RMS of δ (deltaRms)',
    text: 'The root mean square of δ over the batch and the units of one layer: its typical size. The decay chart plots it on a log scale ' +
      'so that hundreds of decades fit; it carries its own exponent, so even 10⁻¹²⁰⁰ is exact.',
  },
  {
    id: 'gain', term: 'Total gain and the badge',
    text: `How much δ grows or shrinks from the output to layer 1. ${BADGE_RULE}`,
  },
  {
    id: 'meanField', term: 'Mean-field theory',
    text: 'The prediction for an infinitely wide network: every pre-activation is then Gaussian, and its variance q_l and the ' +
      'gradient’s size follow one number per layer instead of millions (Poole et al. 2016; Schoenholz et al. 2017). The charts draw it dashed.',
  },
  {
    id: 'q', term: 'q_l and q*',
    text: 'q_l = E[s_l²], the variance of the pre-activations of layer l in mean-field theory: q_l = σ_w² E[f(√q_{l−1} z)²] + σ_b², ' +
      'started from the input. q* is the value it settles on (its fixed point); √q_l is the dashed line of the forward chart.',
  },
  {
    id: 'chi1', term: 'χ₁',
    text: 'χ₁ = σ_w² E[f′(√q* z)²]: the factor by which each layer multiplies E[δ²] once q has settled. Below 1 gradients vanish ' +
      'exponentially, above 1 they explode, at 1 they are kept. ReLU with He init has χ₁ = 2 · ½ = 1.',
  },
  {
    id: 'xi', term: 'Depth scale ξ',
    text: 'ξ = −1/ln χ₁: the number of layers over which δ² changes by a factor e. A network much deeper than ξ cannot pass gradients ' +
      '(ordered phase) or amplifies them wildly (chaotic phase, ξ negative); at the edge of chaos ξ is infinite.',
  },
  {
    id: 'edge', term: 'Ordered phase, chaotic phase, edge of chaos',
    text: 'The phase diagram colours each (σ_w², σ_b²) by χ₁: blue where χ₁ < 1 (ordered: nearby inputs converge, gradients vanish), ' +
      'orange where χ₁ > 1 (chaotic: nearby inputs diverge, gradients explode). The line between them, χ₁ = 1, is the edge of chaos, ' +
      'where deep networks train best.',
  },
  {
    id: 'finiteWidth', term: 'Finite width: the mean is kept, not the typical value',
    text: 'Mean-field theory keeps the mean of δ² per layer. At finite width n the typical (median) value drifts: for ReLU with He init ' +
      'ln deltaRms falls by about 5/(4n) per layer (Hanin 2018), so at depth 500 and width 256 the total gain is about 0.075 ' +
      'and the badge says "vanishes" although the mean-field line is flat. Keep depth/width small (e.g. depth 100, width 256), or run ' +
      'several seeds to see the spread.',
  },
  {
    id: 'float32', term: 'The float32 band',
    text: 'Layers where max |δ| is below 2⁻¹²⁶ ≈ 1.2 × 10⁻³⁸, float32’s smallest normal number: a plain float32 network (as GPUs run ' +
      'them) would hold δ = 0 there. deltascope carries δ’s exponent separately, so its line goes on.',
  },
  {
    id: 'zeroFraction', term: 'Zero fraction',
    text: 'The share of activations h that are exactly 0 in a layer, over all inputs of the batch. For ReLU with zero biases it is about ' +
      'one half: sparsity, not death, because a unit that is 0 for one input is usually active for another.',
  },
  {
    id: 'dead', term: 'Dead units (against zero fraction)',
    text: 'A unit is dead when it is 0 for every input of the batch (training: of the training set). A dead ReLU unit has f′ = 0 for all ' +
      'inputs, passes no gradient, and its incoming weights get no gradient, so it never updates; a unit that is merely often 0 still learns.',
  },
  {
    id: 'bornDead', term: 'Born dead',
    text: 'A narrow deep ReLU network can map an input to all zeros in some layer; a layer of zeros stays zero all the way up. With width n ' +
      'and zero biases this happens by layer L with probability 1 − (1 − 2⁻ⁿ)ᴸ (Lu et al. 2019).',
  },
  {
    id: 'fprime', term: 'f′(s) per layer',
    text: 'Backward, each layer multiplies δ by f′(s) (and by Wᵀ). For smooth activations the chart shows where |f′| lies; for ReLU-like ' +
      'ones f′ takes only two values (0 and 1, or α and 1), so the chart shows the share of exact zeros per layer and the mean |f′|.',
  },
  {
    id: 'preact', term: 'preactStd',
    text: 'The standard deviation of the pre-activations s_l = W_l h_{l−1} + b_l over the batch and units: the size of the signal going ' +
      'forward. Mean-field theory predicts √q_l (dashed). SELU with LeCun init keeps it at 1; ReLU with σ_w² = 3 makes it grow with depth.',
  },
  {
    id: 'activationRms', term: 'activationRms',
    text: 'The root mean square of the activations h_l = f(s_l), what the next layer receives. Its mean-field value is √E[f(√q_l z)²] (dashed).',
  },
  {
    id: 'weightGrad', term: 'weightGradRms',
    text: 'The RMS of the weight gradient δ_l h_{l−1}ᵀ / batch of each layer at initialization: how fast that layer would start to learn. ' +
      'A layer whose δ vanished, or whose inputs are all zero, gets a gradient of 0 and does not move.',
  },
  {
    id: 'init', term: 'He, LeCun and Xavier init',
    text: 'Weights drawn with variance σ_w²/fan_in: LeCun (LeCun et al. 1998) σ_w² = 1, Xavier (Glorot & Bengio 2010) 2/(fan_in + fan_out) ' +
      'per weight, which is also σ_w² = 1 for square layers, He (He et al. 2015) σ_w² = 2, which pays for the half of the units ReLU switches off.',
  },
  {
    id: 'seeds', term: 'Seeds, medians and bands',
    text: 'With several seeds the same configuration is run on different random weights and inputs; the lines are the per-layer medians, ' +
      'the bands hold the middle 50 % (darker) and 80 % of the seeds, taken on the log scale.',
  },
  {
    id: 'necrorelu', term: 'NecroReLU',
    text: 'ReLU forward, but backward a leaky derivative α for s ≤ 0 instead of 0: a surrogate gradient that lets dead units receive δ ' +
      'and so can revive them. It is no longer the true gradient.',
  },
  {
    id: 'pins', term: 'Pinned runs',
    text: 'A pinned run is kept on every chart, with its own activation, init, σ’s, sizes, seeds and engine, while you try other settings. ' +
      'The link (Copy link) and the JSON download carry every pin, so a shared link shows the same comparison.',
  },
  {
    id: 'loss', term: 'Loss, training and test',
    text: 'Cross-entropy (classification) or ½ squared error (regression), averaged over the training set (solid) and over held-out test ' +
      'examples (dashed), measured at every checkpoint. Points far above the rest (a spike) are drawn at the top edge and marked.',
  },
  {
    id: 'revived', term: 'Revived units',
    text: 'Units that were dead at one checkpoint and alive at a later one: with a leaky surrogate gradient (NecroReLU) or noisy updates a dead unit can come back.',
  },
] as const satisfies readonly GlossaryEntry[];

export type GlossaryId = (typeof GLOSSARY)[number]['id'];

export function glossaryEntry(id: GlossaryId): GlossaryEntry {
  return GLOSSARY.find((e) => e.id === id) as GlossaryEntry;
}

/** The papers the explanations cite. */
export const SOURCES: readonly { cite: string; title: string; url: string }[] = [
  { cite: 'LeCun et al. 1998', title: 'Efficient BackProp', url: 'https://yann.lecun.com/exdb/publis/pdf/lecun-98b.pdf' },
  { cite: 'Glorot & Bengio 2010', title: 'Understanding the difficulty of training deep feedforward neural networks', url: 'https://proceedings.mlr.press/v9/glorot10a.html' },
  { cite: 'Saxe et al. 2014', title: 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks', url: 'https://arxiv.org/abs/1312.6120' },
  { cite: 'He et al. 2015', title: 'Delving Deep into Rectifiers', url: 'https://arxiv.org/abs/1502.01852' },
  { cite: 'Poole et al. 2016', title: 'Exponential expressivity in deep neural networks through transient chaos', url: 'https://arxiv.org/abs/1606.05340' },
  { cite: 'Schoenholz et al. 2017', title: 'Deep Information Propagation', url: 'https://arxiv.org/abs/1611.01232' },
  { cite: 'Klambauer et al. 2017', title: 'Self-Normalizing Neural Networks', url: 'https://arxiv.org/abs/1706.02515' },
  { cite: 'Hanin 2018', title: 'Which Neural Net Architectures Give Rise to Exploding and Vanishing Gradients?', url: 'https://arxiv.org/abs/1801.03744' },
  { cite: 'Lu et al. 2019', title: 'Dying ReLU and Initialization: Theory and Numerical Examples', url: 'https://arxiv.org/abs/1903.06733' },
];
