/** Least-squares fits for the tests (shared by unit and browser tests, no code from src/sim). */

/** Least-squares slope of ys against xs. */
export function slope(ys: readonly number[], xs: readonly number[]): number {
  const n = ys.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) { num += (xs[i] - mx) * (ys[i] - my); den += (xs[i] - mx) ** 2; }
  return num / den;
}
