// δ_depth, the output layer's error. P.topMode 0: i.i.d. N(0, 1) from the topDelta stream.
// P.topMode 1 (mse): δ = (h − t) ⊙ f′(s) for L = ½‖h − t‖², h = f(s_depth), targets t ~ N(0, 1).
// A grid-stride loop like generate.wgsl. Declaration: src/gpu/top-delta.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var k = gid.x; k < P.count; k += groups.x * WG) {
    if (P.topMode == 0u) {
      dOut[k] = gen_normal(P.topKey, k);
    } else {
      let s = sIn[P.sOffset + k];
      let h = act_f(P.actKind, s, P.actP);
      dOut[k] = (h - gen_normal(P.topKey, k)) * act_df(P.dfKind, s, P.dfP);
    }
  }
}
