// Weight-gradient statistics: G = δ_l h_{l−1}ᵀ / batch ([nOut][nIn]) is computed tile by tile and
// reduced to a scaled sum of squares per workgroup; G itself is never stored.
// h_{l−1} is f(s_{l−1}) from the pre-activation store (P.inMode = 1) or the raw input x (P.inMode = 0).
// Workgroups stride over the output tiles so each layer writes exactly P.numGroups partial records
// into the `weightGrad` field of `Acc` (generated from LAYER_ACCUMULATORS in src/sim/stats.ts).
// CPU: weightGradStats in src/sim/layers.ts. Declaration: src/gpu/weight-grad.ts.

fn below_at(b: u32, j: u32) -> f32 {
  let v = below[P.inOffset + b * P.nIn + j];
  if (P.inMode == 1u) { return act_f(P.actKind, v, P.actP); }
  return v;
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let nIn = P.nIn;
  let nOut = P.nOut;
  let batch = P.batch;
  let threads = WG_X * WG_Y;
  let tilesM = (nOut + TM - 1u) / TM;
  let tilesN = (nIn + TN - 1u) / TN;
  let invBatch = 1.0 / f32(batch);
  var acc = acc_zero();
  for (var t = wg.x; t < tilesM * tilesN; t += P.numGroups) {
    let m0 = (t / tilesN) * TM;   // rows i of G (units of layer l)
    let n0 = (t % tilesN) * TN;   // columns j of G (units of layer l−1)
    var acc0 = vec4<f32>(0.0);
    var acc1 = vec4<f32>(0.0);
    for (var k0 = 0u; k0 < batch; k0 += TK) {
      for (var e = li; e < TM * TK; e += threads) {
        let k = e / TM;
        let m = e % TM;
        var v = 0.0;
        if (k0 + k < batch && m0 + m < nOut) { v = dIn[(k0 + k) * nOut + m0 + m]; }
        As[k * TM + m] = v;
      }
      for (var e = li; e < TN * TK; e += threads) {
        let k = e / TN;
        let n = e % TN;
        var v = 0.0;
        if (k0 + k < batch && n0 + n < nIn) { v = below_at(k0 + k, n0 + n); }
        Bs[k * TN + n] = v;
      }
      workgroupBarrier();
      tile_multiply(lid, &acc0, &acc1);
      workgroupBarrier();
    }
    for (var r = 0u; r < RM; r++) {
      let row_acc = select(acc0, acc1, r == 1u);
      for (var c = 0u; c < RN; c++) {
        let i = m0 + lid.y + WG_Y * r;
        let j = n0 + lid.x + WG_X * c;
        let g = row_acc[c] * invBatch;
        if (i < nOut && j < nIn && is_finite_f32(g)) { acc.weightGrad = ss_add(acc.weightGrad, g); }
      }
    }
  }
  let total = acc_workgroup_total(li, acc);
  if (li == 0u) { acc_store(P.slot * MAX_STAT_GROUPS + wg.x, total); }
}
