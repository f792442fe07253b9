// Second pass of the statistics: one workgroup per layer merges that layer's partial records
// (P.statsGroups from the stats kernels, P.wgradGroups from weight_grad) into one record of the
// results buffer, which is read back once per run. P.phase 0 merges the forward fields, 1 the backward ones.
// Needs: scaled_sum.
@group(0) @binding(5) var<storage, read_write> partials: array<u32>;
@group(0) @binding(8) var<storage, read_write> results: array<u32>;

var<workgroup> redA: array<vec3<f32>, MAX_STAT_GROUPS>;
var<workgroup> redB: array<vec3<f32>, MAX_STAT_GROUPS>;
var<workgroup> redC: array<vec3<u32>, MAX_STAT_GROUPS>;
var<workgroup> redF: array<f32, MAX_STAT_GROUPS>;

fn word_f(at: u32) -> f32 { return bitcast<f32>(partials[at]); }

@compute @workgroup_size(MAX_STAT_GROUPS)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let at = (wg.x * MAX_STAT_GROUPS + li) * REC_WORDS;
  var a = vec3<f32>(0.0);
  var b = vec3<f32>(0.0);
  var c = vec3<u32>(0u);
  var f = 0.0;
  if (li < P.statsGroups) {
    if (P.phase == 0u) {
      a = vec3<f32>(word_f(at + REC_PREACTSCALE), word_f(at + REC_PREACTSSQ), word_f(at + REC_PREACTSUM));
      b = vec3<f32>(word_f(at + REC_ACTSCALE), word_f(at + REC_ACTSSQ), 0.0);
      c = vec3<u32>(partials[at + REC_FORWARDNONFINITE], partials[at + REC_ZEROCOUNT], partials[at + REC_DEADCOUNT]);
    } else {
      a = vec3<f32>(word_f(at + REC_DELTASCALE), word_f(at + REC_DELTASSQ), 0.0);
      c = vec3<u32>(partials[at + REC_DELTAINF], partials[at + REC_DELTANAN], partials[at + REC_FPRIMEZEROCOUNT]);
      f = word_f(at + REC_SUMABSFPRIME);
    }
  }
  if (P.phase == 1u && P.hasWgrad != 0u && li < P.wgradGroups) {
    b = vec3<f32>(word_f(at + REC_WGRADSCALE), word_f(at + REC_WGRADSSQ), 0.0);
  }
  redA[li] = a;
  redB[li] = b;
  redC[li] = c;
  redF[li] = f;
  for (var stride = MAX_STAT_GROUPS / 2u; stride > 0u; stride = stride / 2u) {
    workgroupBarrier();
    if (li < stride) {
      redA[li] = ss_merge(redA[li], redA[li + stride]);
      redB[li] = ss_merge(redB[li], redB[li + stride]);
      redC[li] = redC[li] + redC[li + stride];
      redF[li] = redF[li] + redF[li + stride];
    }
  }
  if (li == 0u) {
    let out = (P.resultOffset + wg.x) * REC_WORDS;
    if (P.phase == 0u) {
      results[out + REC_PREACTSCALE] = bitcast<u32>(redA[0].x);
      results[out + REC_PREACTSSQ] = bitcast<u32>(redA[0].y);
      results[out + REC_PREACTSUM] = bitcast<u32>(redA[0].z);
      results[out + REC_ACTSCALE] = bitcast<u32>(redB[0].x);
      results[out + REC_ACTSSQ] = bitcast<u32>(redB[0].y);
      results[out + REC_FORWARDNONFINITE] = redC[0].x;
      results[out + REC_ZEROCOUNT] = redC[0].y;
      results[out + REC_DEADCOUNT] = redC[0].z;
    } else {
      results[out + REC_DELTASCALE] = bitcast<u32>(redA[0].x);
      results[out + REC_DELTASSQ] = bitcast<u32>(redA[0].y);
      results[out + REC_DELTAINF] = redC[0].x;
      results[out + REC_DELTANAN] = redC[0].y;
      results[out + REC_SUMABSFPRIME] = bitcast<u32>(redF[0]);
      results[out + REC_FPRIMEZEROCOUNT] = redC[0].z;
      results[out + REC_WGRADSCALE] = bitcast<u32>(redB[0].x);
      results[out + REC_WGRADSSQ] = bitcast<u32>(redB[0].y);
    }
  }
}
