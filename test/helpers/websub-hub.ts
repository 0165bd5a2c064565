// A small WebSub hub on 127.0.0.1 that behaves as the recommendation says: it takes subscribe and
// unsubscribe requests (form POSTs), verifies each intent by GETting the callback with a challenge
// before it answers 202, grants its own lease, and publishes by POSTing signed content to every
// verified callback. A test can make it deny or fail instead.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRequest {
  form: Record<string, string>;
}

export interface Verification {
  mode: string;
  callback: string;
  status: number;
  /** The callback echoed the challenge exactly. */
  echoed: boolean;
}

export interface Hub {
  url: string;
  requests: HubRequest[];
  verifications: Verification[];
  /** Verified subscriptions by callback. */
  subscribers: Map<string, { topic: string; secret: string }>;
  /** 'verify' (the default), 'deny' (tells the callback hub.mode=denied) or 'fail' (answers 500). */
  behaviour: 'verify' | 'deny' | 'fail';
  leaseSeconds: number;
  /** POSTs the body to every subscriber of the topic, signed (or signed with the wrong secret). */
  publish(topic: string, body: string, options?: { wrongSecret?: boolean }): Promise<number[]>;
  close(): Promise<void>;
}

export async function startHub(): Promise<Hub> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    hub.requests.push({ form });
    const mode = form['hub.mode'];
    const callback = form['hub.callback'] ?? '';
    const topic = form['hub.topic'] ?? '';
    if (req.method !== 'POST' || !callback || !topic || (mode !== 'subscribe' && mode !== 'unsubscribe')) {
      res.writeHead(400).end('hub.mode, hub.topic and hub.callback are required');
      return;
    }
    if (hub.behaviour === 'fail') {
      res.writeHead(500).end('The hub is having a bad day');
      return;
    }
    if (hub.behaviour === 'deny') {
      await verify(callback, { 'hub.mode': 'denied', 'hub.topic': topic, 'hub.reason': 'not on our list' });
      res.writeHead(202).end();
      return;
    }
    const challenge = randomBytes(12).toString('hex');
    const query: Record<string, string> = {
      'hub.mode': mode,
      'hub.topic': topic,
      'hub.challenge': challenge,
    };
    if (mode === 'subscribe') query['hub.lease_seconds'] = String(hub.leaseSeconds);
    const answer = await verify(callback, query);
    const echoed = answer.status === 200 && answer.body === challenge;
    hub.verifications.push({ mode, callback, status: answer.status, echoed });
    if (echoed && mode === 'subscribe') {
      hub.subscribers.set(callback, { topic, secret: form['hub.secret'] ?? '' });
    }
    if (echoed && mode === 'unsubscribe') hub.subscribers.delete(callback);
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const verify = async (callback: string, query: Record<string, string>) => {
    const url = new URL(callback);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url);
    return { status: res.status, body: await res.text() };
  };

  const hub: Hub = {
    url: `http://127.0.0.1:${port}/`,
    requests: [],
    verifications: [],
    subscribers: new Map(),
    behaviour: 'verify',
    leaseSeconds: 5 * 24 * 60 * 60,
    async publish(topic, body, options = {}) {
      const statuses: number[] = [];
      for (const [callback, sub] of hub.subscribers) {
        if (sub.topic !== topic) continue;
        const secret = options.wrongSecret ? `${sub.secret}x` : sub.secret;
        const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
        const res = await fetch(callback, {
          method: 'POST',
          headers: { 'content-type': 'application/atom+xml', 'x-hub-signature': signature },
          body,
        });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      return statuses;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return hub;
}
