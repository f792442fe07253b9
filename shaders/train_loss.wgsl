// Training loss at the linear head (CPU: lossHead in src/sim/train/losses.ts), one invocation per example:
//  softmax cross-entropy (T.lossKind 0): ℓ = log Σ e^z − Σ y z, δ = softmax(z) − y;
//  squared error (T.lossKind 1): ℓ = ½ Σ (z − y)², δ = z − y.
// Writes δ (per example, not divided by the batch) and (ℓ, correct) per example to rowOut at T.offA.
@group(0) @binding(1) var<storage, read> Z: array<f32>;
@group(0) @binding(2) var<storage, read> Yt: array<f32>;
@group(0) @binding(3) var<storage, read_write> D: array<f32>;
@group(0) @binding(4) var<storage, read_write> rowOut: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= T.rows) { return; }
  let k = T.outputs;
  let o = b * k;
  var loss = 0.0;
  var zi = 0u;
  var yi = 0u;
  for (var c = 1u; c < k; c++) {
    if (Z[o + c] > Z[o + zi]) { zi = c; }
    if (Yt[o + c] > Yt[o + yi]) { yi = c; }
  }
  if (T.lossKind == 0u) {
    let m = Z[o + zi];
    var sum = 0.0;
    for (var c = 0u; c < k; c++) { sum += exp(Z[o + c] - m); }
    let logSum = m + log(sum);
    var dot = 0.0;
    for (var c = 0u; c < k; c++) {
      dot += Yt[o + c] * Z[o + c];
      D[o + c] = exp(Z[o + c] - logSum) - Yt[o + c];
    }
    loss = logSum - dot;
  } else {
    for (var c = 0u; c < k; c++) {
      let e = Z[o + c] - Yt[o + c];
      loss += e * e;
      D[o + c] = e;
    }
    loss = 0.5 * loss;
  }
  rowOut[T.offA + 2u * b] = loss;
  rowOut[T.offA + 2u * b + 1u] = select(0.0, 1.0, zi == yi && T.lossKind == 0u);
}
