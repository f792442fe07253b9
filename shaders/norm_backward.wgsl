// The normalization's backward pass of layer l: e = N′ᵀ δ = ∂L/∂u from δ̃ = ∂L/∂s (before its
// exponent: the map is linear), per group (as norm_forward.wgsl) e = r·(δ − mean δ − s·mean(δ s)).
// One workgroup per group, both means reduced together in workgroup memory.
// CPU: normBackward in src/sim/layers.ts. Declaration: src/gpu/norm-backward.ts.
override NORM_WG: u32;
var<workgroup> red: array<vec2<f32>, NORM_WG>;

fn group_at(g: u32, i: u32) -> u32 {
  if (P.normMode == NORM_BATCH) { return i * P.nOut + g; }
  return g * P.nOut + i;
}

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
  red[li] = acc;
  workgroupBarrier();
  for (var half = NORM_WG / 2u; half > 0u; half >>= 1u) {
    if (li < half) { red[li] = red[li] + red[li + half]; }
    workgroupBarrier();
  }
  let means = red[0] / f32(count);
  let r = invStd[P.invOffset + g];
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    eOut[at] = (dIn[at] - means.x - sIn[P.sOffset + at] * means.y) * r;
  }
}
