// The Jacobian's top (src/sim/spectrum.ts): a batch of P.width one-hot rows g_d = ∂L/∂h_d = e_b, so
// δ_d[b][j] = c·f′(s_d[b][j]) where j = b and 0 elsewhere (c = P.coef: α with the residual stream,
// else 1; f′ of unit j, unit_df: the backward derivative). With the stream (P.residual) g_d is
// written to gOut and its max tracked too. max |δ_d| goes to P.maxOut for the next layer's rescale
// (shaders/scales.wgsl); its exponent is 0.
// A grid-stride loop like generate.wgsl. Declaration: src/gpu/jacobian-top.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  begin_scales(li);
  let count = P.width * P.width;
  for (var k = gid.x; k < count; k += groups.x * WG) {
    let j = k % P.width;
    var g = 0.0;
    if (k / P.width == j) { g = 1.0; }
    let d = (P.coef * g) * unit_df(j, sIn[P.sOffset + k]);
    dOut[k] = d;
    track_out(d);
    if (P.residual != 0u) {
      gOut[k] = g;
      track_out(g);
    }
  }
  publish_scales(li, false);
  if (gid.x == 0u) { atomicStore(&scales[P.expOut], 0u); }
}
