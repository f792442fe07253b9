// Training forward, second half: s_l += b_l and h_l = f(s_l). The shared forward kernel computes
// s_l = W_l h_{l−1} with stored weights; biases are learned, so they are added here from the flat
// parameter buffer, and PReLU's learned slope is read from it too (T.flags bit 0).
// CPU: the bias and activation lines of forwardLayer. Needs: activations.
@group(0) @binding(1) var<storage, read_write> S: array<f32>;
@group(0) @binding(2) var<storage, read_write> H: array<f32>;
@group(0) @binding(3) var<storage, read> params: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.y * nwg.x * 64u + gid.x;
  if (e >= T.count) { return; }
  let i = e % T.nOut;
  let s = S[T.offS + e] + params[T.offB + i];
  S[T.offS + e] = s;
  var p = T.actP;
  if ((T.flags & 1u) != 0u) { p = params[T.offC + T.layer]; }
  H[e] = act_f(T.actKind, s, p);
}
