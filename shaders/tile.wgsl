// Tiling shared by the matmul kernels (forward, backward, weight_grad); not a kernel itself.
// A workgroup of WG_X × WG_Y invocations computes a TM × TN output tile, RM × RN outputs per invocation,
// stepping through the reduction dimension TK at a time through workgroup memory. WG_X, WG_Y, TK and
// the constants RM = 2 rows × RN = 4 columns (the vec4 lanes of acc0/acc1 in tile_multiply) come from
// MATMUL_TILE in src/gpu/includes.ts, whose dispatch arithmetic reads the same values.
override WG_X: u32;
override WG_Y: u32;
override TK: u32;
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
