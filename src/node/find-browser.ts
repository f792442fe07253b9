/**
 * Finds a Chromium-family browser for Puppeteer (which never downloads one here):
 * PUPPETEER_EXECUTABLE_PATH first, then the usual system locations.
 */
import { accessSync, constants, statSync } from 'node:fs';

export const BROWSER_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** An executable file (a directory has the x bit too, but cannot be run). */
function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The browser's path, or null when there is none. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : null;
  return BROWSER_CANDIDATES.find(isExecutable) ?? null;
}

/** Why findBrowser found nothing, in one line. */
export function noBrowserMessage(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return `PUPPETEER_EXECUTABLE_PATH=${fromEnv} is not an executable file: point it at Chromium or Chrome, or unset it`;
  return 'no Chromium or Chrome found: install one (Debian/Ubuntu: apt-get install chromium) or set PUPPETEER_EXECUTABLE_PATH';
}
