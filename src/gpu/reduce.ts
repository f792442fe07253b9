/** Typed wrapper of shaders/reduce.wgsl: merges one producer's partial records into one result record per layer. */
import code from '../../shaders/reduce.wgsl?raw';
import type { LayerProducer } from '../sim/stats';
import { defineKernel } from './kernel';
import { layerRecord } from './stat-partials';

/** The reduce pipeline of one producer's fields; `groups` partial records per layer, written at record resultOffset + layer. */
export function reduceKernel(producer: LayerProducer) {
  const record = layerRecord(producer, 'MAX_STAT_GROUPS', { load: 'partials', store: 'results' });
  return defineKernel({ label: `reduce ${producer}`, code, uniform: [['groups', 'u32'], ['resultOffset', 'u32']], includes: [record] });
}
