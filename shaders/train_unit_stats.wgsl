// Training checkpoint statistics of one layer over the whole training set, one invocation per unit:
// the unit's record (`Acc`, generated from TRAIN_UNIT_RECORD in src/sim/train/tracking.ts): scaled Σδ²,
// zero count (h = 0 with s finite), non-finite s/h/δ, and the unit's state (dead, alive, non-finite),
// at record P.firstRecord + unit.
// The host merges the units' records in float64. CPU: accumulateLayer in src/sim/train/tracking.ts.
// Declaration: src/gpu/train/train-unit-stats.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let n = P.nOut;
  if (j >= n) { return; }
  var acc = acc_zero();
  for (var b = 0u; b < P.rows; b++) {
    let h = H[b * n + j];
    let s = S[P.offS + b * n + j];
    let d = D[b * n + j];
    if (is_finite_f32(d)) { acc.delta = ss_add(acc.delta, d); } else { acc.nonFinite += 1u; acc.deltaNonFinite += 1u; }
    // NaN is not dead: a unit counts as zero (and dead) only where its s and h are finite.
    // alive: 0 dead, 1 alive, 2 non-finite (UNIT_* in src/sim/train/tracking.ts), the largest seen.
    if (!is_finite_f32(s) || !is_finite_f32(h)) { acc.nonFinite += 1u; acc.alive = 2u; }
    else if (h == 0.0) { acc.zeroCount += 1u; } else { acc.alive = max(acc.alive, 1u); }
  }
  acc_store(P.firstRecord + j, acc);
}
