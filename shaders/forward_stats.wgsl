// Forward statistics of layer l from the stored s_l (h_l = f(s_l) is recomputed, as the CPU does):
// scaled sums of s and h, non-finite, zero and dead-unit counts. Each invocation owns whole units
// (columns), so "dead for every input of the batch" needs no cross-invocation vote; each workgroup
// writes one partial record, merged by reduce.wgsl. Needs: activations, scaled_sum.
@group(0) @binding(3) var<storage, read> sIn: array<f32>;
@group(0) @binding(5) var<storage, read_write> partials: array<u32>;

override STATS_WG: u32 = 64u;
var<workgroup> redPre: array<vec3<f32>, STATS_WG>;
var<workgroup> redAct: array<vec3<f32>, STATS_WG>;
var<workgroup> redCnt: array<vec3<u32>, STATS_WG>;

@compute @workgroup_size(STATS_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let n = P.nOut;
  let batch = P.batch;
  var pre = vec3<f32>(0.0);
  var act = vec3<f32>(0.0);
  var cnt = vec3<u32>(0u);   // non-finite, zeros, dead units
  for (var j = wg.x * STATS_WG + li; j < n; j += P.numGroups * STATS_WG) {
    var allZero = true;
    for (var b = 0u; b < batch; b++) {
      let s = sIn[P.sOffset + b * n + j];
      let h = act_f(P.actKind, s, P.actP);
      if (h != 0.0) { allZero = false; }
      if (!is_finite_f32(s) || !is_finite_f32(h)) { cnt.x += 1u; continue; }
      pre = ss_add(pre, s);
      act = ss_add(act, h);
      if (h == 0.0) { cnt.y += 1u; }
    }
    if (allZero) { cnt.z += 1u; }
  }
  redPre[li] = pre;
  redAct[li] = act;
  redCnt[li] = cnt;
  for (var stride = STATS_WG / 2u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) {
      redPre[li] = ss_merge(redPre[li], redPre[li + stride]);
      redAct[li] = ss_merge(redAct[li], redAct[li + stride]);
      redCnt[li] = redCnt[li] + redCnt[li + stride];
    }
  }
  if (li == 0u) {
    let at = (P.slot * MAX_STAT_GROUPS + wg.x) * REC_WORDS;
    partials[at + REC_PREACTSCALE] = bitcast<u32>(redPre[0].x);
    partials[at + REC_PREACTSSQ] = bitcast<u32>(redPre[0].y);
    partials[at + REC_PREACTSUM] = bitcast<u32>(redPre[0].z);
    partials[at + REC_ACTSCALE] = bitcast<u32>(redAct[0].x);
    partials[at + REC_ACTSSQ] = bitcast<u32>(redAct[0].y);
    partials[at + REC_FORWARDNONFINITE] = redCnt[0].x;
    partials[at + REC_ZEROCOUNT] = redCnt[0].y;
    partials[at + REC_DEADCOUNT] = redCnt[0].z;
  }
}
