// Training weight and bias gradients: ∂L/∂W_l = T.scale · δ_lᵀ h_{l−1} and ∂L/∂b_l = T.scale · Σ_b δ_l,
// as one tiled matmul over the batch with h augmented by a column of ones (its column nIn gives the
// bias gradient). Output [nOut][nIn] into the flat gradient buffer at T.offW, biases at T.offB.
// CPU: weightGrad in src/sim/train/kernels.ts.
@group(0) @binding(1) var<storage, read> D: array<f32>;
@group(0) @binding(2) var<storage, read> Hb: array<f32>;
@group(0) @binding(3) var<storage, read_write> G: array<f32>;

const WG: u32 = 16u;
var<workgroup> Ds: array<f32, 256>;
var<workgroup> Hs: array<f32, 256>;

@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let nIn = T.nIn;
  let nOut = T.nOut;
  let i = wg.y * WG + lid.y;   // output unit
  let j = wg.x * WG + lid.x;   // input unit, nIn = the bias column
  var acc = 0.0;
  for (var b0 = 0u; b0 < T.rows; b0 += WG) {
    // Ds[k][m] = δ[b0 + k][i0 + m], Hs[k][n] = h[b0 + k][j0 + n] (1 in the bias column).
    let bl = b0 + lid.y;
    let im = wg.y * WG + lid.x;
    var dv = 0.0;
    if (bl < T.rows && im < nOut) { dv = D[bl * nOut + im]; }
    Ds[lid.y * WG + lid.x] = dv;
    var hv = 0.0;
    if (bl < T.rows) {
      if (j < nIn) { hv = Hb[bl * nIn + j]; } else if (j == nIn) { hv = 1.0; }
    }
    Hs[lid.y * WG + lid.x] = hv;
    workgroupBarrier();
    for (var k = 0u; k < WG; k++) { acc = fma(Ds[k * WG + lid.y], Hs[k * WG + lid.x], acc); }
    workgroupBarrier();
  }
  if (i >= nOut) { return; }
  if (j < nIn) { G[T.offW + i * nIn + j] = acc * T.scale; }
  else if (j == nIn) { G[T.offB + i] = acc * T.scale; }
}
