// Training backward, second half: δ_l = c·g ⊙ f′(s_l) (c = P.coef: α on the residual stream, else 1),
// where g = ∂ℓ/∂h_l = W_{l+1}ᵀ e_{l+1} (+ g_{l+1}) comes from the shared backward kernel. Split this
// way so the learned PReLU slope can be read from the parameter buffer (P.learnedSlope) and g is
// available for its gradient (train_prelu_grad).
// CPU: the f′ line of backwardLayer. Declaration: src/gpu/train/train-act-backward.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.y * nwg.x * WG + gid.x;
  if (e >= P.count) { return; }
  var p = P.dfP;
  if (P.learnedSlope != 0u) { p = params[P.offC + P.layer]; }
  D[e] = (P.coef * Gup[e]) * act_df(P.dfKind, S[P.offS + e], p);
}
