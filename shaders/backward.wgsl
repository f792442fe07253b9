// Backward kernel: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l), fused. W_{l+1} is [nOut][nIn]; Wᵀ is read by
// indexing (a K-slice of W's rows is the right operand as is), never materialized.
// P.nIn/P.nOut are the shapes of W_{l+1}; δ_{l+1} is [batch][nOut], s_l and δ_l are [batch][nIn].
// f′ is the backward derivative (P.dfKind, P.dfP): the activation's own or the --backward override.
// The simulation carries δ's exponent through the hooks of shaders/scales.wgsl: each δ̃_{l+1} is
// multiplied by 2^−k on load and max |δ̃_l| reduced for the next layer; training includes no-op hooks.
// Bindings, Params and includes (generator, activations, tile, weights, scales): src/gpu/backward.ts.

var<private> in_scale: f32;

// Left operand: δ̃_{l+1}[m][k] · 2^−k.
fn tile_a(m: u32, k: u32) -> f32 {
  if (m < P.batch && k < P.nOut) { return dIn[m * P.nOut + k] * in_scale; }
  return 0.0;
}

// Right operand: Bs[k][n] = W[k0 + k][n0 + n] = Wᵀ[n][k], vec4 along the row of W.
fn load_b(li: u32, n0: u32, k0: u32) {
  for (var e = li; e < TK * (TN / 4u); e += WG_X * WG_Y) {
    let k = e / (TN / 4u);
    let nq = (e % (TN / 4u)) * 4u;
    let v = w_row4(k0 + k, n0 + nq, P.nIn, P.nOut);
    let at = k * TN + nq;
    Bs[at] = v.x;
    Bs[at + 1u] = v.y;
    Bs[at + 2u] = v.z;
    Bs[at + 3u] = v.w;
  }
}

fn tile_out(row: u32, col: u32, v: f32) {
  if (row >= P.batch || col >= P.nIn) { return; }
  let at = row * P.nIn + col;
  let d = v * act_df(P.dfKind, sIn[P.sOffset + at], P.dfP);
  dOut[at] = d;
  track_out(d);
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  // Rows: the batch; columns: the units of layer l; reduction over the units of layer l + 1.
  begin_scales(li);
  in_scale = scale_in();
  store_tile(lid, wg.y * TM, wg.x * TN, tile_product(lid, li, wg.y * TM, wg.x * TN, P.nOut));
  publish_scales(li, li == 0u && wg.x == 0u && wg.y == 0u);
}
