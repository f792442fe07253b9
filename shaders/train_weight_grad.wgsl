// Training weight and bias gradients: ∂L/∂W_l = P.scale · δ_lᵀ h_{l−1} and ∂L/∂b_l = P.scale · Σ_b δ_l,
// as one tiled matmul over the batch with h augmented by a column of ones (its column nIn gives the
// bias gradient; 0 for a layer without a bias, P.noBias). Output [nOut][nIn] into the flat gradient
// buffer at P.offW, biases at P.offB.
// WG × WG invocations per output tile, WG examples at a time through workgroup memory.
// CPU: weightGrad in src/sim/train/kernels.ts. Declaration: src/gpu/train/train-weight-grad.ts.
override WG: u32;
var<workgroup> Ds: array<f32, WG * WG>;
var<workgroup> Hs: array<f32, WG * WG>;

@compute @workgroup_size(WG, WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let nIn = P.nIn;
  let nOut = P.nOut;
  let i = wg.y * WG + lid.y;   // output unit
  let j = wg.x * WG + lid.x;   // input unit, nIn = the bias column
  var acc = 0.0;
  for (var b0 = 0u; b0 < P.rows; b0 += WG) {
    // Ds[k][m] = δ[b0 + k][i0 + m], Hs[k][n] = h[b0 + k][j0 + n] (1 in the bias column).
    let bl = b0 + lid.y;
    let im = wg.y * WG + lid.x;
    var dv = 0.0;
    if (bl < P.rows && im < nOut) { dv = D[bl * nOut + im]; }
    Ds[lid.y * WG + lid.x] = dv;
    var hv = 0.0;
    if (bl < P.rows) {
      if (j < nIn) { hv = Hb[bl * nIn + j]; } else if (j == nIn) { hv = 1.0; }
    }
    Hs[lid.y * WG + lid.x] = hv;
    workgroupBarrier();
    for (var k = 0u; k < WG; k++) { acc = fma(Ds[k * WG + lid.y], Hs[k * WG + lid.x], acc); }
    workgroupBarrier();
  }
  if (i >= nOut) { return; }
  if (j < nIn) { G[P.offW + i * nIn + j] = acc * P.scale; }
  else if (j == nIn) { G[P.offB + i] = select(acc * P.scale, 0.0, P.noBias != 0u); }
}
