// The simulation's exponent carrying for a matmul kernel (not a kernel itself; src/gpu/includes.ts
// SCALES declares its binding and uniform fields; src/sim/exponent.ts says why). `scales` holds, per
// run and layer, the bits of max |h̃| and |δ̃| and the exponents F and E as i32 bits; the kernel
// gets the words it reads and writes as P.maxIn, P.expIn, P.maxOut, P.expOut.
// P.scaleMode: SCALE_IN multiplies the loaded input by 2^−k (k from the max at P.maxIn) and carries
// the exponent (out = in + k); SCALE_TRACK reduces max |output| into P.maxOut.
// The training kernels use the same kernels with UNSCALED (src/gpu/includes.ts) instead.
var<workgroup> wg_max: atomic<u32>;
var<private> local_max: u32 = 0u;

// Called first by every invocation: workgroup memory is not zero-filled on every path (README).
fn begin_scales(li: u32) {
  if (li == 0u) { atomicStore(&wg_max, 0u); }
}

fn scale_k() -> i32 {
  return scale_exponent(atomicLoad(&scales[P.maxIn]));
}

// The factor each loaded input is multiplied by.
fn scale_in() -> f32 {
  if ((P.scaleMode & SCALE_IN) == 0u) { return 1.0; }
  return pow2(-scale_k());
}

fn track_out(x: f32) {
  if ((P.scaleMode & SCALE_TRACK) != 0u) { local_max = max(local_max, abs_bits(x)); }
}

// Called by every invocation after its outputs: one atomicMax per workgroup, and the first
// invocation of the grid writes the output's exponent.
fn publish_scales(li: u32, first: bool) {
  if ((P.scaleMode & SCALE_TRACK) != 0u) {
    workgroupBarrier();
    atomicMax(&wg_max, local_max);
    workgroupBarrier();
    if (li == 0u) { atomicMax(&scales[P.maxOut], atomicLoad(&wg_max)); }
  }
  if (first && (P.scaleMode & SCALE_IN) != 0u) {
    atomicStore(&scales[P.expOut], bitcast<u32>(bitcast<i32>(atomicLoad(&scales[P.expIn])) + scale_k()));
  }
}
