/**
 * One check of the CPU kernels for the tests, the same in Node, in a page and in a worker: the three
 * products on one shape with inputs from the integer hash (no Math.log/cos, so every JavaScript
 * engine makes the same floats), then a large product so the workers take tiles. Values travel as
 * plain numbers, which hold float32 exactly.
 */
import { fillUniform, Stream, streamKey } from '../sim/generator';
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
  const result: CheckResult = {
    info: k.info(),
    inputs: { h: [...h], w: [...w], bias: [...bias], d: [...d] },
    outputs: { s: [...s], g: [...g], gw: [...gw] },
  };
  k.dispose();
  return result;
}
