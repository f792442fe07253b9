// Forward kernel: s_l = W_l h_{l−1} + b_l and h_l = f(s_l), fused (Glorot & Bengio 2010 notation).
// Output [batch][nOut]: s_l goes to the pre-activation store (needed by f′ in the backward pass),
// h_l to the ping-pong buffer read by the next layer. Biases are regenerated from (bKey, col).
// Bindings, Params and includes (generator, activations, tile, weights): src/gpu/forward.ts.

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let nIn = P.nIn;
  let nOut = P.nOut;
  let batch = P.batch;
  let m0 = wg.y * TM;   // batch rows
  let n0 = wg.x * TN;   // output units
  let threads = WG_X * WG_Y;
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < nIn; k0 += TK) {
    // Left operand: h_{l−1}[m0.., k0..], consecutive invocations read consecutive inputs.
    for (var e = li; e < TM * TK; e += threads) {
      let m = e / TK;
      let k = e % TK;
      var v = 0.0;
      if (m0 + m < batch && k0 + k < nIn) { v = hIn[(m0 + m) * nIn + k0 + k]; }
      As[k * TM + m] = v;
    }
    // Right operand: Bs[k][n] = W[n0 + n][k0 + k], read as vec4 along a weight row.
    for (var e = li; e < TN * (TK / 4u); e += threads) {
      let n = e / (TK / 4u);
      let kq = (e % (TK / 4u)) * 4u;
      let v = w_row4(n0 + n, k0 + kq, nIn, nOut);
      Bs[kq * TN + n] = v.x;
      Bs[(kq + 1u) * TN + n] = v.y;
      Bs[(kq + 2u) * TN + n] = v.z;
      Bs[(kq + 3u) * TN + n] = v.w;
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
      if (col >= nOut) { continue; }
      var bias = 0.0;
      if (P.bStd > 0.0) { bias = P.bStd * gen_normal(P.bKey, col); }
      let s = row_acc[c] + bias;
      sOut[P.sOffset + row * nOut + col] = s;
      hOut[row * nOut + col] = act_f(P.actKind, s, P.actP);
    }
  }
}
