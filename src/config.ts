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
  /** Page cache size (entries). */
  cacheEntries: number;
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
    cacheEntries: Number.parseInt(env.GLOSS_CACHE_ENTRIES ?? '2000', 10) || 2000,
  };
}

function parsePort(value: string, name = 'PORT'): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be a port number between 0 and 65535, not "${value}"`);
  }
  return port;
}
