// Training forward, second half: s_l += b_l and h_l = f(s_l). The shared forward kernel computes
// s_l = W_l h_{l−1} with stored weights; biases are learned, so they are added here from the flat
// parameter buffer, and PReLU's learned slope is read from it too (P.learnedSlope).
// CPU: the bias and activation lines of forwardLayer. Declaration: src/gpu/train/train-bias-act.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.y * nwg.x * WG + gid.x;
  if (e >= P.count) { return; }
  let s = overflow_to_nan(S[P.offS + e] + params[P.offB + e % P.nOut]);
  S[P.offS + e] = s;
  var p = P.actP;
  if (P.learnedSlope != 0u) { p = params[P.offC + P.layer]; }
  H[e] = act_f(P.actKind, s, p);
}
