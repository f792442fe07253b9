/**
 * Where `--engine webgpu` runs, chosen once per command: in this process through Dawn's Node
 * binding when it loads and finds an adapter, otherwise in headless Chromium. Both run the same
 * WGSL engine through the same headless API, on one device for the whole command. Results name
 * the path in `engine.via`; stderr gets one line: which path and why (after the run), or the error.
 *
 * DELTASCOPE_WEBGPU=dawn or =chromium forces a path (the tests run both); unset or `auto` chooses.
 */
import { isSetupError } from '../cli/cli-errors';
import { TUNE_MODES, type TuneMode } from '../gpu/tune-options';
import { WebGpuUnavailableError, type GpuContext } from '../gpu/device';
import type { HeadlessGpu } from '../headless/api';
import type { HeadlessApi } from '../headless/protocol';
import { ConfigError } from '../sim/config';
import { adapterLabel, type EngineInfo } from '../sim/stats';

export const WEBGPU_PATHS = ['auto', 'dawn', 'chromium'] as const satisfies readonly (NonNullable<EngineInfo['via']> | 'auto')[];
export type WebGpuVia = NonNullable<EngineInfo['via']>;

export interface WebGpuHost extends HeadlessApi {
  readonly via: WebGpuVia;
  /** Which path and why, in words. */
  readonly how: string;
  /** On the Chromium fallback, why not Dawn: added to the setup errors of this path. */
  readonly dawnUnavailable?: string;
  /** In-process Dawn only: its entry point and the device (the benchmark lends both to tfjs's webgpu backend). */
  readonly dawn?: { gpu: GPU; context: () => Promise<GpuContext> };
  close(): Promise<void>;
}

/** The one line then tells both: why not Dawn, and what failed with Chromium. */
function alsoWhyNotDawn(e: unknown, dawnUnavailable: string | undefined): unknown {
  if (dawnUnavailable && isSetupError(e)) e.message = `${e.message} (${dawnUnavailable})`;
  return e;
}

function requestedPath(): (typeof WEBGPU_PATHS)[number] {
  const v = (process.env.DELTASCOPE_WEBGPU ?? 'auto').trim().toLowerCase() || 'auto';
  if (!(WEBGPU_PATHS as readonly string[]).includes(v)) {
    throw new ConfigError(`DELTASCOPE_WEBGPU must be one of ${WEBGPU_PATHS.join(', ')} (got '${process.env.DELTASCOPE_WEBGPU}')`);
  }
  return v as (typeof WEBGPU_PATHS)[number];
}

/** Every result names the path it ran on. */
function naming(api: HeadlessApi, via: WebGpuVia): HeadlessApi {
  const withVia = <T extends { engine: EngineInfo }>(r: T): T => ({ ...r, engine: { ...r.engine, via } });
  return {
    ...api,
    run: async (config, opts) => withVia(await api.run(config, opts)),
    train: async (config, opts) => {
      const out = await api.train(config, opts);
      return { ...out, result: withVia(out.result) };
    },
  };
}

/**
 * The fault hook of the tests: DELTASCOPE_FAULT=device-lost@F destroys the in-process device, as a
 * crash of the GPU or its driver would, once a run has done the fraction F (0 … 1) of its work.
 */
function withFault(api: HeadlessGpu): HeadlessApi {
  const fault = /^device-lost@([\d.]+)$/.exec(process.env.DELTASCOPE_FAULT ?? '');
  if (!fault) return api;
  const at = Number(fault[1]);
  let lost = false;
  return {
    ...api,
    run: (config, opts = {}) => api.run(config, {
      ...opts,
      onProgress: (p) => {
        if (!lost && p.fraction >= at) {
          lost = true;
          void api.loseDevice();
        }
        opts.onProgress?.(p);
      },
    }),
  };
}

/** DELTASCOPE_AUTOTUNE: how the in-process engine chooses its matmul variants (src/gpu/autotune.ts). */
function requestedTuning(): TuneMode {
  const v = (process.env.DELTASCOPE_AUTOTUNE ?? 'auto').trim().toLowerCase() || 'auto';
  if (!(TUNE_MODES as readonly string[]).includes(v)) {
    throw new ConfigError(`DELTASCOPE_AUTOTUNE must be one of ${TUNE_MODES.join(', ')} (got '${process.env.DELTASCOPE_AUTOTUNE}')`);
  }
  return v as TuneMode;
}

/**
 * Opens the WebGPU engine: Dawn in this process when it can, else headless Chromium. `tune` (else
 * DELTASCOPE_AUTOTUNE) says whether Dawn's engine times the matmul variants, cached in a file
 * (src/node/tune-store.ts); the Chromium page tunes by its own rule, cached in its localStorage.
 */
export async function openWebGpu(opts: { tune?: TuneMode } = {}): Promise<WebGpuHost> {
  const path = requestedPath();
  const mode = opts.tune ?? requestedTuning();
  let dawnUnavailable: string | undefined;
  if (path !== 'chromium') {
    const { loadDawn } = await import('./dawn');
    const dawn = await loadDawn();
    if ('gpu' in dawn) {
      const { registerRawImports } = await import('./raw-imports');
      registerRawImports();
      const { createHeadlessApi } = await import('../headless/api');
      const { fileTuneStore } = await import('./tune-store');
      const api = createHeadlessApi(dawn.gpu, { tune: { mode, store: fileTuneStore() } });
      const how = `WebGPU in this process through Dawn · ${adapterLabel(dawn.adapter)}`;
      return { ...naming(withFault(api), 'dawn'), via: 'dawn', how, dawn: { gpu: dawn.gpu, context: api.context }, close: () => api.dispose() };
    }
    if (path === 'dawn') throw new WebGpuUnavailableError(`DELTASCOPE_WEBGPU=dawn, but ${dawn.reason}`);
    dawnUnavailable = `in-process Dawn is unavailable: ${dawn.reason}`;
  }
  const { openChromiumGpu } = await import('./chromium');
  const chromium = await openChromiumGpu().catch((e: unknown) => {
    throw alsoWhyNotDawn(e, dawnUnavailable);
  });
  const how = `WebGPU through headless Chromium (${dawnUnavailable ?? 'DELTASCOPE_WEBGPU=chromium'})`;
  return { ...naming(chromium.api, 'chromium'), via: 'chromium', how, dawnUnavailable, close: chromium.close };
}

/**
 * Runs `body` on the WebGPU engine and releases it (device, or browser and server) afterwards;
 * when it succeeds, `tool: <which path and why>` goes to stderr.
 */
export async function withWebGpu<T>(tool: string, body: (gpu: WebGpuHost) => Promise<T>, opts: { tune?: TuneMode } = {}): Promise<T> {
  const gpu = await openWebGpu(opts);
  try {
    const result = await body(gpu);
    process.stderr.write(`${tool}: ${gpu.how}\n`);
    return result;
  } catch (e) {
    // Chromium without an adapter, for instance.
    throw alsoWhyNotDawn(e, gpu.dawnUnavailable);
  } finally {
    await gpu.close();
  }
}
