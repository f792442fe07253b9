// Backward statistics of layer l: scaled sum of δ_l, Inf/NaN counts, Σ|f′(s_l)| and its zero count
// (f′ = the backward derivative), one partial record per workgroup. With P.details, also the per-unit
// RMS of δ over the batch and the |f′| histogram (workgroup atomics, then one global add per bin).
// Needs: activations, scaled_sum.
@group(0) @binding(2) var<storage, read> dIn: array<f32>;
@group(0) @binding(3) var<storage, read> sIn: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<u32>;
@group(0) @binding(6) var<storage, read_write> unitRms: array<f32>;
@group(0) @binding(7) var<storage, read_write> hist: array<atomic<u32>>;

override STATS_WG: u32 = 64u;
var<workgroup> redDelta: array<vec4<f32>, STATS_WG>;   // scale, ssq, Σ|f′|
var<workgroup> redCnt: array<vec4<u32>, STATS_WG>;     // Inf, NaN, f′ zeros
var<workgroup> localHist: array<atomic<u32>, FPRIME_BINS>;

@compute @workgroup_size(STATS_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let n = P.nOut;
  let batch = P.batch;
  let details = P.details != 0u;
  for (var k = li; k < FPRIME_BINS; k += STATS_WG) { atomicStore(&localHist[k], 0u); }
  workgroupBarrier();
  var delta = vec3<f32>(0.0);
  var sumAbs = 0.0;
  var cnt = vec4<u32>(0u);
  for (var j = wg.x * STATS_WG + li; j < n; j += P.numGroups * STATS_WG) {
    var unitSq = 0.0;
    for (var b = 0u; b < batch; b++) {
      let at = b * n + j;
      let d = dIn[at];
      let df = act_df(P.dfKind, sIn[P.sOffset + at], P.dfP);
      if (is_nan_f32(d)) { cnt.y += 1u; } else if (!is_finite_f32(d)) { cnt.x += 1u; } else { delta = ss_add(delta, d); }
      if (is_finite_f32(df)) { sumAbs += abs(df); }
      if (df == 0.0) { cnt.z += 1u; }
      if (details) {
        atomicAdd(&localHist[fprime_bin(df)], 1u);
        unitSq += d * d;
      }
    }
    if (details) { unitRms[P.detailOffset + j] = sqrt(unitSq / f32(batch)); }
  }
  redDelta[li] = vec4<f32>(delta, sumAbs);
  redCnt[li] = cnt;
  for (var stride = STATS_WG / 2u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) {
      let p = redDelta[li];
      let q = redDelta[li + stride];
      redDelta[li] = vec4<f32>(ss_merge(p.xyz, q.xyz), p.w + q.w);
      redCnt[li] = redCnt[li] + redCnt[li + stride];
    }
  }
  workgroupBarrier();
  if (li == 0u) {
    let at = (P.slot * MAX_STAT_GROUPS + wg.x) * REC_WORDS;
    partials[at + REC_DELTASCALE] = bitcast<u32>(redDelta[0].x);
    partials[at + REC_DELTASSQ] = bitcast<u32>(redDelta[0].y);
    partials[at + REC_DELTAINF] = redCnt[0].x;
    partials[at + REC_DELTANAN] = redCnt[0].y;
    partials[at + REC_SUMABSFPRIME] = bitcast<u32>(redDelta[0].w);
    partials[at + REC_FPRIMEZEROCOUNT] = redCnt[0].z;
  }
  if (details) {
    for (var k = li; k < FPRIME_BINS; k += STATS_WG) {
      let c = atomicLoad(&localHist[k]);
      if (c > 0u) { atomicAdd(&hist[P.histOffset + k], c); }
    }
  }
}
