// Backward kernel: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l), fused. W_{l+1} is [nOut][nIn]; Wᵀ is read by
// indexing (a K-slice of W's rows is the right operand as is), never materialized.
// P.nIn/P.nOut are the shapes of W_{l+1}; δ_{l+1} is [batch][nOut], s_l and δ_l are [batch][nIn].
// f′ is the backward derivative (P.dfKind, P.dfP): the activation's own or the --backward override.
// The simulation carries δ's exponent through the hooks of shaders/scales.wgsl: each δ̃_{l+1} is
// multiplied by 2^−k on load and max |δ̃_l| reduced for the next layer; training includes no-op hooks.
// Bindings, Params and includes (generator, activations, tile, weights, scales): src/gpu/backward.ts.

var<private> in_scale: f32;

// Left operand: δ̃_{l+1}[m][k..k+3] · 2^−k.
fn a_quad(m: u32, k: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (m < P.batch) {
    for (var i = 0u; i < 4u; i++) {
      if (k + i < P.nOut) { v[i] = dIn[m * P.nOut + k + i]; }
    }
  }
  return v * in_scale;
}

// Right operand: B[k][n..n+3] = W[k][n..n+3] = Wᵀ[n..n+3][k], one vec4 along a row of W.
fn b_quad(k: u32, n: u32) -> vec4<f32> {
  return w_row4(k, n, P.nIn, P.nOut);
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
