// Exact power-of-two rescaling (not a kernel itself): the WGSL side of src/sim/exponent.ts, which
// says why. SCALE_EXP_MAX is injected from there.

// |x| as bits: for non-negative floats the IEEE order is the u32 order, so a u32 max of these bits
// is a float max (NaN sorts above Inf).
fn abs_bits(x: f32) -> u32 {
  return bitcast<u32>(x) & 0x7fffffffu;
}

// k of a layer whose max |x| has these bits: the binary exponent clamped to ±SCALE_EXP_MAX; 0 for 0,
// subnormals, Inf and NaN (scaleExponent in src/sim/exponent.ts).
fn scale_exponent(bits: u32) -> i32 {
  let field = i32((bits >> 23u) & 0xffu);
  if (field == 0 || field == 255) { return 0; }
  return clamp(field - 127, -SCALE_EXP_MAX, SCALE_EXP_MAX);
}

// 2^e for |e| ≤ SCALE_EXP_MAX, built from its bits: a normal float, exact.
fn pow2(e: i32) -> f32 {
  return bitcast<f32>(u32(e + 127) << 23u);
}

// x · 2^e in steps of at most 2^±SCALE_EXP_MAX (mulPow2F32 in src/sim/exponent.ts).
fn mul_pow2(x: f32, e: i32) -> f32 {
  var y = x;
  var r = clamp(e, -400, 400);
  loop {
    if (r <= SCALE_EXP_MAX && r >= -SCALE_EXP_MAX) { break; }
    let step = select(-SCALE_EXP_MAX, SCALE_EXP_MAX, r > 0);
    y = y * pow2(step);
    r = r - step;
  }
  return y * pow2(r);
}
