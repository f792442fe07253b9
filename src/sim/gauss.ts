/**
 * Gaussian expectations E_z[g(√q·z)], z ~ N(0, 1), for the mean-field theory.
 *
 * Activations have kinks (relu, abs, selu at 0) where a single Gauss–Hermite rule loses its spectral
 * accuracy (and an odd rule puts a node exactly on the kink), so the line is cut at every kink and
 * each smooth piece is integrated with adaptive Gauss–Kronrod (7/15 points, QUADPACK's qk15 rule)
 * against the Gaussian density. Extra cuts at x = ±1, ±2, …, ±64 (in activation units) resolve the
 * steep transition of sigmoid-like functions when q is large.
 */

// Kronrod nodes (descending; the odd-indexed ones are the 7-point Gauss nodes) and weights on [−1, 1].
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
/** 7-point Gauss weights for XGK[1], XGK[3], XGK[5], XGK[7]. */
const WG = [
  0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];

/** One Gauss–Kronrod 15-point panel on [a, b]: the estimate and |K15 − G7| as its error. */
export function gaussKronrod15(g: (x: number) => number, a: number, b: number): { value: number; error: number } {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = g(c);
  let k = fc * WGK[7];
  let gs = fc * WG[3];
  for (let i = 0; i < 7; i++) {
    const dx = h * XGK[i];
    const pair = g(c - dx) + g(c + dx);
    k += WGK[i] * pair;
    if (i % 2 === 1) gs += WG[(i - 1) / 2] * pair;
  }
  return { value: k * h, error: Math.abs((k - gs) * h) };
}

interface Panel { a: number; b: number; value: number; error: number }

/**
 * ∫ g over the union of [cuts[i], cuts[i+1]], adaptively: the panel with the largest error estimate
 * is halved until the summed error is below relTol·|total| (or maxPanels is reached).
 */
export function integrateAdaptive(
  g: (x: number) => number, cuts: number[], relTol = 1e-10, maxPanels = 4000,
): number {
  const panels: Panel[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i], b = cuts[i + 1];
    if (b > a) panels.push({ a, b, ...gaussKronrod15(g, a, b) });
  }
  for (;;) {
    let total = 0, err = 0, worst = 0;
    for (let i = 0; i < panels.length; i++) {
      total += panels[i].value;
      err += panels[i].error;
      if (panels[i].error > panels[worst].error) worst = i;
    }
    if (!Number.isFinite(total) || err <= relTol * Math.abs(total) || err < 1e-300 || panels.length >= maxPanels) return total;
    const p = panels[worst];
    const m = 0.5 * (p.a + p.b);
    panels[worst] = { a: p.a, b: m, ...gaussKronrod15(g, p.a, m) };
    panels.push({ a: m, b: p.b, ...gaussKronrod15(g, m, p.b) });
  }
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** |z| beyond this carries Gaussian mass below 1e-32: negligible against any integrand here. */
const Z_MAX = 12;
/**
 * Extra cuts in activation units, where sigmoid/tanh-like functions turn and their derivatives decay
 * like e^{−|x|}: at huge q a single panel over that boundary layer fools the error estimate (both rules
 * miss it), so the cuts go out geometrically to |x| = 64, past which e^{−|x|} is below rounding.
 */
const SCALE_CUTS = [-64, -32, -16, -8, -4, -2, -1, 1, 2, 4, 8, 16, 32, 64];

/** Cut points in z for E[g(√q z)], given g's kinks in activation units x = √q z. */
export function zCuts(q: number, kinks: readonly number[]): number[] {
  const r = Math.sqrt(q);
  const cuts = new Set<number>([-Z_MAX, 0, Z_MAX]);
  for (const x of [...kinks, ...SCALE_CUTS]) {
    const z = x / r;
    if (z > -Z_MAX && z < Z_MAX) cuts.add(z);
  }
  return [...cuts].sort((a, b) => a - b);
}

/**
 * E_z[g(√q z)] for z ~ N(0, 1). q = 0 gives g(0); q = ∞ gives the limit (g(+X) + g(−X))/2 at a huge X,
 * Infinity when g grows without bound.
 */
export function gaussianExpectation(g: (x: number) => number, q: number, kinks: readonly number[] = []): number {
  if (!(q >= 0)) return NaN;
  if (q === 0) return g(0);
  if (q === Infinity) {
    const far = 1e100;
    const v = 0.5 * (g(far) + g(-far));
    return v > 1e50 ? Infinity : v;
  }
  const r = Math.sqrt(q);
  const integrand = (z: number): number => {
    const v = g(r * z);
    return v === 0 ? 0 : v * Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
  };
  return integrateAdaptive(integrand, zCuts(q, kinks));
}

/** P(x ∈ [a, b]) for x ~ N(0, q), by the same quadrature (a, b may be ±Infinity). */
export function gaussianMass(q: number, a: number, b: number): number {
  if (q === 0) return a <= 0 && 0 <= b ? 1 : 0;
  // Half-lines and the whole line (the registry's kinks are all at 0): exact by symmetry.
  const halves = (x: number): number => (x === -Infinity ? 0 : x === 0 ? 1 : x === Infinity ? 2 : NaN);
  if (!Number.isNaN(halves(a) + halves(b)) && q > 0) return Math.max(0, halves(b) - halves(a)) / 2;
  const r = Math.sqrt(q);
  const za = Math.max(-Z_MAX, a / r), zb = Math.min(Z_MAX, b / r);
  if (!(zb > za)) return 0;
  const inside = zCuts(q, []).filter((z) => z > za && z < zb);
  return integrateAdaptive((z) => Math.exp(-0.5 * z * z) * INV_SQRT_2PI, [za, ...inside, zb]);
}
