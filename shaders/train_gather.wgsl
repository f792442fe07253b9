// Training: copies step T.t's minibatch rows of the training set into xb / yb (CPU: gatherBatch in
// src/sim/train/kernels.ts). Example b of step t is b when the batch is the whole set, else
// gen_bits(key, (t−1)·B + b) mod n: sampling with replacement, u32 arithmetic as on the CPU.
// Needs: generator.
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> Y: array<f32>;
@group(0) @binding(3) var<storage, read_write> xb: array<f32>;
@group(0) @binding(4) var<storage, read_write> yb: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= T.rows) { return; }
  var i = b;
  if (T.rows != T.n) { i = gen_bits(T.key, (T.t - 1u) * T.rows + b) % T.n; }
  for (var j = 0u; j < T.dIn; j++) { xb[b * T.dIn + j] = X[i * T.dIn + j]; }
  for (var k = 0u; k < T.outputs; k++) { yb[b * T.outputs + k] = Y[i * T.outputs + k]; }
}
