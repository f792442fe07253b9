// The forward epilogue of forward.wgsl and norm_forward.wgsl (not a kernel itself; activationEpilogue
// in src/sim/layers.ts): h = f(s) with unit col's activation, or h = h_{l−1} + α·f(s) with the
// residual stream (P.alpha > 0; the kernel gives h_{l−1} as stream_in(at)); written to hOut, and to
// the h store at P.hOffset when a residual net's weight gradients need every h_l (P.storeH).
// src/gpu/includes.ts EPILOGUE declares its uniform fields and the h store's binding.
fn forward_epilogue(at: u32, col: u32, s: f32) -> f32 {
  var h = unit_f(col, s);
  if (P.alpha > 0.0) { h = stream_in(at) + P.alpha * h; }
  hOut[at] = h;
  if (P.storeH != 0u) { hStore[P.hOffset + at] = h; }
  return h;
}
