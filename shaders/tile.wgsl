// Tiling shared by the matmul kernels (forward, backward, weight_grad); not a kernel itself.
// A workgroup of WG_X × WG_Y invocations computes a TM × TN output tile; each invocation owns
// 4·RQ rows × 4·CQ columns of it (RQ, CQ vec4 groups: row group q holds rows 4·(lid.y + WG_Y·q) + 0..3,
// column group c the columns 4·(lid.x + WG_X·c) + 0..3), and the reduction goes TK at a time
// through workgroup memory held as vec4s, so the inner loop reads one vec4 of the left and one of
// the right operand per 16 multiply-adds. Every override is a pipeline constant: the variants of
// MATMUL_VARIANTS in src/gpu/matmul-variants.ts are pipelines of the same code, and the host's
// dispatch arithmetic reads the same values. Each output sums k = 0, 1, 2, … in order with the
// same operations in every variant, so the variants give the same bits.
//
// Each kernel that includes this defines its operands and its output:
//   fn a_quad(m: u32, k: u32) -> vec4<f32>   the left operand: A[m][k..k+3], or A[m..m+3][k] when
//                                            A_ALONG_M (what is contiguous in memory); 0 outside;
//   fn b_quad(k: u32, n: u32) -> vec4<f32>   the right operand: B[k][n..n+3] when B_ALONG_N, else
//                                            B[k..k+3][n]; 0 outside;
//   fn tile_out(row: u32, col: u32, v: f32)  one output (bounds are checked there).
override WG_X: u32;
override WG_Y: u32;
override TK: u32;
override RQ: u32;
override CQ: u32;
override A_ALONG_M: bool;
override B_ALONG_N: bool;
override TM: u32 = WG_Y * RQ * 4u;
override TN: u32 = WG_X * CQ * 4u;
// As[k][m / 4] and Bs[k][n / 4]: one K-slice of the left and right operands.
var<workgroup> As: array<vec4<f32>, TK * TM / 4u>;
var<workgroup> Bs: array<vec4<f32>, TK * TN / 4u>;

// 4 rows × 4 columns of outputs, one vec4 per row.
struct Block {
  r0: vec4<f32>,
  r1: vec4<f32>,
  r2: vec4<f32>,
  r3: vec4<f32>,
}

// One invocation's outputs: block qc holds row group q, column group c. Named blocks, no array:
// some backends (SwiftShader) keep dynamically indexed function arrays in memory; the blocks a
// variant does not use are constant-false branches.
struct TileAcc {
  b00: Block,
  b01: Block,
  b10: Block,
  b11: Block,
}

// The K-slice k0.. of both operands into workgroup memory, four elements per load.
fn load_tiles(li: u32, m0: u32, n0: u32, k0: u32) {
  let threads = WG_X * WG_Y;
  let tm4 = TM / 4u;
  let tn4 = TN / 4u;
  for (var e = li; e < TK * tm4; e += threads) {
    if (A_ALONG_M) {
      let k = e / tm4;
      let mq = e % tm4;
      As[k * tm4 + mq] = a_quad(m0 + 4u * mq, k0 + k);
    } else {
      // Four invocations read one row's 16 consecutive k: coalesced along the row.
      let m = e / (TK / 4u);
      let k = (e % (TK / 4u)) * 4u;
      let v = a_quad(m0 + m, k0 + k);
      let at = k * tm4 + m / 4u;
      let lane = m % 4u;
      As[at][lane] = v.x;
      As[at + tm4][lane] = v.y;
      As[at + 2u * tm4][lane] = v.z;
      As[at + 3u * tm4][lane] = v.w;
    }
  }
  for (var e = li; e < TK * tn4; e += threads) {
    if (B_ALONG_N) {
      let k = e / tn4;
      let nq = e % tn4;
      Bs[k * tn4 + nq] = b_quad(k0 + k, n0 + 4u * nq);
    } else {
      let n = e / (TK / 4u);
      let k = (e % (TK / 4u)) * 4u;
      let v = b_quad(k0 + k, n0 + n);
      let at = k * tn4 + n / 4u;
      let lane = n % 4u;
      Bs[at][lane] = v.x;
      Bs[at + tn4][lane] = v.y;
      Bs[at + 2u * tn4][lane] = v.z;
      Bs[at + 3u * tn4][lane] = v.w;
    }
  }
}

fn block_fma(blk: ptr<function, Block>, a: vec4<f32>, b: vec4<f32>) {
  (*blk).r0 += a.x * b;
  (*blk).r1 += a.y * b;
  (*blk).r2 += a.z * b;
  (*blk).r3 += a.w * b;
}

// acc += the outer products of one K-slice, k in order.
fn tile_multiply(lid: vec3<u32>, acc: ptr<function, TileAcc>) {
  let tm4 = TM / 4u;
  let tn4 = TN / 4u;
  for (var k = 0u; k < TK; k++) {
    let a0 = As[k * tm4 + lid.y];
    let b0 = Bs[k * tn4 + lid.x];
    block_fma(&(*acc).b00, a0, b0);
    if (CQ > 1u) {
      let b1 = Bs[k * tn4 + lid.x + WG_X];
      block_fma(&(*acc).b01, a0, b1);
      if (RQ > 1u) {
        let a1 = As[k * tm4 + lid.y + WG_Y];
        block_fma(&(*acc).b10, a1, b0);
        block_fma(&(*acc).b11, a1, b1);
      }
    } else if (RQ > 1u) {
      let a1 = As[k * tm4 + lid.y + WG_Y];
      block_fma(&(*acc).b10, a1, b0);
    }
  }
}

// One invocation's outputs of the tile at (m0, n0): Σ over k < kLen, TK at a time.
fn tile_product(lid: vec3<u32>, li: u32, m0: u32, n0: u32, kLen: u32) -> TileAcc {
  let z = Block(vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0), vec4<f32>(0.0));
  var acc = TileAcc(z, z, z, z);
  for (var k0 = 0u; k0 < kLen; k0 += TK) {
    load_tiles(li, m0, n0, k0);
    workgroupBarrier();
    tile_multiply(lid, &acc);
    workgroupBarrier();
  }
  return acc;
}

fn block_of(acc: TileAcc, q: u32, c: u32) -> Block {
  if (q == 0u) {
    if (c == 0u) { return acc.b00; }
    return acc.b01;
  }
  if (c == 0u) { return acc.b10; }
  return acc.b11;
}

fn row_of(blk: Block, r: u32) -> vec4<f32> {
  return select(select(blk.r3, blk.r2, r == 2u), select(blk.r1, blk.r0, r == 0u), r < 2u);
}

// Hands each of the invocation's outputs to tile_out, from one call site: tile_out inlines the
// activation switch, and a software backend's compile time grows with every copy.
fn store_tile(lid: vec3<u32>, m0: u32, n0: u32, acc: TileAcc) {
  for (var q = 0u; q < RQ; q++) {
    for (var c = 0u; c < CQ; c++) {
      let blk = block_of(acc, q, c);
      let col = n0 + 4u * (lid.x + WG_X * c);
      for (var r = 0u; r < 4u; r++) {
        let row = m0 + 4u * (lid.y + WG_Y * q) + r;
        let v = row_of(blk, r);
        for (var j = 0u; j < 4u; j++) { tile_out(row, col + j, v[j]); }
      }
    }
  }
}
