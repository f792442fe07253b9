// Training: the gradients of a normalized layer's learned γ and β, ∂L/∂γ_j = P.scale · Σ_b δ ŝ and
// ∂L/∂β_j = P.scale · Σ_b δ, one invocation per unit. CPU: affineGrad in src/sim/train/kernels.ts.
// Declaration: src/gpu/train/train-affine-grad.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= P.nOut) { return; }
  var sg = 0.0;
  var sb = 0.0;
  for (var b = 0u; b < P.rows; b++) {
    let at = b * P.nOut + j;
    sg += D[at] * SHAT[P.offS + at];
    sb += D[at];
  }
  G[P.offGamma + j] = sg * P.scale;
  G[P.offBeta + j] = sb * P.scale;
}
