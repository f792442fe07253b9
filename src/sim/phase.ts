/**
 * The order-to-chaos phase diagram in (σ_w², σ_b²) for one activation (Poole et al. 2016, Fig. 2;
 * Schoenholz et al. 2017): χ₁ < 1 is the ordered phase (gradients vanish over ξ layers), χ₁ > 1 the
 * chaotic one (they explode), χ₁ = 1 the edge of chaos. Each χ₁ is taken at the fixed point q* the
 * variance recursion reaches from the input (q_1 = σ_w² + σ_b²).
 */
import type { RunActivation } from './specs';
import { mixtureOf, mixturePhasePoint } from './theory';

/** The activation forward and the derivative backward decide χ₁ (a mixed layer's at its nominal shares). */
export function chi1At(a: RunActivation, sigmaW2: number, sigmaB2: number): number {
  return mixturePhasePoint(mixtureOf(a), sigmaW2, sigmaB2).chi1;
}

/** χ₁ on a grid, rows over σ_b², columns over σ_w²: chi1[i][j] = χ₁(sigmaW2[j], sigmaB2[i]). For shading. */
export function chi1Grid(a: RunActivation, sigmaW2: readonly number[], sigmaB2: readonly number[]): number[][] {
  const mix = mixtureOf(a);
  return sigmaB2.map((b2) => sigmaW2.map((w2) => mixturePhasePoint(mix, w2, b2).chi1));
}

export interface EdgeOfChaosOptions {
  /** Search σ_w² in (0, maxSigmaW2]; default 10. */
  maxSigmaW2?: number;
  /** Coarse scan steps before bisection; default 40. */
  scanSteps?: number;
}

/**
 * For each σ_b², the smallest σ_w² in the search range where χ₁ crosses 1 (the edge of chaos),
 * or NaN where χ₁ stays on one side. Coarse scan, then bisection to ~1e-10 relative.
 */
export function edgeOfChaos(a: RunActivation, sigmaB2: readonly number[], options: EdgeOfChaosOptions = {}): number[] {
  const mix = mixtureOf(a);
  const max = options.maxSigmaW2 ?? 10;
  const steps = options.scanSteps ?? 40;
  const excess = (w2: number, b2: number): number => mixturePhasePoint(mix, w2, b2).chi1 - 1;
  return sigmaB2.map((b2) => {
    let lo = 0;
    let fLo = excess(lo, b2);
    if (fLo === 0) return 0;
    for (let k = 1; k <= steps; k++) {
      const hi = (max * k) / steps;
      const fHi = excess(hi, b2);
      if (fHi === 0) return hi;
      if (Math.sign(fHi) !== Math.sign(fLo)) {
        let a0 = lo, b0 = hi;
        for (let i = 0; i < 60 && b0 - a0 > 1e-10 * b0; i++) {
          const m = 0.5 * (a0 + b0);
          const fm = excess(m, b2);
          if (fm === 0) return m;
          if (Math.sign(fm) === Math.sign(fLo)) a0 = m; else b0 = m;
        }
        return 0.5 * (a0 + b0);
      }
      lo = hi;
      fLo = fHi;
    }
    return NaN;
  });
}
