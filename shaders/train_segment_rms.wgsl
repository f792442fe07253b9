// Training checkpoint: scaled sums of squares of segments of a flat buffer (each layer's weights,
// biases or gradients), one workgroup per segment; segments (offset, length) come from a table.
// Writes the segment's record (`Acc`, generated from SEGMENT_SUMS in src/sim/train/tracking.ts) at
// record P.firstRecord + segment. CPU: scaledSquaresOf. Declaration: src/gpu/train/train-segment-rms.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let off = segments[2u * wg.x];
  let len = segments[2u * wg.x + 1u];
  var acc = acc_zero();
  for (var e = li; e < len; e += WG) {
    let x = X[off + e];
    if (is_finite_f32(x)) { acc.squares = ss_add(acc.squares, x); } else { acc.nonFinite += 1u; }
  }
  let total = acc_workgroup_total(li, acc);
  if (li == 0u) { acc_store(P.firstRecord + wg.x, total); }
}
