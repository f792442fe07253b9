// Weight access shared by forward.wgsl and backward.wgsl (not a kernel itself).
// W_l is [nOut][nIn] row-major. Stored mode reads the bound chunk at P.wOffset (a multiple of 4
// floats); regenerate mode recomputes each element from the generator, so no weight buffer is needed.
// The mode is a pipeline constant, not a uniform: a software backend (SwiftShader) otherwise pays
// for the generator's code on every load even when the branch is never taken.
@group(0) @binding(1) var<storage, read> W4: array<vec4<f32>>;
override REGENERATE_WEIGHTS: bool = false;

fn w_at(idx: u32) -> f32 {
  if (!REGENERATE_WEIGHTS) {
    let g = P.wOffset + idx;
    return W4[g >> 2u][g & 3u];
  }
  return gen_value(P.wDist, P.wKey, idx, P.wScale);
}

// Four consecutive weights starting at idx (a multiple of 4 when the row length is).
fn w_vec4(idx: u32) -> vec4<f32> {
  if (!REGENERATE_WEIGHTS) {
    return W4[(P.wOffset + idx) >> 2u];
  }
  return vec4<f32>(
    gen_value(P.wDist, P.wKey, idx, P.wScale), gen_value(P.wDist, P.wKey, idx + 1u, P.wScale),
    gen_value(P.wDist, P.wKey, idx + 2u, P.wScale), gen_value(P.wDist, P.wKey, idx + 3u, P.wScale));
}
