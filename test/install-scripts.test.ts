// `npm ci` is quiet: the packages whose install scripts the project allows are declared in
// package.json's allowScripts (npm 11.16+ lists every undeclared one after each install, and
// npm 12 refuses to run them). Exactly those of the lockfile that have install scripts are
// allowed: today better-sqlite3 (compiles its native module) and esbuild (picks its binary).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { it } from 'node:test';

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));

/** Package names (not install paths) of the lockfile entries that run install scripts. */
function withInstallScripts(): string[] {
  const names = new Set<string>();
  for (const [where, entry] of Object.entries<{
    hasInstallScript?: boolean;
    name?: string;
    resolved?: string;
  }>(lock.packages)) {
    if (!where || !entry.hasInstallScript) continue;
    // An alias (better-sqlite3-napi → better-sqlite3) is allowed under the real package's name.
    const real = entry.name ?? /\/(@[^/]+\/[^/]+|[^/@]+)\/-\//.exec(entry.resolved ?? '')?.[1];
    names.add(real ?? where.replace(/^.*node_modules\//, ''));
  }
  return [...names].sort();
}

it('allows the install scripts of exactly the packages that have them', () => {
  const allowed = Object.entries(pkg.allowScripts ?? {})
    .filter(([, ok]) => ok === true)
    .map(([name]) => name.replace(/(?<=.)@.*$/, ''))
    .sort();
  assert.deepEqual(allowed, withInstallScripts());
  assert.deepEqual(allowed, ['better-sqlite3', 'esbuild']);
});

function npmSupportsAllowScripts(): string | false {
  try {
    const [major, minor] = execFileSync('npm', ['--version'], { encoding: 'utf8' })
      .trim()
      .split('.')
      .map(Number);
    if (major! > 11 || (major === 11 && minor! >= 16)) return false;
    return `npm ${major}.${minor} predates allowScripts (npm 11.16)`;
  } catch {
    return 'npm is not on the PATH';
  }
}

it('leaves npm nothing to warn about', {
  skip: process.env.CI === 'true' ? false : npmSupportsAllowScripts(),
}, () => {
  const pending = execFileSync('npm', ['approve-scripts', '--allow-scripts-pending'], { encoding: 'utf8' });
  assert.match(pending, /No packages with unreviewed install scripts/);
});
