// Backward kernel: δ_l = (W_{l+1}ᵀ δ_{l+1}) ⊙ f′(s_l), fused. W_{l+1} is [nOut][nIn]; Wᵀ is read by
// indexing (a K-slice of W's rows is the right operand as is), never materialized.
// P.nIn/P.nOut are the shapes of W_{l+1}; δ_{l+1} is [batch][nOut], s_l and δ_l are [batch][nIn].
// f′ is the backward derivative (P.dfKind, P.dfP): the activation's own or the --backward override.
// Bindings, Params and includes (generator, activations, tile, weights): src/gpu/backward.ts.

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let nIn = P.nIn;
  let nOut = P.nOut;
  let batch = P.batch;
  let m0 = wg.y * TM;   // batch rows
  let n0 = wg.x * TN;   // units of layer l
  let threads = WG_X * WG_Y;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < nOut; k0 += TK) {
    // Left operand: δ_{l+1}[m0.., k0..].
    for (var e = li; e < TM * TK; e += threads) {
      let m = e / TK;
      let k = e % TK;
      var v = 0.0;
      if (m0 + m < batch && k0 + k < nOut) { v = dIn[(m0 + m) * nOut + k0 + k]; }
      As[k * TM + m] = v;
    }
    // Right operand: Bs[k][n] = W[k0 + k][n0 + n] = Wᵀ[n][k], vec4 along the row of W.
    for (var e = li; e < TK * (TN / 4u); e += threads) {
      let k = e / (TN / 4u);
      let nq = (e % (TN / 4u)) * 4u;
      let v = w_row4(k0 + k, n0 + nq, nIn, nOut);
      let at = k * TN + nq;
      Bs[at] = v.x;
      Bs[at + 1u] = v.y;
      Bs[at + 2u] = v.z;
      Bs[at + 3u] = v.w;
    }
    workgroupBarrier();
    tile_multiply(lid, &acc0, &acc1);
    workgroupBarrier();
  }
  for (var r = 0u; r < RM; r++) {
    let row_acc = select(acc0, acc1, r == 1u);
    let row = m0 + lid.y + WG_Y * r;
    if (row >= batch) { continue; }
    for (var c = 0u; c < RN; c++) {
      let col = n0 + lid.x + WG_X * c;
      if (col >= nIn) { continue; }
      let at = row * nIn + col;
      dOut[at] = row_acc[c] * act_df(P.dfKind, sIn[P.sOffset + at], P.dfP);
    }
  }
}
