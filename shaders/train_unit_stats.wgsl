// Training checkpoint statistics of one layer over the whole training set, one invocation per unit:
// zero count, alive (h ≠ 0 for some example), non-finite s/h/δ and the scaled Σδ² of the unit.
// Records of 8 words at (T.offA + unit) are merged in float64 on the host (finalizeCheckpoint).
// CPU: accumulateLayer in src/sim/train/tracking.ts. Needs: scaled_sum.
@group(0) @binding(1) var<storage, read> H: array<f32>;
@group(0) @binding(2) var<storage, read> S: array<f32>;
@group(0) @binding(3) var<storage, read> D: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let n = T.nOut;
  if (j >= n) { return; }
  var zeros = 0u;
  var alive = 0u;
  var bad = 0u;
  var badDelta = 0u;
  var acc = vec3<f32>(0.0);
  for (var b = 0u; b < T.rows; b++) {
    let h = H[b * n + j];
    let s = S[T.offS + b * n + j];
    let d = D[b * n + j];
    if (is_finite_f32(d)) { acc = ss_add(acc, d); } else { bad += 1u; badDelta += 1u; }
    if (!is_finite_f32(s) || !is_finite_f32(h)) { bad += 1u; }
    if (h == 0.0) { zeros += 1u; } else { alive = 1u; }
  }
  let at = (T.offA + j) * 8u;
  stats[at] = bitcast<u32>(acc.x);
  stats[at + 1u] = bitcast<u32>(acc.y);
  stats[at + 2u] = zeros;
  stats[at + 3u] = alive;
  stats[at + 4u] = bad;
  stats[at + 5u] = badDelta;
}
