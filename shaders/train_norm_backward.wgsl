// Training backward through a normalized layer: e = ∂ℓ/∂u = N′ᵀ(γ ⊙ δ) per group (as train_norm.wgsl),
// e = r·(γδ − mean(γδ) − ŝ·mean(γδ ŝ)) with the batch statistics the forward pass kept (ŝ, r).
// One workgroup per group. CPU: trainNormBackward in src/sim/train/kernels.ts.
// Declaration: src/gpu/train/train-norm-backward.ts.
fn scaled_delta(at: u32) -> f32 {
  return params[P.offGamma + at % P.nOut] * D[at];
}

@compute @workgroup_size(NORM_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let g = wg.x + wg.y * groups.x;
  let batchNorm = P.normMode == NORM_BATCH;
  if (g >= select(P.rows, P.nOut, batchNorm)) { return; }
  let count = select(P.nOut, P.rows, batchNorm);
  var acc = vec2<f32>(0.0);
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    let d = scaled_delta(at);
    acc += vec2<f32>(d, d * SHAT[P.offS + at]);
  }
  let means = workgroup_sum2(li, acc) / f32(count);
  let r = R[P.offR + g];
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    E[at] = (scaled_delta(at) - means.x - SHAT[P.offS + at] * means.y) * r;
  }
}
