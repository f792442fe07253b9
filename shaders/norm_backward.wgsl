// The normalization's backward pass of layer l: e = N′ᵀ δ = ∂L/∂u from δ̃ = ∂L/∂s (before its
// exponent: the map is linear), per group (as norm_forward.wgsl) e = r·(δ − mean δ − s·mean(δ s)).
// One workgroup per group, both means reduced together in workgroup memory (workgroup_sum2:
// src/gpu/includes.ts NORM_SUM).
// CPU: normBackward in src/sim/layers.ts. Declaration: src/gpu/norm-backward.ts.
@compute @workgroup_size(NORM_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let g = wg.x + wg.y * groups.x;
  let batchNorm = P.normMode == NORM_BATCH;
  if (g >= select(P.batch, P.nOut, batchNorm)) { return; }
  let count = select(P.nOut, P.batch, batchNorm);
  var acc = vec2<f32>(0.0);
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    let d = dIn[at];
    acc += vec2<f32>(d, d * sIn[P.sOffset + at]);
  }
  let means = workgroup_sum2(li, acc) / f32(count);
  let r = invStd[P.invOffset + g];
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    eOut[at] = (dIn[at] - means.x - sIn[P.sOffset + at] * means.y) * r;
  }
}
