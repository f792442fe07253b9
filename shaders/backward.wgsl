// Backward kernel: g_l = W_{l+1}ᵀ e_{l+1} (+ g_{l+1} with the residual stream, P.residual) and
// δ_l = c·g_l ⊙ f′(s_l) (c = P.coef: α with the stream, else 1), fused. e_{l+1} = N′ᵀ δ_{l+1} comes
// from shaders/norm_backward.wgsl with a normalization, else it is δ_{l+1} itself. W_{l+1} is
// [nOut][nIn]; Wᵀ is read by indexing (a K-slice of W's rows is the right operand as is), never
// materialized. P.nIn/P.nOut are the shapes of W_{l+1}; e_{l+1} and g_{l+1} are [batch][nOut],
// s_l, g_l and δ_l [batch][nIn]. f′ is the backward derivative of unit col (unit_df: the
// activation's own or the --backward override). Training writes g alone (P.writeDelta = 0).
// The simulation carries one exponent for g and δ through the hooks of shaders/scales.wgsl: each
// loaded ẽ_{l+1} and g̃_{l+1} is multiplied by 2^−k and max |δ̃_l| (and |g̃_l| with the stream, which
// the next layer also reads) reduced for the next layer; training includes no-op hooks.
// Bindings, Params and includes (generator, activations, tile, weights, scales): src/gpu/backward.ts.

var<private> in_scale: f32;

// Left operand: ẽ_{l+1}[m][k..k+3] · 2^−k.
fn a_quad(m: u32, k: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (m < P.batch) {
    for (var i = 0u; i < 4u; i++) {
      if (k + i < P.nOut) { v[i] = eIn[m * P.nOut + k + i]; }
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
  var g = v;
  if (P.residual != 0u) {
    g = g + gIn[at] * in_scale;
    track_out(g);
  }
  gOut[at] = g;
  if (P.writeDelta == 0u) { return; }
  let d = (P.coef * g) * unit_df(col, sIn[P.sOffset + at]);
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
