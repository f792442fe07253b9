// Second pass of the statistics: one workgroup per layer merges that layer's P.groups partial records
// (written by one producer kernel: forward_stats, backward_stats or weight_grad) into its record of the
// results buffer, which is read back once per run. `Acc` holds that producer's fields of the record;
// one pipeline per producer (src/gpu/reduce.ts).
@compute @workgroup_size(MAX_STAT_GROUPS)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  var v = acc_zero();
  if (li < P.groups) { v = acc_load(wg.x * MAX_STAT_GROUPS + li); }
  let total = acc_workgroup_total(li, v);
  if (li == 0u) { acc_store(P.resultOffset + wg.x, total); }
}
