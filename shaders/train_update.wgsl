// Training: the optimizer step over the whole flat parameter buffer, one invocation per parameter
// (CPU: optimizerUpdate in src/sim/train/optimizers.ts). L2 weight decay applies below P.decayEnd
// (the weights). P.optKind OPT_SGD, OPT_MOMENTUM (v ← μv + g) or OPT_ADAM with bias corrections c1, c2
// (Kingma & Ba 2015). M holds the velocity (momentum) or the first moment (Adam), V the second.
// Declaration: src/gpu/train/train-update.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let e = gid.y * nwg.x * WG + gid.x;
  if (e >= P.count) { return; }
  var g = G[e];
  if (e < P.decayEnd) { g += P.wd * Pm[e]; }
  if (P.optKind == OPT_SGD) {
    Pm[e] = Pm[e] - P.lr * g;
  } else if (P.optKind == OPT_MOMENTUM) {
    let v = P.momentum * M[e] + g;
    M[e] = v;
    Pm[e] = Pm[e] - P.lr * v;
  } else {
    let m = P.beta1 * M[e] + (1.0 - P.beta1) * g;
    let v = P.beta2 * V[e] + (1.0 - P.beta2) * g * g;
    M[e] = m;
    V[e] = v;
    Pm[e] = Pm[e] - (P.lr * (m / P.c1)) / (sqrt(v / P.c2) + P.eps);
  }
}
