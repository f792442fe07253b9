// The Jacobian's top (src/sim/spectrum.ts): a batch of P.width one-hot rows ∂L/∂h_d = e_b, so
// δ_d[b][j] = f′(s_d[b][j]) where j = b and 0 elsewhere (P.dfKind, P.dfP: the backward derivative).
// max |δ_d| goes to P.maxOut for the next layer's rescale (shaders/scales.wgsl); its exponent is 0.
// A grid-stride loop like generate.wgsl. Declaration: src/gpu/jacobian-top.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  begin_scales(li);
  let count = P.width * P.width;
  for (var k = gid.x; k < count; k += groups.x * WG) {
    var d = 0.0;
    if (k / P.width == k % P.width) { d = act_df(P.dfKind, sIn[P.sOffset + k], P.dfP); }
    dOut[k] = d;
    track_out(d);
  }
  publish_scales(li, false);
  if (gid.x == 0u) { atomicStore(&scales[P.expOut], 0u); }
}
