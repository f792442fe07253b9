// The output's error. P.topMode:
//   TOP_RANDOM: δ_depth ~ N(0, 1) i.i.d. from the topDelta stream (a plain net; g_depth undefined);
//   TOP_STREAM: g_depth ~ N(0, 1) from the same stream (a residual net), δ = c·g ⊙ f′(s);
//   TOP_MSE:    g_depth = ∂L/∂h = h − t for L = ½‖h − t‖², targets t ~ N(0, 1), δ = c·g ⊙ f′(s),
//               with h read from dOut (the forward pass left h_depth there) before δ overwrites it.
// c = P.coef (α with the residual stream, else 1). With a rescaled forward pass (P.scaleMode &
// SCALE_IN) h = h̃ · 2^F, F read at P.expIn: the kernel writes g̃ and δ̃ with exponent max(F, 0), the
// factor 2^±F only ever shrinking a term (topStreamMse in src/sim/layers.ts). max |δ̃| (and |g̃| with
// the stream, P.residual) goes to P.maxOut, the exponent to P.expOut (shaders/scales.wgsl).
// A grid-stride loop like generate.wgsl. Declaration: src/gpu/top-delta.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  begin_scales(li);
  var F = 0;
  if ((P.scaleMode & SCALE_IN) != 0u) { F = bitcast<i32>(atomicLoad(&scales[P.expIn])); }
  for (var k = gid.x; k < P.count; k += groups.x * WG) {
    if (P.topMode == TOP_RANDOM) {
      let d = gen_normal(P.topKey, k);
      dOut[k] = d;
      track_out(d);
      continue;
    }
    var g: f32;
    if (P.topMode == TOP_STREAM) {
      g = gen_normal(P.topKey, k);
    } else {
      let h = dOut[k];
      let t = gen_normal(P.topKey, k);
      if (F >= 0) { g = h - mul_pow2(t, -F); } else { g = mul_pow2(h, F) - t; }
    }
    let d = (P.coef * g) * unit_df(k % P.nOut, sIn[P.sOffset + k]);
    gOut[k] = g;
    dOut[k] = d;
    track_out(d);
    if (P.residual != 0u) { track_out(g); }
  }
  publish_scales(li, false);
  if (gid.x == 0u) { atomicStore(&scales[P.expOut], bitcast<u32>(select(0, max(F, 0), P.topMode == TOP_MSE))); }
}
