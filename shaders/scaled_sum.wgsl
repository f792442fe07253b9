// Helpers shared by the statistics kernels (not a kernel itself).
// A scaled sum is vec3(scale, ssq, sum): scale = max |x| seen, ssq = Σ (x/scale)², sum = Σ x/scale,
// the same representation as ScaledSum in src/sim/stats.ts, so huge δ do not overflow when squared.

// Inf/NaN tests on the bits: WGSL lets compilers assume floats are finite, so x != x is not reliable.
fn is_finite_f32(x: f32) -> bool {
  return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u;
}
fn is_nan_f32(x: f32) -> bool {
  let b = bitcast<u32>(x);
  return (b & 0x7f800000u) == 0x7f800000u && (b & 0x007fffffu) != 0u;
}

fn ss_add(acc: vec3<f32>, x: f32) -> vec3<f32> {
  let a = abs(x);
  if (a > acc.x) {
    let r = acc.x / a;
    return vec3<f32>(a, 1.0 + acc.y * r * r, acc.z * r + sign(x));
  }
  if (a > 0.0) {
    let r = x / acc.x;
    return vec3<f32>(acc.x, acc.y + r * r, acc.z + r);
  }
  return acc;
}

fn ss_merge(p: vec3<f32>, q: vec3<f32>) -> vec3<f32> {
  if (p.x >= q.x) {
    if (p.x == 0.0) { return vec3<f32>(0.0); }
    let r = q.x / p.x;
    return vec3<f32>(p.x, p.y + q.y * r * r, p.z + q.z * r);
  }
  let r = p.x / q.x;
  return vec3<f32>(q.x, q.y + p.y * r * r, q.z + p.z * r);
}

// |f′| histogram bin, the same binning as fprimeBin() in src/sim/stats.ts (constants injected from there).
fn fprime_bin(df: f32) -> u32 {
  let a = abs(df);
  if (!(a > 0.0) || !is_finite_f32(a)) { return 0u; }
  let lg = log2(a) * 0.30102999566398120;
  let t = (lg - FPRIME_LOG_MIN) / (FPRIME_LOG_MAX - FPRIME_LOG_MIN);
  let k = floor(t * f32(FPRIME_BINS - 1u));
  return 1u + u32(clamp(k, 0.0, f32(FPRIME_BINS - 2u)));
}

