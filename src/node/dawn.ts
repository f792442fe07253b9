/**
 * WebGPU in this Node process through Dawn's Node binding (npm package `webgpu`). `loadDawn` answers
 * Dawn's GPU when the binding loads and finds an adapter, or the one-line reason why not (the CLI
 * then falls back to headless Chromium).
 *
 * On Linux Dawn drives Vulkan: it needs the Vulkan loader libvulkan.so.1 (Debian package libvulkan1)
 * and a Vulkan driver. Without GPU hardware or without a registered driver, the SwiftShader driver
 * that Chromium ships gives a software adapter: VK_ICD_FILENAMES (read by the loader when Dawn
 * starts) points the loader at it. A VK_ICD_FILENAMES or VK_DRIVER_FILES already set is respected.
 */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter } from 'node:path';
import { describeAdapter } from '../gpu/device';
import type { AdapterInfo } from '../sim/stats';

/** SwiftShader's Vulkan driver manifest as Chromium and Chrome packages install it. */
export const SWIFTSHADER_ICDS = [
  '/usr/lib/chromium/vk_swiftshader_icd.json',
  '/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/snap/chromium/current/usr/lib/chromium-browser/vk_swiftshader_icd.json',
  '/opt/google/chrome/vk_swiftshader_icd.json',
];

/** Where Vulkan drivers register themselves (the loader's search path for manifests). */
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/**
 * Dawn's instance toggles. Zero-initialising workgroup memory (a WebGPU guarantee Dawn implements
 * by adding a fill loop to every kernel) triples SwiftShader's pipeline compile time, and the
 * engine's kernels never need it: every one writes its workgroup memory before reading it (tile
 * loaders fill whole tiles, reductions one slot per invocation). A new kernel must do the same.
 */
const DAWN_FLAGS = ['enable-dawn-features=disable_workgroup_init'];

export type DawnLoad = { gpu: GPU; adapter: AdapterInfo } | { reason: string };

/** True when the dynamic linker cannot find libvulkan.so.1 (Linux), checked without loading Dawn. */
export function vulkanLoaderMissing(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // Not a Node addon, so this always throws; the message tells whether the linker found the file.
    process.dlopen({ exports: {} }, 'libvulkan.so.1');
  } catch (e) {
    return /cannot open shared object file/.test((e as Error).message);
  }
  return false;
}

function listed(dir: string, match: (name: string) => boolean): boolean {
  return existsSync(dir) && readdirSync(dir).some(match);
}

/**
 * Whether the registered Vulkan drivers are worth trying: some are registered, and there is GPU
 * hardware for them (a DRM render node or an NVIDIA device). Otherwise they can only fail (noisily,
 * on stderr, from native code) or be a software rasterizer, and SwiftShader is used instead.
 */
function hardwareDriversUsable(): boolean {
  if (process.platform !== 'linux') return true;
  const registered = ICD_DIRS.some((dir) => listed(dir, (f) => f.endsWith('.json')));
  const hardware = existsSync('/dev/nvidia0') || listed('/dev/dri', (f) => f.startsWith('renderD'));
  return registered && hardware;
}

let loaded: Promise<DawnLoad> | null = null;

/**
 * Dawn's GPU for this process, loaded once: the Vulkan loader and the driver it picked stay in the
 * process, so a second instance could only repeat (and a batch of commands would multiply its threads).
 */
export function loadDawn(): Promise<DawnLoad> {
  loaded ??= loadDawnOnce();
  return loaded;
}

async function loadDawnOnce(): Promise<DawnLoad> {
  // Dawn would print its own multi-line warning without the loader: say it in one line instead.
  if (vulkanLoaderMissing()) {
    return { reason: 'the Vulkan loader libvulkan.so.1 is not installed; on Debian/Ubuntu it is the package libvulkan1' };
  }
  let binding: typeof import('webgpu');
  try {
    binding = await import('webgpu');
  } catch (e) {
    return { reason: `the webgpu package (Dawn's Node binding) did not load: ${(e as Error).message.split('\n')[0]}` };
  }
  Object.assign(globalThis, binding.globals);
  const swiftshader = SWIFTSHADER_ICDS.find((p) => existsSync(p));
  const chosenBy = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES'].find((name) => process.env[name]);
  const userChoice = chosenBy && process.env[chosenBy];
  // Manifests that do not exist: Dawn would only print the loader's warnings.
  if (userChoice && !userChoice.split(delimiter).some((p) => existsSync(p))) {
    return { reason: `no Vulkan driver manifest exists at ${chosenBy}=${userChoice}` };
  }
  if (!userChoice && swiftshader && !hardwareDriversUsable()) process.env.VK_ICD_FILENAMES = swiftshader;
  let found = await firstAdapter(binding.create);
  // A hardware driver that gave no adapter (a GPU the driver does not support): SwiftShader then.
  if (!found && !userChoice && swiftshader && process.env.VK_ICD_FILENAMES !== swiftshader) {
    process.env.VK_ICD_FILENAMES = swiftshader;
    found = await firstAdapter(binding.create);
  }
  if (!found) {
    const tried = process.env.VK_ICD_FILENAMES ? `the Vulkan driver in VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}` : 'a Vulkan driver';
    return { reason: `Dawn found no WebGPU adapter through ${tried}${swiftshader ? '' : " (Chromium's SwiftShader driver, vk_swiftshader_icd.json, was not found either)"}` };
  }
  return found;
}

async function firstAdapter(create: (flags: string[]) => GPU): Promise<{ gpu: GPU; adapter: AdapterInfo } | null> {
  const gpu = create(DAWN_FLAGS);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  return adapter ? { gpu, adapter: describeAdapter(adapter) } : null;
}
