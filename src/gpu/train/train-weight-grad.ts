/** Typed wrapper of shaders/train_weight_grad.wgsl: ∂L/∂W and ∂L/∂b of one layer as one tiled matmul. */
import code from '../../../shaders/train_weight_grad.wgsl?raw';
import { defineKernel } from '../kernel';

export const trainWeightGradKernel = defineKernel({
  label: 'train_weight_grad',
  code,
  uniform: [['rows', 'u32'], ['nIn', 'u32'], ['nOut', 'u32'], ['offW', 'u32'], ['offB', 'u32'], ['scale', 'f32'], ['noBias', 'u32']],
  bindings: { D: ['read', 'f32'], Hb: ['read', 'f32'], G: ['rw', 'f32'] },
  overrides: { WG: 16 },
});

/** Workgroups for a layer: WG × WG tiles over nOut rows × (nIn + 1) columns (the last is the bias). */
export function trainWeightGradGrid(wg: number, nIn: number, nOut: number): [number, number] {
  return [Math.ceil((nIn + 1) / wg), Math.ceil(nOut / wg)];
}
