// Tiling shared by the matmul kernels (forward, backward, weight_grad); not a kernel itself.
// A workgroup of WG_X × WG_Y invocations computes a TM × TN output tile, RM × RN outputs per invocation,
// stepping through the reduction dimension TK at a time through workgroup memory. WG_X, WG_Y, TK and
// the constants RM = 2 rows × RN = 4 columns (the vec4 lanes of acc0/acc1 in tile_multiply) come from
// MATMUL_TILE in src/gpu/includes.ts, whose dispatch arithmetic reads the same values.
//
// Each kernel that includes this defines its operands and its output:
//   fn tile_a(m: u32, k: u32) -> f32           the left operand at row m, reduction index k (0 outside);
//   fn load_b(li: u32, n0: u32, k0: u32)        fills Bs with the right operand's K-slice k0.. for columns n0..;
//   fn tile_out(row: u32, col: u32, v: f32)     one output (bounds are checked there).
override WG_X: u32;
override WG_Y: u32;
override TK: u32;
// Consecutive invocations load the left operand along m (true: it is contiguous in m, as δᵀ in
// weight_grad) or along k (false: rows contiguous in k, as the activations), so reads coalesce.
override A_ALONG_M: bool;
override TM: u32 = WG_Y * RM;
override TN: u32 = WG_X * RN;
// As[k * TM + m] and Bs[k * TN + n]: one K-slice of the left and right operands.
var<workgroup> As: array<f32, TK * TM>;
var<workgroup> Bs: array<f32, TK * TN>;

// acc0/acc1 (rows lid.y and lid.y + WG_Y; columns lid.x + WG_X·c, c = 0..3 as vector lanes)
// += the outer products of one K-slice. Plain vec4 accumulators, no per-invocation arrays: some
// backends (SwiftShader) spill dynamically indexed function arrays to memory.
fn tile_multiply(lid: vec3<u32>, acc0: ptr<function, vec4<f32>>, acc1: ptr<function, vec4<f32>>) {
  for (var k = 0u; k < TK; k++) {
    let bb = k * TN + lid.x;
    let b = vec4<f32>(Bs[bb], Bs[bb + WG_X], Bs[bb + 2u * WG_X], Bs[bb + 3u * WG_X]);
    let aa = k * TM + lid.y;
    *acc0 = *acc0 + As[aa] * b;
    *acc1 = *acc1 + As[aa + WG_Y] * b;
  }
}

// One invocation's RM × RN outputs of the tile at (m0, n0): Σ over k < kLen, TK at a time.
struct TileAcc {
  r0: vec4<f32>,
  r1: vec4<f32>,
}

fn tile_product(lid: vec3<u32>, li: u32, m0: u32, n0: u32, kLen: u32) -> TileAcc {
  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < kLen; k0 += TK) {
    for (var e = li; e < TM * TK; e += WG_X * WG_Y) {
      var m = e / TK;
      var k = e % TK;
      if (A_ALONG_M) {
        k = e / TM;
        m = e % TM;
      }
      As[k * TM + m] = tile_a(m0 + m, k0 + k);
    }
    load_b(li, n0, k0);
    workgroupBarrier();
    tile_multiply(lid, &acc0, &acc1);
    workgroupBarrier();
  }
  return TileAcc(acc0, acc1);
}

// Hands each of the invocation's outputs to tile_out, rows then columns.
fn store_tile(lid: vec3<u32>, m0: u32, n0: u32, acc: TileAcc) {
  for (var r = 0u; r < RM; r++) {
    let row_acc = select(acc.r0, acc.r1, r == 1u);
    for (var c = 0u; c < RN; c++) { tile_out(m0 + lid.y + WG_Y * r, n0 + lid.x + WG_X * c, row_acc[c]); }
  }
}
