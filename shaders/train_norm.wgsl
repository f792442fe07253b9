// Training forward, second half of a normalized layer: u = s + b (the shared forward kernel left
// W_l h_{l−1} in S), ŝ = (u − mean)·r with r = 1/√(var + ε) over the group (one unit over the
// batch for BatchNorm, one example over its units for LayerNorm) from the batch's statistics, or in
// P.mode NORM_EVAL from BatchNorm's running averages; NORM_STEP also updates those (momentum
// RUNNING_MOMENTUM, unbiased variance). Then s = γ ⊙ ŝ + β in S, ŝ and r kept for the backward
// pass, and h = f(s) or h_{l−1} + α·f(s) (the learned PReLU slope read from the parameters).
// One workgroup per group (group_at, workgroup_sum: src/gpu/includes.ts). CPU: trainNormForward in src/sim/train/kernels.ts. Declaration: src/gpu/train/train-norm.ts.
fn u_at(at: u32) -> f32 {
  return S[P.offS + at] + params[P.offB + at % P.nOut];
}

@compute @workgroup_size(NORM_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let g = wg.x + wg.y * groups.x;
  let batchNorm = P.normMode == NORM_BATCH;
  if (g >= select(P.rows, P.nOut, batchNorm)) { return; }
  let count = select(P.nOut, P.rows, batchNorm);
  var mean: f32;
  var v: f32;
  if (batchNorm && P.mode == NORM_EVAL) {
    mean = RUN[P.offRun + g];
    v = RUN[P.offRun + P.nOut + g];
  } else {
    var sum = 0.0;
    for (var i = li; i < count; i += NORM_WG) { sum += u_at(group_at(g, i)); }
    mean = workgroup_sum(li, sum) / f32(count);
    var sq = 0.0;
    for (var i = li; i < count; i += NORM_WG) {
      let d = u_at(group_at(g, i)) - mean;
      sq += d * d;
    }
    v = workgroup_sum(li, sq) / f32(count);
    if (li == 0u) {
      R[P.offR + g] = 1.0 / sqrt(v + NORM_EPS);
      if (batchNorm && P.mode == NORM_STEP) {
        RUN[P.offRun + g] = (1.0 - RUNNING_MOMENTUM) * RUN[P.offRun + g] + RUNNING_MOMENTUM * mean;
        RUN[P.offRun + P.nOut + g] = (1.0 - RUNNING_MOMENTUM) * RUN[P.offRun + P.nOut + g] + RUNNING_MOMENTUM * (v * f32(count) / f32(count - 1u));
      }
    }
  }
  let r = 1.0 / sqrt(v + NORM_EPS);
  var p = P.actP;
  if (P.learnedSlope != 0u) { p = params[P.offC + P.layer]; }
  for (var i = li; i < count; i += NORM_WG) {
    let at = group_at(g, i);
    let j = at % P.nOut;
    let sh = (u_at(at) - mean) * r;
    SHAT[P.offS + at] = sh;
    let s = params[P.offGamma + j] * sh + params[P.offBeta + j];
    S[P.offS + at] = s;
    var h = act_f(P.actKind, s, p);
    if (P.alpha > 0.0) { h = Hin[at] + P.alpha * h; }
    H[at] = h;
  }
}
