// Training: copies step P.t's minibatch rows of the training set into xb / yb (CPU: gatherBatch in
// src/sim/train/kernels.ts). Example b of step t is b when the batch is the whole set, else
// gen_bits(key, (t−1)·B + b) mod n: sampling with replacement, u32 arithmetic as on the CPU.
// Declaration: src/gpu/train/train-gather.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= P.rows) { return; }
  var i = b;
  if (P.rows != P.n) { i = gen_bits(P.key, (P.t - 1u) * P.rows + b) % P.n; }
  for (var j = 0u; j < P.dIn; j++) { xb[b * P.dIn + j] = X[i * P.dIn + j]; }
  for (var k = 0u; k < P.outputs; k++) { yb[b * P.outputs + k] = Y[i * P.outputs + k]; }
}
