// Training checkpoint: scaled sums of squares of segments of a flat buffer (each layer's weights,
// biases or gradients), one workgroup per segment; segments (offset, length) come from a table.
// Writes (scale, ssq, non-finite count) at record T.offA + segment. Needs: scaled_sum.
@group(0) @binding(1) var<storage, read> X: array<f32>;
@group(0) @binding(2) var<storage, read> segments: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<u32>;

var<workgroup> red: array<vec3<f32>, 256>;
var<workgroup> redBad: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let off = segments[2u * wg.x];
  let len = segments[2u * wg.x + 1u];
  var acc = vec3<f32>(0.0);
  var bad = 0u;
  for (var e = li; e < len; e += 256u) {
    let x = X[off + e];
    if (is_finite_f32(x)) { acc = ss_add(acc, x); } else { bad += 1u; }
  }
  red[li] = acc;
  redBad[li] = bad;
  for (var stride = 128u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) {
      red[li] = ss_merge(red[li], red[li + stride]);
      redBad[li] += redBad[li + stride];
    }
  }
  if (li == 0u) {
    let at = (T.offA + wg.x) * 4u;
    out[at] = bitcast<u32>(red[0].x);
    out[at + 1u] = bitcast<u32>(red[0].y);
    out[at + 2u] = redBad[0];
  }
}
