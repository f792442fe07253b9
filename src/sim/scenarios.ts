/**
 * Guided scenarios: each answers one question people ask about gradients in deep networks with a
 * configuration that shows it and a few sentences that explain what to look at, and optionally other
 * configurations to compare it with (each with its own init: the app pins them beside it). The app
 * renders them as shareable links; every config passes normalizeConfig and runs in a browser in seconds.
 * Numbers quoted in the texts are the mean-field values (src/sim/theory.ts); scenarios.test.ts checks them.
 */
import type { RawConfig } from './config';

export interface Scenario {
  /** URL-safe identifier. */
  id: string;
  title: string;
  question: string;
  /** A few sentences answering the question. */
  text: string;
  config: RawConfig;
  /** Runs shown beside `config`, each with its own settings (pinned runs in the app), drawn before it. */
  compare?: RawConfig[];
}

const base = { depth: 100, width: 256, batch: 32, seed: 1, top: 'random', backward: null, sigmaB2: 0 } as const;

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'classic-lesson',
    title: 'The classic lesson',
    question: 'Why do sigmoid and tanh gradients vanish while ReLU’s do not?',
    text:
      'Three 100-layer networks, each with its customary init: sigmoid with Xavier, tanh with LeCun (both σ_w² = 1 for square ' +
      'layers) and ReLU with He (σ_w² = 2). Read the decay chart from the output (right) to the input (left): sigmoid’s δ falls ' +
      'about 4× per layer (its f′ is at most 1/4), tanh’s about 12× in all, ReLU’s stays near 1: He init doubles the weight ' +
      'variance to pay for the half of the units ReLU switches off. On the forward chart the signal going up does not vanish ' +
      'with δ: sigmoid’s settles near 0.5 (dashed: mean-field theory), tanh’s shrinks slowly.',
    config: { ...base, activations: ['relu'], init: 'he-normal' },
    compare: [
      { ...base, activations: ['sigmoid'], init: 'xavier-normal' },
      { ...base, activations: ['tanh'], init: 'lecun-normal' },
    ],
  },
  {
    id: 'sigmoid-vanishing',
    title: 'Sigmoid gradients vanish',
    question: 'Why do gradients vanish in a deep sigmoid network?',
    text:
      'Going backward, every layer multiplies δ by Wᵀ and then by the derivative f′(s). The sigmoid’s derivative ' +
      'σ(s)(1 − σ(s)) is at most 1/4, reached only at s = 0. With LeCun init (σ_w² = 1) mean-field theory gives ' +
      'χ₁ = σ_w² E[f′(s)²] ≈ 0.056, so deltaRms shrinks by √0.056 ≈ 0.24 per layer: about 10⁻⁶ after 10 layers. ' +
      'No variance-preserving init rescues it: tanh, whose f′(0) = 1, keeps gradients alive far longer with the same weights.',
    config: { ...base, activations: ['sigmoid', 'tanh'], init: 'lecun-normal', depth: 50 },
  },
  {
    id: 'relu-he',
    title: 'ReLU with He init passes gradients',
    question: 'Why does ReLU pass gradients through deep networks, and why does He init matter?',
    text:
      'ReLU’s derivative is 0 or 1: on an active unit δ passes unchanged, on an inactive one it is cut. About half the ' +
      'units are active, so E[f′²] = 1/2 and each layer multiplies E[δ²] by χ = σ_w²/2. He init (σ_w² = 2, He et al. 2015) ' +
      'makes χ exactly 1: the expected gradient size is preserved at any depth, and the curve stays flat around 1 ' +
      '(finite width adds a spread that grows with depth/width; try several seeds).',
    config: { ...base, activations: ['relu'], init: 'he-normal', depth: 200 },
  },
  {
    id: 'relu-lecun',
    title: 'ReLU without He init',
    question: 'What happens to ReLU gradients with LeCun or Xavier init instead of He?',
    text:
      'With σ_w² = 1 the factor per layer is χ = σ_w²/2 = 1/2: E[δ²] halves at every layer, so deltaRms falls by ' +
      '1/√2 per layer, about 10⁻¹⁵ after 100 layers. The forward signal shrinks the same way. ' +
      'The half of the units that ReLU zeroes must be paid for by doubling the weight variance: that is He init.',
    config: { ...base, activations: ['relu'], init: 'lecun-normal' },
  },
  {
    id: 'dying-relu-zero-init',
    title: 'All-zero init: everything is dead',
    question: 'Why can’t a ReLU network learn from all-zero weights?',
    text:
      'With W = 0 every pre-activation equals its bias (0 here), so every ReLU outputs 0 and f′(0) = 0. Going backward, ' +
      'δ below the output is Wᵀδ ⊙ f′ = 0, and every weight gradient δ_l h_{l−1}ᵀ is 0 as well (h is 0 above the input, ' +
      'δ is 0 below the output). Gradient descent never moves: the net is stuck, and even with nonzero biases all units ' +
      'of a layer would stay identical. Random init breaks this symmetry.',
    config: { ...base, activations: ['relu'], init: 'zeros', depth: 10, width: 64, batch: 16 },
  },
  {
    id: 'born-dead',
    title: 'Narrow deep ReLU nets are born dead',
    question: 'Can a ReLU network be dead before training starts?',
    text:
      'Yes, when it is narrow and deep. With zero biases and symmetric weights, a live input makes all n units of the ' +
      'next layer negative with probability 2⁻ⁿ, and a layer of zeros stays zero all the way up. So an input reaches ' +
      'layer L as all zeros with probability 1 − (1 − 2⁻ⁿ)ᴸ (Lu et al. 2019): for width 4 and 50 layers that is 96%. ' +
      'Run several seeds and watch the fraction of dead inputs; widen the net and it drops fast.',
    config: { ...base, activations: ['relu'], init: 'he-normal', depth: 50, width: 4, batch: 1 },
  },
  {
    id: 'relu-sparsity',
    title: 'Half the ReLU units are zero',
    question: 'Is it a problem that about half of the ReLU units output zero at init?',
    text:
      'With zero biases s is symmetric about 0, so P(s ≤ 0) = 1/2 and zeroFraction sits near 0.5 in every layer. ' +
      'That is sparsity, not death: a unit that is zero for one input is usually active for another, so the fraction of ' +
      'units zero for the whole batch (deadFraction) starts near 0. It creeps up with depth, because a deep ReLU ' +
      'net maps different inputs onto ever more similar directions.',
    config: { ...base, activations: ['relu'], init: 'he-normal', depth: 50, batch: 64 },
  },
  {
    id: 'softplus-vs-relu',
    title: 'Softplus against ReLU',
    question: 'Does a smooth ReLU like softplus behave like ReLU?',
    text:
      'Softplus ln(1 + eˢ) never outputs exactly 0 and its derivative is the sigmoid, strictly between 0 and 1: no unit ' +
      'is ever exactly dead. But f′ is only 1/2 at s = 0 instead of jumping to 1, so E[f′²] < 1/2 and with He init ' +
      'χ = 2·E[σ(s)²] stays below 1 in every layer (about 0.64 in the first): softplus gradients decay where ReLU’s ' +
      'stay flat, most in the first layers, and less as the positive outputs make the variance grow with depth.',
    config: { ...base, activations: ['relu', 'softplus'], init: 'he-normal' },
  },
  {
    id: 'leaky-relu-family',
    title: 'Leaky ReLU, PReLU and ELU',
    question: 'How do leaky ReLU, PReLU and ELU change gradient flow?',
    text:
      'A negative slope α keeps f′ = α instead of 0, so no unit blocks δ entirely and E[f′²] = (1 + α²)/2. With He init ' +
      'χ = 1 + α²: almost 1 for leaky ReLU (α = 0.01), but 1.0625 for PReLU’s 0.25, so δ grows 3% per layer, about ' +
      '20× over 100 layers in mean-field theory; the matching init is σ_w² = 2/(1 + α²) (He et al. 2015). ELU is close to ' +
      'the identity near 0 and saturates at −α, so its χ is well above 1 while the pre-activations are small and δ grows ' +
      'tens of times over these 100 layers.',
    config: { ...base, activations: ['relu', 'leaky-relu:0.01', 'prelu', 'elu'], init: 'he-normal' },
  },
  {
    id: 'selu-self-normalizing',
    title: 'SELU self-normalizes the forward pass',
    question: 'What does SELU with LeCun init guarantee?',
    text:
      'SELU’s constants are chosen so that with LeCun init (σ_w² = 1) the pre-activation variance q = 1 is a fixed point ' +
      '(Klambauer et al. 2017): preactStd stays at 1 at every depth. The backward pass is another matter: at q = 1, ' +
      'χ₁ = E[selu′(s)²] ≈ 1.07, so δ grows by about 3.5% per layer (depth scale |ξ| ≈ 14 layers), slightly on the chaotic side.',
    config: { ...base, activations: ['selu', 'elu', 'relu'], init: 'lecun-normal' },
  },
  {
    id: 'necrorelu',
    title: 'ReLU with a leaky backward derivative',
    question: 'What if the backward pass pretends ReLU is leaky?',
    text:
      'This net computes ReLU forward but uses the derivative 1 or α = 0.1 backward, a surrogate gradient. Inactive units ' +
      'still receive δ, so the rows of W feeding a unit that is zero can still move, which can revive dead units. ' +
      'It is no longer the true gradient, and E[δ²] now grows by χ = σ_w²(1 + α²)/2 = 1.01 per layer with He init.',
    config: { ...base, activations: ['relu', 'necrorelu:0.1'], init: 'he-normal', depth: 200 },
  },
  {
    id: 'tanh-edge-of-chaos',
    title: 'tanh at the edge of chaos',
    question: 'How can a deep tanh network keep its gradients over hundreds of layers?',
    text:
      'For tanh with bias variance σ_b² = 0.05, mean-field theory puts the edge of chaos at σ_w² ≈ 1.76 (Poole et al. 2016; ' +
      'Schoenholz et al. 2017): there χ₁ = 1 and the depth scale ξ = −1/ln χ₁ is infinite, so δ neither vanishes nor ' +
      'explodes. Move σ_w² down into the ordered phase and gradients vanish over ξ layers; move it up and they explode.',
    config: { ...base, activations: ['tanh'], init: 'custom', sigmaW2: 1.76, sigmaB2: 0.05, depth: 300 },
  },
  {
    id: 'exploding-gradients',
    title: 'Exploding gradients',
    question: 'When do gradients explode instead of vanish?',
    text:
      'When χ₁ > 1. With σ_w² = 3, ReLU gives χ = 3/2: deltaRms grows by √1.5 ≈ 1.22 per layer going down, about 10¹³ over ' +
      '150 layers, and the forward signal grows as fast. A bounded activation does not protect the backward pass: tanh ' +
      'keeps its outputs in (−1, 1) but at this σ_w² sits in the chaotic phase, with χ₁ ≈ 1.24.',
    config: { ...base, activations: ['relu', 'tanh'], init: 'custom', sigmaW2: 3, depth: 150 },
  },
  {
    id: 'resnet-identity-path',
    title: 'A ResNet’s identity path carries the gradient',
    question: 'Why does a residual network keep gradients alive where the plain network loses them?',
    text:
      'The sigmoid and tanh networks of “Sigmoid gradients vanish”, with a residual stream h_l = h_{l−1} + f(s_l) (α = 1, ' +
      'the classic ResNet). Backward, g_{l−1} = g_l + W_lᵀ δ_l: the first term is the identity path, which hands the stream’s ' +
      'gradient g down unchanged, so δ_l = g_l ⊙ f′(s_l), the gradient each layer’s weights see, cannot vanish with depth. ' +
      'The plain sigmoid net loses about 31 decades over these 50 layers; here δ at layer 1 stays within a decade of δ at ' +
      'the output. The forward pass pays instead: each layer adds E[f²] to the stream, so s grows with depth. For tanh ' +
      'mean-field theory predicts the growth (Yang & Schoenholz 2017: δ grows about 70× over the depth); for sigmoid, whose ' +
      'mean is not 0, the stream’s mean couples the forward and backward passes and no prediction is drawn.',
    config: { ...base, activations: ['sigmoid', 'tanh'], init: 'lecun-normal', depth: 50, residual: 1 },
  },
  {
    id: 'residual-alpha',
    title: 'α = 1/√depth',
    question: 'Why scale a deep ResNet’s branches by α = 1/√depth?',
    text:
      'With α = 1 every layer adds α²·E[f(s)²] to the stream’s variance and the gradient picks up as much on its way down: ' +
      'a 100-layer ReLU ResNet at He init reaches q = E[s²] ≈ 10⁴⁶ at the output (set α to 1 to see it; tanh’s δ then grows ' +
      'about 10^3.4). Scaling each branch by α = 1/√depth (here 0.1) makes the depth’s contributions add up to order one: ' +
      'mean-field theory (Yang & Schoenholz 2017) puts ReLU’s q at about 4·10⁴ at layer 100, and tanh’s δ grows by under ' +
      '1 % per layer. ReLU’s gradient still grows, by about a decade over the depth instead of twenty.',
    config: { ...base, activations: ['relu', 'tanh'], init: 'he-normal', residual: 'auto' },
  },
  {
    id: 'batchnorm-explodes',
    title: 'BatchNorm without skips explodes at initialization',
    question: 'Does BatchNorm fix vanishing gradients?',
    text:
      'BatchNorm normalizes every unit over the batch, so the forward pass is tame: s has variance 1 at every layer. The ' +
      'backward pass is not. Yang et al. 2019 (“A mean field theory of batch normalization”) show that at initialization ' +
      'E[δ²] grows by a rate fixed by the activation, π/(π − 1) ≈ 1.47 per layer for ReLU in wide layers and large batches, ' +
      'whatever σ_w². A batch of 32 adds a factor (B − 2)/(B − 3): 1.52 per layer, about 10^4.4 in δ over these 50 layers, ' +
      'and 1.22 per layer for tanh (10^2.1). BatchNorm makes deep plain networks trainable only with something else ' +
      'beside it, such as a residual stream, or a depth short enough for the explosion.',
    config: { ...base, activations: ['relu', 'tanh'], init: 'he-normal', depth: 50, norm: 'batch' },
  },
  {
    id: 'layernorm',
    title: 'LayerNorm',
    question: 'What does LayerNorm do to the gradient of a deep network?',
    text:
      'LayerNorm normalizes each example over its n units, which pins q = E[s²] to 1 at every layer whatever σ_w². χ then ' +
      'follows from q = 1: σ_w² cancels against the normalization’s 1/σ², leaving E[f′²]/E[f²] per layer (times (n − 2)/(n − 3) ' +
      'for n units). For ReLU that ratio is exactly 1, so even with LeCun init, where the plain ReLU net loses 15 decades ' +
      'over 100 layers, δ holds (χ ≈ 1.004 at width 256). For tanh at q = 1 it is 1.18: δ grows about 3.6 decades over the depth.',
    config: { ...base, activations: ['relu', 'tanh'], init: 'lecun-normal', norm: 'layer' },
  },
  {
    id: 'mixed-relu-tanh',
    title: 'A layer that mixes ReLU and tanh',
    question: 'What happens when one layer mixes activation functions?',
    text:
      'relu+tanh splits every layer’s units into two contiguous halves, ReLU then tanh (shares can be given: ' +
      'relu@0.75+tanh@0.25). Mean-field theory averages over the groups: q = σ_w²·(E[relu²] + E[tanh²])/2 and ' +
      'χ = σ_w²·(E[relu′²] + E[tanh′²])/2. With He init the ReLU half passes q/2 on unchanged, so the mixed net settles on ' +
      'tanh’s own fixed point q* ≈ 0.62, and its χ₁ = ½ + E[tanh′²] ≈ 1.05 lies between ReLU’s 1 and tanh’s 1.11: over ' +
      '100 layers δ grows about 10^0.9, against 10² for tanh alone and a flat line for ReLU.',
    config: { ...base, activations: ['relu', 'tanh', 'relu+tanh'], init: 'he-normal' },
  },
  {
    id: 'spectrum-relu',
    title: 'ReLU keeps the norm, not the spectrum',
    question: 'If He init keeps the gradient norm of a deep ReLU net, why does it still train worse than it should?',
    text:
      'The norm is only the mean. The input–output Jacobian J = ∂h_d/∂h_0 has a singular value σ per direction, and with ' +
      'orthogonal weights of gain √2 (σ_w² = 2, χ = 1) the mean of σ² stays near 1 at every depth, as mean-field theory says. ' +
      'But each layer zeroes the rows of the units it switches off, so a third to a half of the σ are exactly 0, and the ' +
      'others spread further with every layer: σ_max grows and the smallest nonzero σ falls, decades apart by depth 32 ' +
      '(Pennington, Schoenholz & Ganguli 2017). No init fixes this for ReLU: compare orthogonal tanh in the next scenario.',
    config: { ...base, activations: ['relu'], init: 'orthogonal:1.41421356', depth: 32, width: 128, batch: 8, spectrum: true, spectrumAt: '1,4,16,32' },
  },
  {
    id: 'spectrum-tanh-isometry',
    title: 'Orthogonal tanh at the edge of chaos keeps both',
    question: 'Can a deep network keep every direction of the gradient, not just its norm (dynamical isometry)?',
    text:
      'Tanh with orthogonal weights on the edge of chaos with a small fixed point: σ_w² = 1.05 and σ_b² = 2·10⁻⁵ give ' +
      'χ₁ = 1 at q* ≈ 0.026, and inputs of std 0.157 start the network at q*. Near s = 0 tanh is almost linear, so every ' +
      'D_l = diag f′(s_l) is close to the identity and J is close to a product of orthogonal matrices: every singular value ' +
      'stays near 1 (log₁₀ σ near 0), within a factor of 2 at depth 16, while ReLU’s spread over decades. This is how ' +
      'Pennington, Schoenholz & Ganguli (2017) resurrected the sigmoid family.',
    config: {
      ...base, activations: ['tanh'], init: 'orthogonal:1.0247', sigmaB2: 2e-5, inputStd: 0.157, depth: 32, width: 128, batch: 8,
      spectrum: true, spectrumAt: '1,4,16,32',
    },
  },
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
