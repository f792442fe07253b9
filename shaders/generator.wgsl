// WGSL port of src/sim/generator.ts: the counter-based generator, bit for bit in its integer part.
// All integer arithmetic wraps at 32 bits exactly like Math.imul / >>> 0 on the CPU.
// The distribution ids DIST_* are generated from DIST in src/gpu/includes.ts.

// lowbias32 (Wellons, "Prospecting for Hash Functions").
fn hash32(v: u32) -> u32 {
  var x = v;
  x = x ^ (x >> 16u);
  x = x * 0x7feb352du;
  x = x ^ (x >> 15u);
  x = x * 0x846ca68bu;
  x = x ^ (x >> 16u);
  return x;
}

// Raw bits for counter `index` under a stream key (the key comes from the host's streamKey()).
fn gen_bits(key: u32, index: u32) -> u32 {
  return hash32(hash32(index) + key);
}

// Uniform in (0, 1) from the top 23 bits: (k + 0.5)·2^-23 is exact in f32, equal to the CPU value.
fn gen_unit(key: u32, index: u32) -> f32 {
  return (f32(gen_bits(key, index) >> 9u) + 0.5) * (1.0 / 8388608.0);
}

// cos(2πu) for u in (0, 1) with a quadrant reduction and short Taylor series on [-π/4, π/4]:
// WGSL's built-in cos only promises 2^-11 absolute error, far from the CPU's float64 value.
fn gen_cos_2pi(u: f32) -> f32 {
  let t = u - round(u);              // [-0.5, 0.5], exact
  let q = round(4.0 * t);            // quadrant, -2..2
  let a = 6.2831853071795864 * (t - 0.25 * q); // [-π/4, π/4]
  let a2 = a * a;
  let c = 1.0 + a2 * (-0.5 + a2 * (1.0 / 24.0 + a2 * (-1.0 / 720.0 + a2 * (1.0 / 40320.0))));
  let s = a * (1.0 + a2 * (-1.0 / 6.0 + a2 * (1.0 / 120.0 + a2 * (-1.0 / 5040.0 + a2 * (1.0 / 362880.0)))));
  let qi = (i32(q) + 4) % 4;
  switch qi {
    case 0: { return c; }
    case 1: { return -s; }
    case 2: { return -c; }
    default: { return s; }
  }
}

// ln(u) for u in (0, 1). WGSL's log only promises 2^-21 absolute error on [0.5, 2], which is a large
// relative error near u = 1 (where -2 ln u is tiny); there we use 2·atanh((u-1)/(u+1)) as a series
// (u - 1 is exact there). Below 0.5 the built-in's 3 ULP bound applies.
fn gen_log_unit(u: f32) -> f32 {
  if (u < 0.5) { return log(u); }
  let z = (u - 1.0) / (u + 1.0);   // |z| <= 1/3
  let z2 = z * z;
  let poly = 1.0 + z2 * (1.0 / 3.0 + z2 * (1.0 / 5.0 + z2 * (1.0 / 7.0 + z2 * (1.0 / 9.0 + z2 * (1.0 / 11.0 + z2 * (1.0 / 13.0 + z2 * (1.0 / 15.0)))))));
  return 2.0 * z * poly;
}

// Standard normal by Box–Muller from counters 2·index and 2·index + 1 (same pairing as the CPU).
fn gen_normal(key: u32, index: u32) -> f32 {
  let u1 = gen_unit(key, 2u * index);
  let u2 = gen_unit(key, 2u * index + 1u);
  return sqrt(-2.0 * gen_log_unit(u1)) * gen_cos_2pi(u2);
}

// One element of a generated tensor: N(0, scale²), U(-scale, scale) or 0.
fn gen_value(dist: u32, key: u32, index: u32, scale: f32) -> f32 {
  if (dist == DIST_NORMAL) { return scale * gen_normal(key, index); }
  if (dist == DIST_UNIFORM) { return (2.0 * gen_unit(key, index) - 1.0) * scale; }
  return 0.0;
}
