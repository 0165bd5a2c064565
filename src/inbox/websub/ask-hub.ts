// Asking a hub to start or stop pushing a feed (WebSub 5.1): a form POST through the clipper's
// SSRF-safe fetcher, answered 2xx when the hub accepts (it then verifies against the callback).
// A refusal comes back in words for the outlet's health; the secret never appears in it.
import { FetchError, type FetchPageOptions, postForm } from '../../clippings/fetch.ts';
import { plain } from '../../sources/parse.ts';
import { absoluteUrl, urls } from '../../web/urls.ts';
import type { Subscription } from './store.ts';

/** The lease asked for; the hub decides and says so when it verifies. */
export const LEASE_ASKED_S = 10 * 24 * 60 * 60;

/** null when the hub accepted; otherwise why not. */
export async function askHub(
  sub: Subscription,
  mode: 'subscribe' | 'unsubscribe',
  callbackBase: string,
  fetch: FetchPageOptions,
): Promise<string | null> {
  const form: Record<string, string> = {
    'hub.mode': mode,
    'hub.topic': sub.topic_url,
    'hub.callback': callbackUrl(callbackBase, sub),
  };
  if (mode === 'subscribe') {
    form['hub.secret'] = sub.secret;
    form['hub.lease_seconds'] = String(LEASE_ASKED_S);
  }
  const hub = hubName(sub.hub_url);
  try {
    const answer = await postForm(sub.hub_url, form, { timeoutMs: 15_000, ...fetch });
    if (answer.status >= 200 && answer.status < 300) return null;
    const said = plain(answer.text).replaceAll(sub.secret, '…').slice(0, 200);
    return `the hub ${hub} answered ${answer.status}${said ? `: ${said}` : ''}`;
  } catch (err) {
    if (err instanceof FetchError) return `the hub ${hub} could not be reached: ${err.message}`;
    throw err;
  }
}

export function callbackUrl(base: string, sub: Pick<Subscription, 'source_id' | 'token'>): string {
  return absoluteUrl(base, urls.websubCallback(sub.source_id, sub.token));
}

export function hubName(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
