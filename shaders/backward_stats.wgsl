// Backward statistics of layer l: scaled sum of δ̃_l (δ before its exponent), its Inf/NaN and zero
// counts, Σ|f′(s_l)| and its zero count (f′ = the backward derivative), into the fields of `Acc`
// (generated from LAYER_ACCUMULATORS in src/sim/stats.ts), one partial record per workgroup. With
// P.details, also the per-unit RMS of δ̃ over the batch and the |f′| histogram (workgroup atomics,
// then one global add per bin).
// CPU: backwardStats in src/sim/layers.ts. Declaration: src/gpu/backward-stats.ts.
override STATS_WG: u32;
var<workgroup> localHist: array<atomic<u32>, FPRIME_BINS>;

@compute @workgroup_size(STATS_WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let n = P.nOut;
  let batch = P.batch;
  let details = P.details != 0u;
  for (var k = li; k < FPRIME_BINS; k += STATS_WG) { atomicStore(&localHist[k], 0u); }
  workgroupBarrier();
  var acc = acc_zero();
  for (var j = wg.x * STATS_WG + li; j < n; j += P.numGroups * STATS_WG) {
    var unitSq = 0.0;
    for (var b = 0u; b < batch; b++) {
      let at = b * n + j;
      let d = dIn[at];
      let df = act_df(P.dfKind, sIn[P.sOffset + at], P.dfP);
      if (is_nan_f32(d)) { acc.deltaNan += 1u; } else if (!is_finite_f32(d)) { acc.deltaInf += 1u; } else { acc.delta = ss_add(acc.delta, d); }
      // Below the smallest normal counts as 0 whether or not this adapter flushes subnormals.
      if (abs(d) < FLOAT32_MIN_NORMAL) { acc.deltaZeroCount += 1u; }
      if (is_finite_f32(df)) { acc.sumAbsFprime += abs(df); }
      if (abs(df) < FLOAT32_MIN_NORMAL) { acc.fprimeZeroCount += 1u; }
      if (details) {
        atomicAdd(&localHist[fprime_bin(df)], 1u);
        unitSq += d * d;
      }
    }
    if (details) { unitRms[P.detailOffset + j] = sqrt(unitSq / f32(batch)); }
  }
  // The reduction's barriers also order the histogram's atomics before the flush below.
  let total = acc_workgroup_total(li, acc);
  if (li == 0u) { acc_store(P.slot * MAX_STAT_GROUPS + wg.x, total); }
  if (details) {
    for (var k = li; k < FPRIME_BINS; k += STATS_WG) {
      let c = atomicLoad(&localHist[k]);
      if (c > 0u) { atomicAdd(&hist[P.histOffset + k], c); }
    }
  }
}
