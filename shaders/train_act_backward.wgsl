// Training backward, second half: δ_l = g ⊙ f′(s_l), where g = W_{l+1}ᵀ δ_{l+1} comes from the shared
// backward kernel run with f′ = 1. Split this way so the learned PReLU slope can be read from the
// parameter buffer (T.flags bit 1) and g is available for its gradient (train_prelu_grad).
// CPU: the f′ line of backwardLayer. Needs: activations.
@group(0) @binding(1) var<storage, read> Gup: array<f32>;
@group(0) @binding(2) var<storage, read> S: array<f32>;
@group(0) @binding(3) var<storage, read> params: array<f32>;
@group(0) @binding(4) var<storage, read_write> D: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.y * nwg.x * 64u + gid.x;
  if (e >= T.count) { return; }
  var p = T.dfP;
  if ((T.flags & 2u) != 0u) { p = params[T.offC + T.layer]; }
  D[e] = Gup[e] * act_df(T.dfKind, S[T.offS + e], p);
}
