/**
 * The simulation's statistics record on the GPU (laid out from LAYER_ACCUMULATORS): each statistics
 * kernel writes one partial record per workgroup into `partials` (MAX_STAT_GROUPS records per layer
 * of a command buffer), and reduce.wgsl merges them into the layer's record of `results`.
 */
import { LAYER_ACCUMULATORS, type LayerProducer } from '../sim/stats';
import type { Include } from './kernel';
import { recordLayout, recordInclude } from './stat-record';

export const LAYER_RECORD = recordLayout(LAYER_ACCUMULATORS);

/** Partial records per layer at most: the reduce kernel's workgroup size (a power of two). */
export const MAX_STAT_GROUPS = 64;
/** Invocations per workgroup of forward_stats and backward_stats (a power of two). */
export const STATS_WG = 64;

const GROUPS: Include<never, never> = { name: 'stat groups', wgsl: `const MAX_STAT_GROUPS: u32 = ${MAX_STAT_GROUPS}u;` };

/**
 * A producer's part of the layer record: stored to `partials` (the statistics kernels, reduced over
 * `threads` invocations) or, with `reduce`, loaded from `partials` and stored to `results`.
 */
export function layerRecord<S extends string, L extends string = never>(producer: LayerProducer, threads: string, io: { store: S; load?: L }): Include<never, S | L> {
  const inc = recordInclude(LAYER_RECORD, 'layer statistics', { producer, threads, ...io });
  return { ...inc, needs: [...(inc.needs ?? []), GROUPS] };
}

/** The part of the layer record a statistics kernel writes, one partial record per workgroup. */
export function partialRecord(producer: LayerProducer, threads = 'STATS_WG'): Include<never, 'partials'> {
  return layerRecord(producer, threads, { store: 'partials' });
}
