// Training loss at the linear head (CPU: lossHead in src/sim/train/losses.ts), one invocation per example:
//  softmax cross-entropy (P.lossKind LOSS_CROSS_ENTROPY): ℓ = log Σ e^z − Σ y z, δ = softmax(z) − y;
//  squared error (LOSS_MSE): ℓ = ½ Σ (z − y)², δ = z − y.
// Writes δ (per example, not divided by the batch) and (ℓ, correct) per example to rowOut at P.rowOffset.
// Declaration: src/gpu/train/train-loss.ts.
override WG: u32;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let b = gid.x;
  if (b >= P.rows) { return; }
  let k = P.outputs;
  let o = b * k;
  var loss = 0.0;
  var zi = 0u;
  var yi = 0u;
  for (var c = 1u; c < k; c++) {
    if (Z[o + c] > Z[o + zi]) { zi = c; }
    if (Yt[o + c] > Yt[o + yi]) { yi = c; }
  }
  if (P.lossKind == LOSS_CROSS_ENTROPY) {
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
  rowOut[P.rowOffset + 2u * b] = loss;
  rowOut[P.rowOffset + 2u * b + 1u] = select(0.0, 1.0, zi == yi && P.lossKind == LOSS_CROSS_ENTROPY);
}
