/**
 * One check of the CPU kernels for the tests, the same in Node, in a page and in a worker: the three
 * products on one shape with inputs from the integer hash (no Math.log/cos, so every JavaScript
 * engine makes the same floats), then a large product so the workers take tiles, and a fill of
 * normal values against the TypeScript generator of the same realm (their Math.log and Math.cos are
 * the realm's). Values travel as plain numbers, which hold float32 exactly.
 */
import { fillNormal, fillUniform, Stream, streamKey } from '../sim/generator';
import { createCpuKernels, type CpuKernelsInfo, type LayerShape } from './kernels';

export interface CheckSpec {
  shape: LayerShape;
  threads?: number;
  relaxedSimd?: boolean;
}

export interface CheckResult {
  info: CpuKernelsInfo;
  inputs: { h: number[]; w: number[]; bias: number[]; d: number[] };
  outputs: { s: number[]; g: number[]; gw: number[] };
  /** Values of a 40 000-value fill (on several threads where there are) that differ from fillNormal's bits. */
  fillMismatches: number;
}

export const SCALE = 0.25;

export async function cpuKernelsCheck({ shape, threads, relaxedSimd }: CheckSpec): Promise<CheckResult> {
  const k = await createCpuKernels({ ...(threads === undefined ? {} : { threads }), ...(relaxedSimd === undefined ? {} : { relaxedSimd }) });
  const { batch, nIn, nOut } = shape;
  const uniform = (floats: number, stream: number) => fillUniform(k.alloc(floats), streamKey(7, stream, 0), 1);
  const h = uniform(batch * nIn, Stream.input);
  const w = uniform(nOut * nIn, Stream.weight);
  const bias = uniform(nOut, Stream.bias);
  const d = uniform(batch * nOut, Stream.topDelta);
  const s = k.alloc(batch * nOut);
  const g = k.alloc(batch * nIn);
  const gw = k.alloc(nOut * nIn);
  k.forward(s, h, w, bias, shape);
  k.backward(g, d, w, shape);
  k.weightGrad(gw, d, h, SCALE, shape);

  const big = { batch: 256, nIn: 512, nOut: 512 };
  k.forward(k.alloc(big.batch * big.nOut), k.alloc(big.batch * big.nIn), k.alloc(big.nOut * big.nIn), null, big);
  const fill = k.alloc(40_000);
  const fillSpec = { dist: 'normal', key: streamKey(7, Stream.weight, 3), scale: 0.7, offset: 5 } as const;
  k.fill(fill, fillSpec);
  const want = fillNormal(new Float32Array(fill.length), fillSpec.key, fillSpec.scale, fillSpec.offset);
  const result: CheckResult = {
    info: k.info(),
    inputs: { h: [...h], w: [...w], bias: [...bias], d: [...d] },
    outputs: { s: [...s], g: [...g], gw: [...gw] },
    fillMismatches: want.reduce((n, x, i) => n + (Object.is(x, fill[i]) ? 0 : 1), 0),
  };
  k.dispose();
  return result;
}
