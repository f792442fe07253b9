/**
 * Weight initializations. Each maps (fan_in, fan_out) to a distribution the generator can sample
 * element by element (also inside a kernel), except orthogonal, which needs a QR factorization.
 */

export type InitName =
  | 'zeros'
  | 'uniform'
  | 'xavier-uniform'
  | 'xavier-normal'
  | 'he-normal'
  | 'he-uniform'
  | 'lecun-normal'
  | 'orthogonal'
  | 'custom';

export interface InitDef {
  name: InitName;
  label: string;
  summary: string;
  /** Optional parameter written `name:value`, e.g. orthogonal:1.4 (the gain). */
  param?: { name: string; default: number; min: number; max: number };
}

export const INITS: readonly InitDef[] = [
  { name: 'zeros', label: 'zeros', summary: 'All weights 0: every unit is identical and δ vanishes below the output.' },
  { name: 'uniform', label: 'uniform ±1/√n', summary: 'U(−1/√fan_in, 1/√fan_in), the "standard" init of Glorot & Bengio 2010; σ_w² = 1/3.' },
  { name: 'xavier-uniform', label: 'Xavier uniform', summary: 'U(±√(6/(fan_in+fan_out))) (Glorot & Bengio 2010); σ_w² = 1 for square layers.' },
  { name: 'xavier-normal', label: 'Xavier normal', summary: 'N(0, 2/(fan_in+fan_out)) (Glorot & Bengio 2010).' },
  { name: 'he-normal', label: 'He normal', summary: 'N(0, 2/fan_in) (He et al. 2015); σ_w² = 2, critical for ReLU.' },
  { name: 'he-uniform', label: 'He uniform', summary: 'U(±√(6/fan_in)); the same variance as He normal.' },
  { name: 'lecun-normal', label: 'LeCun normal', summary: 'N(0, 1/fan_in) (LeCun et al. 1998); σ_w² = 1, pairs with SELU.' },
  {
    name: 'orthogonal', label: 'orthogonal', summary: 'A random orthogonal matrix times a gain (Saxe et al. 2014).',
    param: { name: 'gain', default: 1, min: 0, max: 100 },
  },
  { name: 'custom', label: 'custom σ_w²', summary: 'N(0, σ_w²/fan_in) with your σ_w² (and biases N(0, σ_b²)).' },
];

export const INIT_NAMES: readonly string[] = INITS.map((i) => i.name);

export interface InitSpec {
  name: InitName;
  /** orthogonal: gain; custom: σ_w². */
  param?: number;
}

export type WeightDistribution =
  | { kind: 'zeros' }
  | { kind: 'normal'; std: number }
  | { kind: 'uniform'; limit: number }
  | { kind: 'orthogonal'; gain: number };

export function findInit(name: string): InitDef | undefined {
  return INITS.find((i) => i.name === name.trim().toLowerCase());
}

export function weightDistribution(init: InitSpec, fanIn: number, fanOut: number): WeightDistribution {
  switch (init.name) {
    case 'zeros':
      return { kind: 'zeros' };
    case 'uniform':
      return { kind: 'uniform', limit: 1 / Math.sqrt(fanIn) };
    case 'xavier-uniform':
      return { kind: 'uniform', limit: Math.sqrt(6 / (fanIn + fanOut)) };
    case 'xavier-normal':
      return { kind: 'normal', std: Math.sqrt(2 / (fanIn + fanOut)) };
    case 'he-normal':
      return { kind: 'normal', std: Math.sqrt(2 / fanIn) };
    case 'he-uniform':
      return { kind: 'uniform', limit: Math.sqrt(6 / fanIn) };
    case 'lecun-normal':
      return { kind: 'normal', std: Math.sqrt(1 / fanIn) };
    case 'orthogonal':
      return { kind: 'orthogonal', gain: init.param ?? 1 };
    case 'custom':
      return { kind: 'normal', std: Math.sqrt((init.param ?? 1) / fanIn) };
  }
}

/**
 * σ_w² = fan_in · Var(W_ij), the quantity mean-field theory uses. For orthogonal matrices the
 * entries have variance gain²/n, so σ_w² = gain², though the theory's Gaussian assumption does not hold.
 */
export function weightVarianceScale(init: InitSpec, fanIn: number, fanOut: number): number {
  const d = weightDistribution(init, fanIn, fanOut);
  switch (d.kind) {
    case 'zeros':
      return 0;
    case 'normal':
      return d.std * d.std * fanIn;
    case 'uniform':
      return ((d.limit * d.limit) / 3) * fanIn;
    case 'orthogonal':
      return d.gain * d.gain;
  }
}
