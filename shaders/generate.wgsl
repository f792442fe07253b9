// Fills P.count words of `out` from P.outOffset with generated values for counters
// P.genOffset.. : inputs x, stored weights W_l (N / U / 0 by P.wDist, scale P.wScale), or with
// DIST_BITS the raw generator bits (the generator parity test). Values are written as their f32 bits.
// P.genPeriod > 0 repeats counters genOffset … genOffset + genPeriod − 1 (one input replicated for
// the Jacobian, src/sim/spectrum.ts).
// A grid-stride loop: the dispatch may be smaller than P.count. Declaration: src/gpu/generate.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  for (var k = gid.x; k < P.count; k += groups.x * WG) {
    let idx = P.genOffset + select(k, k % P.genPeriod, P.genPeriod > 0u);
    var word: u32;
    if (P.wDist == DIST_BITS) {
      word = gen_bits(P.wKey, idx);
    } else {
      word = bitcast<u32>(gen_value(P.wDist, P.wKey, idx, P.wScale));
    }
    out[P.outOffset + k] = word;
  }
}
