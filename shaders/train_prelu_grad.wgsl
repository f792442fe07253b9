// Training: gradient of a PReLU layer's one learned slope a, T.scale · Σ g · min(s, 0) over the batch
// and the layer's units (g = ∂ℓ/∂h from the shared backward kernel). One workgroup; a tree
// reduction in workgroup memory. CPU: preluSlopeGrad in src/sim/train/kernels.ts.
@group(0) @binding(1) var<storage, read> Gup: array<f32>;
@group(0) @binding(2) var<storage, read> S: array<f32>;
@group(0) @binding(3) var<storage, read_write> G: array<f32>;

var<workgroup> red: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) li: u32) {
  var sum = 0.0;
  for (var e = li; e < T.count; e += 256u) {
    let s = S[T.offS + e];
    if (s < 0.0) { sum += Gup[e] * s; }
  }
  red[li] = sum;
  for (var stride = 128u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) { red[li] += red[li + stride]; }
  }
  if (li == 0u) { G[T.offC + T.layer] = red[0] * T.scale; }
}
