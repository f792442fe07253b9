/**
 * Run by `npm test` before the browser tests: makes sure a browser exists, and the Vulkan loader
 * that in-process WebGPU (Dawn) needs. On a Debian/Ubuntu machine as root it installs what is
 * missing: Debian's `chromium` (which ships SwiftShader, so WebGPU works headless without a GPU)
 * and `libvulkan1`. Without a browser elsewhere it stops with one line saying what to install;
 * without the loader it says so in one line and goes on (the Dawn tests then skip outside CI).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { vulkanLoaderMissing } from './dawn';
import { findBrowser, noBrowserMessage } from './find-browser';

function run(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

const needBrowser = !findBrowser() && !process.env.PUPPETEER_EXECUTABLE_PATH;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if ((needBrowser || vulkanLoaderMissing()) && isRoot && existsSync('/usr/bin/apt-get') && run('apt-get', ['update', '-qq'])) {
  if (needBrowser) {
    console.error('deltascope: no browser found; installing Debian chromium (apt-get install chromium)…');
    run('apt-get', ['install', '-y', '-qq', 'chromium']);
  }
  if (vulkanLoaderMissing()) {
    // The loader alone: its recommended Mesa drivers add nothing on a machine without a GPU.
    console.error('deltascope: installing the Vulkan loader for in-process WebGPU (apt-get install --no-install-recommends libvulkan1)…');
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'libvulkan1']);
  }
}
if (vulkanLoaderMissing()) {
  console.error('deltascope: libvulkan.so.1 is missing (Debian/Ubuntu: libvulkan1): WebGPU runs through headless Chromium only');
}
if (!findBrowser()) {
  console.error(`deltascope: ${noBrowserMessage()}`);
  process.exit(1);
}
