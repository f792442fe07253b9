// Training checkpoint statistics of one layer over the whole training set, one invocation per unit:
// the unit's record (`Acc`, generated from TRAIN_UNIT_RECORD in src/sim/train/tracking.ts): scaled Σδ²,
// zero count, non-finite s/h/δ, and alive (h ≠ 0 for some example), at record P.firstRecord + unit.
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
    if (!is_finite_f32(s) || !is_finite_f32(h)) { acc.nonFinite += 1u; }
    if (h == 0.0) { acc.zeroCount += 1u; } else { acc.alive = 1u; }
  }
  acc_store(P.firstRecord + j, acc);
}
