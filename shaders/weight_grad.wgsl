// Weight-gradient statistics: G = ∂L/∂W_l / batch = e_l h_{l−1}ᵀ / batch ([nOut][nIn]) is computed
// tile by tile and reduced to a scaled sum of squares per workgroup; G itself is never stored.
// e_l = N′ᵀ δ_l (δ_l itself without a normalization) is bound as dIn. h_{l−1} is f(s_{l−1}) from
// the pre-activation store (P.inMode = 1), or read as it is at P.inOffset (P.inMode = 0): the input
// x, or a residual net's stored h_{l−1}.
// Workgroups stride over the output tiles so each layer writes exactly P.numGroups partial records
// into the `weightGrad` field of `Acc` (generated from LAYER_ACCUMULATORS in src/sim/stats.ts).
// CPU: weightGradStats in src/sim/layers.ts. Declaration: src/gpu/weight-grad.ts.

// This invocation's accumulator over all its tiles.
var<private> acc: Acc;

// Left operand: A[m..m+3][k] = δ_l[k][m..m+3] (δ_lᵀ: rows m are units i of layer l, k the examples).
fn a_quad(m: u32, k: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (k < P.batch) {
    for (var i = 0u; i < 4u; i++) {
      if (m + i < P.nOut) { v[i] = dIn[k * P.nOut + m + i]; }
    }
  }
  return v;
}

fn below_at(b: u32, j: u32) -> f32 {
  let v = below[P.inOffset + b * P.nIn + j];
  if (P.inMode == 1u) { return unit_f(j, v); }
  return v;
}

// Right operand: B[k][n..n+3] = h_{l−1}[k][n..n+3].
fn b_quad(k: u32, n: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (k < P.batch) {
    for (var i = 0u; i < 4u; i++) {
      if (n + i < P.nIn) { v[i] = below_at(k, n + i); }
    }
  }
  return v;
}

fn tile_out(i: u32, j: u32, v: f32) {
  let g = v * (1.0 / f32(P.batch));
  if (i < P.nOut && j < P.nIn && is_finite_f32(g)) { acc.weightGrad = ss_add(acc.weightGrad, g); }
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let tilesN = (P.nIn + TN - 1u) / TN;
  let tiles = ((P.nOut + TM - 1u) / TM) * tilesN;
  acc = acc_zero();
  for (var t = wg.x; t < tiles; t += P.numGroups) {
    let m0 = (t / tilesN) * TM;   // rows i of G (units of layer l)
    let n0 = (t % tilesN) * TN;   // columns j of G (units of layer l−1)
    store_tile(lid, m0, n0, tile_product(lid, li, m0, n0, P.batch));
  }
  let total = acc_workgroup_total(li, acc);
  if (li == 0u) { acc_store(P.slot * MAX_STAT_GROUPS + wg.x, total); }
}
