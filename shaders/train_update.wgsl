// Training: the optimizer step over the whole flat parameter buffer, one invocation per parameter
// (CPU: optimizerUpdate in src/sim/train/optimizers.ts). L2 weight decay applies below T.decayEnd
// (the weights). T.optKind 0 sgd, 1 momentum (v ← μv + g), 2 Adam with bias corrections c1, c2
// (Kingma & Ba 2015). M holds the velocity (momentum) or the first moment (Adam), V the second.
@group(0) @binding(1) var<storage, read_write> Pm: array<f32>;
@group(0) @binding(2) var<storage, read> G: array<f32>;
@group(0) @binding(3) var<storage, read_write> M: array<f32>;
@group(0) @binding(4) var<storage, read_write> V: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.y * nwg.x * 64u + gid.x;
  if (e >= T.count) { return; }
  var g = G[e];
  if (e < T.decayEnd) { g += T.wd * Pm[e]; }
  if (T.optKind == 0u) {
    Pm[e] = Pm[e] - T.lr * g;
  } else if (T.optKind == 1u) {
    let v = T.momentum * M[e] + g;
    M[e] = v;
    Pm[e] = Pm[e] - T.lr * v;
  } else {
    let m = T.beta1 * M[e] + (1.0 - T.beta1) * g;
    let v = T.beta2 * V[e] + (1.0 - T.beta2) * g * g;
    M[e] = m;
    V[e] = v;
    Pm[e] = Pm[e] - (T.lr * (m / T.c1)) / (sqrt(v / T.c2) + T.eps);
  }
}
