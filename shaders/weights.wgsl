// Weight access shared by forward.wgsl and backward.wgsl (not a kernel itself; src/gpu/includes.ts
// WEIGHTS declares its binding `weights` and uniform fields). W_l is [nOut][nIn] row-major. Stored
// mode reads the bound chunk at P.wOffset (a multiple of 4 floats); regenerate mode recomputes each
// element from the generator, so no weight buffer is needed. The mode is a pipeline constant, not a
// uniform: a software backend (SwiftShader) otherwise pays for the generator's code on every load
// even when the branch is never taken.
override REGENERATE_WEIGHTS: bool;

fn w_at(idx: u32) -> f32 {
  if (!REGENERATE_WEIGHTS) {
    let g = P.wOffset + idx;
    return weights[g >> 2u][g & 3u];
  }
  return gen_value(P.wDist, P.wKey, idx, P.wScale);
}

// Four consecutive weights starting at idx (a multiple of 4 when the row length is).
fn w_vec4(idx: u32) -> vec4<f32> {
  if (!REGENERATE_WEIGHTS) {
    return weights[(P.wOffset + idx) >> 2u];
  }
  return vec4<f32>(
    gen_value(P.wDist, P.wKey, idx, P.wScale), gen_value(P.wDist, P.wKey, idx + 1u, P.wScale),
    gen_value(P.wDist, P.wKey, idx + 2u, P.wScale), gen_value(P.wDist, P.wKey, idx + 3u, P.wScale));
}

// W[row][col .. col+3] for a tile loader: zero outside the nOut × nIn matrix, one vec4 load when
// rows are 16-byte aligned (nIn % 4 == 0), else element by element up to the row's end.
fn w_row4(row: u32, col: u32, nIn: u32, nOut: u32) -> vec4<f32> {
  var v = vec4<f32>(0.0);
  if (row < nOut && col < nIn) {
    let base = row * nIn + col;
    if ((nIn & 3u) == 0u) {
      v = w_vec4(base);
    } else {
      for (var c = 0u; c < 4u; c++) {
        if (col + c < nIn) { v[c] = w_at(base + c); }
      }
    }
  }
  return v;
}
