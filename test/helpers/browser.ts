// Headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, for browser tests.
// Without Chromium the browser suites skip with a message saying how to get it; under CI=true
// they fail instead (.ci/run installs it).
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.GLOSS_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** false when Chromium is present (or CI demands it); otherwise the reason to skip. */
export function browserSkip(): string | false {
  if (process.env.CI === 'true' || fs.existsSync(CHROMIUM)) return false;
  return `Chromium is not installed at ${CHROMIUM}: install it with "apt-get install chromium" (or set GLOSS_CHROMIUM)`;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** Where screenshots go: test-artifacts/screenshots/, kept after the run. */
export function artifactPath(name: string): string {
  const dir = path.resolve('test-artifacts', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };
