// Training: gradient of a PReLU layer's one learned slope a, P.scale · Σ g · min(s, 0) over the batch
// and the layer's units (g = ∂ℓ/∂h from the shared backward kernel; P.scale carries the stream's α). One workgroup; a tree
// reduction in workgroup memory (WG a power of two). CPU: preluSlopeGrad in src/sim/train/kernels.ts.
// Declaration: src/gpu/train/train-prelu-grad.ts.
override WG: u32;
var<workgroup> red: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) li: u32) {
  var sum = 0.0;
  for (var e = li; e < P.count; e += WG) {
    let s = S[P.offS + e];
    if (s < 0.0) { sum += Gup[e] * s; }
  }
  red[li] = sum;
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) { red[li] += red[li + stride]; }
  }
  if (li == 0u) { G[P.offC + P.layer] = red[0] * P.scale; }
}
