// Environment → typed, validated settings, read once at start and passed down explicitly.
import os from 'node:os';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Folder for uploaded and downloaded images. */
  mediaDir: string;
  /** Public base URL when set (behind a proxy); otherwise derived from each request. */
  baseUrl: string | null;
  /** From GLOSS_SMTP_URL (preferred: smtp[s]://user:password@host:port) or SMTP_HOST and friends. */
  smtp: {
    host: string;
    port: number;
    user: string | null;
    password: string | null;
    from: string;
    /** TLS from the first byte (smtps://, port 465); otherwise STARTTLS when offered. */
    secure?: boolean;
  } | null;
  /** The shared secret a bounce or complaint webhook must present (GLOSS_MAIL_WEBHOOK_SECRET). */
  mailWebhookSecret?: string | null;
  fetchAllowPrivate: boolean;
  /** Page cache bound in bytes (GLOSS_CACHE_BYTES); 0 when GLOSS_CACHE=off turns it off. */
  cacheBytes: number;
  /** Server processes (GLOSS_WORKERS; `gloss serve --workers N`), one per core unless told; 1 serves from this process. */
  workers: number;
  /** PostgreSQL connections per process (GLOSS_DB_POOL). */
  dbPool: number;
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
    smtp: env.GLOSS_SMTP_URL?.trim()
      ? smtpFromUrl(env.GLOSS_SMTP_URL.trim(), env.SMTP_FROM)
      : env.SMTP_HOST
        ? {
            host: env.SMTP_HOST,
            port: parsePort(env.SMTP_PORT ?? '587', 'SMTP_PORT'),
            user: env.SMTP_USER ?? null,
            password: env.SMTP_PASSWORD ?? null,
            from: env.SMTP_FROM ?? `gloss@${env.SMTP_HOST}`,
            secure: env.SMTP_PORT === '465',
          }
        : null,
    mailWebhookSecret: env.GLOSS_MAIL_WEBHOOK_SECRET?.trim() || null,
    fetchAllowPrivate: env.GLOSS_FETCH_ALLOW_PRIVATE === '1',
    cacheBytes: parseCacheBytes(env),
    workers: parseWorkers(env.GLOSS_WORKERS ?? 'auto', 'GLOSS_WORKERS'),
    dbPool: parseCount(env.GLOSS_DB_POOL ?? '10', 'GLOSS_DB_POOL', 1, 1000),
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

/** A worker count: a number from 1 to 256, or "auto" for one per core. */
export function parseWorkers(value: string, name = '--workers'): number {
  if (value.trim().toLowerCase() === 'auto') return os.availableParallelism();
  return parseCount(value, name, 1, 256);
}

function parseCount(value: string, name: string, min: number, max: number): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

/** smtp://user:password@host:587 or smtps://…:465; the password never appears in an error. */
function smtpFromUrl(value: string, from: string | undefined): NonNullable<Config['smtp']> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('GLOSS_SMTP_URL must look like smtp://user:password@smtp.example.com:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`GLOSS_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new ConfigError('GLOSS_SMTP_URL names no host');
  const secure = url.protocol === 'smtps:';
  const user = url.username ? decodeURIComponent(url.username) : null;
  return {
    host: url.hostname,
    port: url.port ? parsePort(url.port, 'The port in GLOSS_SMTP_URL') : secure ? 465 : 587,
    user,
    password: url.password ? decodeURIComponent(url.password) : null,
    from: from ?? (user?.includes('@') ? user : `gloss@${url.hostname}`),
    secure,
  };
}
