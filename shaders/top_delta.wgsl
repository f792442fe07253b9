// δ_depth, the output layer's error. P.topMode 0: i.i.d. N(0, 1) from the topDelta stream.
// P.topMode 1 (mse): δ = (h − t) ⊙ f′(s) for L = ½‖h − t‖², h = f(s_depth), targets t ~ N(0, 1).
// With a rescaled forward pass (P.scaleMode & SCALE_IN) h = h̃ · 2^F, F read at P.expIn: the kernel
// writes δ̃ with exponent max(F, 0), the factor 2^±F only ever shrinking a term (topDeltaMse in
// src/sim/layers.ts). max |δ̃| goes to P.maxOut, its exponent to P.expOut (shaders/scales.wgsl).
// A grid-stride loop like generate.wgsl. Declaration: src/gpu/top-delta.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  begin_scales(li);
  var F = 0;
  if ((P.scaleMode & SCALE_IN) != 0u) { F = bitcast<i32>(atomicLoad(&scales[P.expIn])); }
  for (var k = gid.x; k < P.count; k += groups.x * WG) {
    var d: f32;
    if (P.topMode == 0u) {
      d = gen_normal(P.topKey, k);
    } else {
      let s = sIn[P.sOffset + k];
      let h = act_f(P.actKind, s, P.actP);
      let t = gen_normal(P.topKey, k);
      var diff: f32;
      if (F >= 0) { diff = h - mul_pow2(t, -F); } else { diff = mul_pow2(h, F) - t; }
      d = diff * act_df(P.dfKind, s, P.dfP);
    }
    dOut[k] = d;
    track_out(d);
  }
  publish_scales(li, false);
  if (gid.x == 0u) { atomicStore(&scales[P.expOut], bitcast<u32>(select(0, max(F, 0), P.topMode == 1u))); }
}
