// The normalization of layer l, in place in the pre-activation store: per group (one unit over the
// batch for BatchNorm, one example over its units for LayerNorm) s = (u − mean)·r with
// r = 1/√(var + ε) (population variance), r kept per group for the backward pass, then the forward
// epilogue (shaders/epilogue.wgsl: the activation and the residual add). One workgroup per group,
// reducing in workgroup memory (two passes: the mean, then the variance about it; group_at and
// workgroup_sum: NORM and NORM_SUM of src/gpu/includes.ts).
// CPU: normForward in src/sim/layers.ts. Declaration: src/gpu/norm-forward.ts.
// The residual stream's h_{l−1} (a normalized forward pass is never rescaled).
fn stream_in(at: u32) -> f32 {
  return hIn[at];
}

@compute @workgroup_size(NORM_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let g = wg.x + wg.y * groups.x;
  let batchNorm = P.normMode == NORM_BATCH;
  if (g >= select(P.batch, P.nOut, batchNorm)) { return; }
  let count = select(P.nOut, P.batch, batchNorm);
  var sum = 0.0;
  for (var i = li; i < count; i += NORM_WG) { sum += sIo[P.sOffset + group_at(g, i)]; }
  let mean = workgroup_sum(li, sum) / f32(count);
  var sq = 0.0;
  for (var i = li; i < count; i += NORM_WG) {
    let d = sIo[P.sOffset + group_at(g, i)] - mean;
    sq += d * d;
  }
  let r = 1.0 / sqrt(workgroup_sum(li, sq) / f32(count) + NORM_EPS);
  if (li == 0u) { invStd[P.invOffset + g] = r; }
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    let s = (sIo[P.sOffset + at] - mean) * r;
    sIo[P.sOffset + at] = s;
    forward_epilogue(at, at % P.nOut, s);
  }
}
