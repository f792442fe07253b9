// Forward statistics of layer l from the stored s_l (h_l = f(s_l) is recomputed, as the CPU does):
// scaled sums of s and h, non-finite, zero and dead-unit counts, accumulated into the fields of `Acc`
// (this kernel's part of the statistics record, generated from LAYER_ACCUMULATORS in src/sim/stats.ts).
// Each invocation owns whole units (columns), so "dead for every input of the batch" needs no
// cross-invocation vote; each workgroup writes one partial record, merged by reduce.wgsl.
// CPU: forwardStats in src/sim/layers.ts. Declaration: src/gpu/forward-stats.ts.
override STATS_WG: u32;

@compute @workgroup_size(STATS_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let n = P.nOut;
  let batch = P.batch;
  var acc = acc_zero();
  for (var j = wg.x * STATS_WG + li; j < n; j += P.numGroups * STATS_WG) {
    var allZero = true;
    for (var b = 0u; b < batch; b++) {
      let s = sIn[P.sOffset + b * n + j];
      let h = act_f(P.actKind, s, P.actP);
      // NaN is not dead: only a finite h of exactly 0 (from a finite s) counts as zero.
      if (!is_finite_f32(s) || !is_finite_f32(h)) { acc.forwardNonFinite += 1u; allZero = false; continue; }
      acc.preact = ss_add(acc.preact, s);
      acc.act = ss_add(acc.act, h);
      if (h == 0.0) { acc.zeroCount += 1u; } else { allZero = false; }
    }
    if (allZero) { acc.deadCount += 1u; }
  }
  let total = acc_workgroup_total(li, acc);
  if (li == 0u) { acc_store(P.slot * MAX_STAT_GROUPS + wg.x, total); }
}
