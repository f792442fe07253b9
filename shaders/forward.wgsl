// Forward kernel: u_l = W_l h_{l−1} + b_l into the pre-activation store, then, without a
// normalization, the fused epilogue h_l = f(s_l) or h_{l−1} + α·f(s_l) (shaders/epilogue.wgsl);
// with one (P.normalized), shaders/norm_forward.wgsl normalizes s_l in place and finishes the layer.
// Output [batch][nOut]: s_l goes to the pre-activation store (needed by f′ in the backward pass),
// h_l to the ping-pong buffer read by the next layer. Biases are regenerated from (bKey, col).
// The simulation rescales a bias-free homogeneous forward pass through the hooks of
// shaders/scales.wgsl (begin_scales, scale_in, track_out, publish_scales); training includes no-op ones.
// Bindings, Params and includes (generator, activations, tile, weights, scales, epilogue): src/gpu/forward.ts.

var<private> in_scale: f32;

// Left operand: h̃_{l−1}[m][k..k+3] · 2^−k.
fn a_quad(m: u32, k: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (m < P.batch) {
    for (var i = 0u; i < 4u; i++) {
      if (k + i < P.nIn) { v[i] = hIn[m * P.nIn + k + i]; }
    }
  }
  return v * in_scale;
}

// The residual stream's h_{l−1} at the output index (the layer is square: nIn = nOut).
fn stream_in(at: u32) -> f32 {
  return hIn[at] * in_scale;
}

// Right operand: B[k..k+3][n] = W[n][k..k+3], one vec4 along a weight row.
fn b_quad(k: u32, n: u32) -> vec4<f32> {
  return w_row4(n, k, P.nIn, P.nOut);
}

fn tile_out(row: u32, col: u32, v: f32) {
  if (row >= P.batch || col >= P.nOut) { return; }
  var bias = 0.0;
  if (P.bStd > 0.0) { bias = P.bStd * gen_normal(P.bKey, col); }
  let s = overflow_to_nan(v + bias);
  let at = row * P.nOut + col;
  sOut[P.sOffset + at] = s;
  if (P.normalized != 0u) { return; }
  track_out(forward_epilogue(at, col, s));
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  // Rows: the batch; columns: the output units.
  begin_scales(li);
  in_scale = scale_in();
  store_tile(lid, wg.y * TM, wg.x * TN, tile_product(lid, li, wg.y * TM, wg.x * TN, P.nIn));
  publish_scales(li, li == 0u && wg.x == 0u && wg.y == 0u);
}
