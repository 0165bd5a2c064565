// Environment → typed, validated settings, read once at start and passed down explicitly.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Folder for uploaded and downloaded images. */
  mediaDir: string;
  /** Public base URL when set (behind a proxy); otherwise derived from each request. */
  baseUrl: string | null;
  smtp: { host: string; port: number; user: string | null; password: string | null; from: string } | null;
  fetchAllowPrivate: boolean;
  /** Page cache bound in bytes (GLOSS_CACHE_BYTES); 0 when GLOSS_CACHE=off turns it off. */
  cacheBytes: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const port = parsePort(env.PORT ?? '8080');
  const databaseUrl = env.DATABASE_URL?.trim() || path.join(cwd, 'data', 'gloss.db');
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl,
    mediaDir: path.resolve(cwd, env.GLOSS_MEDIA_DIR?.trim() || path.join('data', 'media')),
    baseUrl: env.GLOSS_BASE_URL?.trim().replace(/\/+$/, '') || null,
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: parsePort(env.SMTP_PORT ?? '587', 'SMTP_PORT'),
          user: env.SMTP_USER ?? null,
          password: env.SMTP_PASSWORD ?? null,
          from: env.SMTP_FROM ?? `gloss@${env.SMTP_HOST}`,
        }
      : null,
    fetchAllowPrivate: env.GLOSS_FETCH_ALLOW_PRIVATE === '1',
    cacheBytes: parseCacheBytes(env),
  };
}

function parsePort(value: string, name = 'PORT'): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, not "${value}"`);
  }
  return port;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** GLOSS_CACHE=off (or 0) turns the page cache off; GLOSS_CACHE_BYTES bounds it: 32M, 512k, 1G, 1048576. */
function parseCacheBytes(env: NodeJS.ProcessEnv): number {
  if (env.GLOSS_CACHE_ENTRIES !== undefined) {
    throw new ConfigError(
      'GLOSS_CACHE_ENTRIES is gone: the page cache is bounded in bytes now. Set GLOSS_CACHE_BYTES (for example 32M), or GLOSS_CACHE=off',
    );
  }
  const switch_ = env.GLOSS_CACHE?.trim().toLowerCase();
  if (switch_ !== undefined && switch_ !== '') {
    if (switch_ === 'off' || switch_ === '0') return 0;
    if (switch_ !== 'on' && switch_ !== '1') {
      throw new ConfigError(`GLOSS_CACHE must be "on" or "off" (or 1 / 0), not "${env.GLOSS_CACHE}"`);
    }
  }
  const raw = env.GLOSS_CACHE_BYTES?.trim();
  if (!raw) return 32 * UNITS.m!;
  const match = /^(\d+)\s*([kmg]?)i?b?$/i.exec(raw);
  if (!match) {
    throw new ConfigError(
      `GLOSS_CACHE_BYTES must be a size such as 32M, 512K, 1G or a number of bytes, not "${raw}"`,
    );
  }
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
}
