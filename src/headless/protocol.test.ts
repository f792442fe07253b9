/**
 * The headless protocol carries what JSON cannot: NaN, ±Infinity and typed arrays in any field,
 * nested anywhere, come back identical after a JSON round trip (what page.evaluate does), and an
 * error comes back as its class name and message.
 */
import { describe, expect, test } from 'vitest';
import { ConfigError } from '../sim/config';
import { RemoteError, answer, decode, encode, unwrap, type Wire } from './protocol';

/** What crossing page.evaluate does to a value: JSON out and back. */
const viaJson = (w: Wire): Wire => JSON.parse(JSON.stringify(w)) as Wire;

describe('values cross as they are', () => {
  test('non-finite numbers in any field, at any depth', () => {
    const value = {
      loss: NaN, top: Infinity, bottom: -Infinity, zero: 0, tiny: 5e-324, big: -1.7976931348623157e308,
      nested: { list: [1, NaN, { deep: -Infinity }], text: 'NaN', flag: false, none: null },
    };
    const back = decode(viaJson(encode(value))) as typeof value;
    expect(back).toEqual(value);
    expect(Number.isNaN(back.loss)).toBe(true);
    expect(back.nested.list[1]).toBeNaN();
    // A string that reads like a number stays a string.
    expect(back.nested.text).toBe('NaN');
  });

  test('typed arrays keep their type and every bit, NaN and Inf inside included', () => {
    const f = new Float32Array([1.5, NaN, -Infinity, 3.4028234663852886e38, 1e-45, -0]);
    const u = new Uint32Array([0, 1, 0xffffffff]);
    const offset = new Float64Array([9, 8, 7, 6]).subarray(1, 3);
    const back = decode(viaJson(encode({ runs: [{ details: { f, u } }], offset }))) as { runs: { details: { f: Float32Array; u: Uint32Array } }[]; offset: Float64Array };
    const got = back.runs[0].details;
    expect(got.f).toBeInstanceOf(Float32Array);
    expect(got.u).toBeInstanceOf(Uint32Array);
    expect(new Uint32Array(got.f.buffer)).toEqual(new Uint32Array(f.buffer));
    expect(Array.from(got.u)).toEqual([0, 1, 0xffffffff]);
    expect(Array.from(back.offset)).toEqual([8, 7]);
  });

  test('a large typed array crosses exactly', () => {
    const big = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i) * 10 ** (i % 30));
    const back = decode(viaJson(encode(big))) as Float32Array;
    expect(back.length).toBe(big.length);
    const [got, want] = [new Uint32Array(back.buffer), new Uint32Array(big.buffer)];
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) differing++;
    expect(differing).toBe(0);
  });

  test('undefined fields and functions are left out, as JSON would', () => {
    expect(decode(viaJson(encode({ a: undefined, b: () => 1, c: 2 })))).toEqual({ c: 2 });
  });
});

describe('outcomes', () => {
  test('a value', async () => {
    const out = await answer(async () => ({ deltaRms: NaN }));
    expect(out.ok).toBe(true);
    expect((unwrap(viaJson(out as unknown as Wire) as never) as { deltaRms: number }).deltaRms).toBeNaN();
  });

  test('an error keeps its class name and message', async () => {
    const out = await answer(async () => { throw new ConfigError('width 0 is too small'); });
    expect(out).toEqual({ ok: false, error: { name: 'ConfigError', message: 'width 0 is too small' } });
    let thrown: unknown;
    try {
      unwrap(out);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RemoteError);
    expect((thrown as Error).name).toBe('ConfigError');
    expect((thrown as Error).message).toBe('width 0 is too small');
  });
});
