/**
 * Run by `npm test` before the browser tests: makes sure a browser exists. On a Debian/Ubuntu
 * machine as root with none, it installs Debian's `chromium` (which ships SwiftShader, so WebGPU
 * works headless without a GPU); elsewhere it stops with one line saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser, noBrowserMessage } from './find-browser';

function run(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

const found = findBrowser();
if (found) {
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!process.env.PUPPETEER_EXECUTABLE_PATH && isRoot && existsSync('/usr/bin/apt-get')) {
  console.error('deltascope: no browser found; installing Debian chromium (apt-get install chromium)…');
  if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']) && findBrowser()) {
    process.exit(0);
  }
}
console.error(`deltascope: ${noBrowserMessage()}`);
process.exit(1);
