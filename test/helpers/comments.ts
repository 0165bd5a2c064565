// Helpers for the comment tests: the XSS corpus, an app with a clock the test moves, and the
// comment form sent the way a browser sends it (from a given client address).
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import type { Store } from '../../src/storage/db.ts';

export const XSS_VECTORS = path.resolve('../shared/corpora/xss/vectors.json');

/** false when the XSS corpus is present (or CI demands it); otherwise the reason to skip. */
export function xssSkip(): string | false {
  if (process.env.CI === 'true' || fs.existsSync(XSS_VECTORS)) return false;
  return `the XSS corpus is not at ${XSS_VECTORS} (it lives in the shared folder beside the project)`;
}

export function xssVectors(): string[] {
  if (!fs.existsSync(XSS_VECTORS)) throw new Error(`CI=true and the XSS corpus is missing at ${XSS_VECTORS}`);
  return JSON.parse(fs.readFileSync(XSS_VECTORS, 'utf8')) as string[];
}

/** The app with a clock that runs from real time plus whatever the test adds. */
export function commentApp(store: Store) {
  let skewMs = 0;
  const { app, deps } = createApp({
    store,
    config: loadConfig({}, process.cwd()),
    now: () => new Date(Date.now() + skewMs),
  });
  return {
    app,
    deps,
    /** Moves the clock forward (a reader taking their time). */
    wait: (seconds: number) => {
      skewMs += seconds * 1000;
    },
  };
}

type App = ReturnType<typeof createApp>['app'];

/** Bindings that make the app see a socket from this address (as @hono/node-server provides). */
export function fromAddress(address: string) {
  return {
    incoming: { socket: { remoteAddress: address, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } },
  };
}

/** The form's token as the post page renders it (optionally the reply variant). */
export async function formToken(app: App, postPath: string, replyTo?: number): Promise<string> {
  const res = await app.request(`http://blog.test${postPath}${replyTo ? `?replyTo=${replyTo}` : ''}`);
  const html = await res.text();
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no comment form on ${postPath} (status ${res.status})`);
  return token;
}

/** POSTs the comment form, url-encoded like a browser, from the given address. */
export function sendComment(
  app: App,
  postId: number,
  fields: Record<string, string>,
  options: { address?: string; headers?: Record<string, string> } = {},
) {
  return app.request(
    `http://blog.test/comments/${postId}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      body: new URLSearchParams(fields).toString(),
    },
    fromAddress(options.address ?? '198.51.100.7'),
  );
}

/** The named problem on a re-shown form or notice page. */
export function problemIn(html: string): string | undefined {
  return /class="form-error"[^>]*>([^<]*)</.exec(html)?.[1];
}
