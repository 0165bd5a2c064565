// Following the blog by e-mail: sign up (POST /subscriptions), confirm from the mail's link (a page
// with a button; only its POST confirms), manage choices and unsubscribe from any mail's links, and
// RFC 8058's one-click POST, which needs no session, no CSRF token and no confirmation.
import { timingSafeEqual } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../app-deps.ts';
import { secretOf } from '../comments/form.tsx';
import { clientAddress, hashAddress, rateLimitSubject } from '../limits/client-address.ts';
import { hitWindow } from '../limits/fixed-window.ts';
import { FollowForm } from '../web/theme/FollowForm.tsx';
import { urls } from '../web/urls.ts';
import { applyBounces, bounceEvents } from './bounces.ts';
import { mailContext } from './context.ts';
import { subscriptionPages, unknownLink } from './page.tsx';
import { replyRoutes } from './reply-routes.tsx';
import { readSubscriptionSettings } from './settings.ts';
import {
  checkConfirmToken,
  confirmSubscription,
  labelsOfSubscriber,
  signUp,
  subscriberByToken,
  unsubscribe,
  updateChoices,
} from './subscribe.ts';
import { ChoicesFields, TokenButton } from './views/SubscriptionPage.tsx';

const HOUR_MS = 60 * 60 * 1000;

export function subscriptionRoutes(deps: AppDeps) {
  const { db } = deps.store;
  const app = new Hono();
  const small = bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('The form is too large.', 413) });

  const page = subscriptionPages(deps);

  const signUpForm = async (email?: string, error?: string) => {
    const [chrome, settings] = await Promise.all([deps.site.chrome(), readSubscriptionSettings(db)]);
    return (
      <FollowForm id="follow-page" value={email} error={error}>
        <ChoicesFields
          mode="post"
          labels={chrome.sidebar.labels.map((l) => l.name)}
          chosen={[]}
          digestHour={`${String(settings.digestHour).padStart(2, '0')}:00`}
        />
      </FollowForm>
    );
  };

  app.get('/subscriptions', async (c) =>
    page(c, 'Follow by e-mail', [
      <p>Receive new posts by e-mail. Every mail has a one-click unsubscribe link.</p>,
      await signUpForm(),
    ]),
  );

  app.post('/subscriptions', small, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const email = one(form.email);
    const { settings: blog } = await deps.site.chrome();
    const mail = mailContext(deps, blog.title);
    if (!mail) {
      return page(c, 'E-mail subscriptions are not set up', <p>{notSetUp(deps)}</p>, 404);
    }
    const settings = await readSubscriptionSettings(db);
    const client = hashAddress(
      await secretOf(deps.store),
      rateLimitSubject(clientAddress(c, blog.behindProxy)),
    );
    const { hits, endsAt } = await hitWindow(db, `subscribe:addr:${client}`, HOUR_MS, deps.now());
    if (hits > settings.limitPerClient) {
      const minutes = Math.max(1, Math.ceil((endsAt - deps.now().getTime()) / 60_000));
      c.header('retry-after', String(minutes * 60));
      return page(
        c,
        'Please wait',
        <p>
          Too many sign-ups have come from your address in the last hour. Try again in {minutes} minutes.
        </p>,
        429,
      );
    }
    if (one(form.website)) return checkInbox(c);
    const result = await signUp(
      db,
      { email, mode: one(form.mode), labels: many(form.labels) },
      { ...mail, limitPerEmail: settings.limitPerEmail },
    );
    if (result.kind === 'invalid')
      return page(c, 'Follow by e-mail', await signUpForm(email, result.message), 400);
    return checkInbox(c);
  });

  // The same page whatever the address's state: nobody learns who subscribes.
  const checkInbox = (c: Context) =>
    page(
      c,
      'Check your inbox',
      <p>
        If the address can receive mail, a message is on its way. Open the link in it within 48 hours to
        confirm; nothing is sent before that. No mail? Look in the spam folder.
      </p>,
    );

  app.get('/subscriptions/confirm', async (c) => {
    const token = c.req.query('token') ?? '';
    const check = await checkConfirmToken(db, token, deps.now());
    if (check.kind === 'unknown') return page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
    if (check.kind === 'confirmed') return subscribed(c, check.subscriber.token);
    if (check.kind === 'expired') return expired(c);
    return page(c, 'Confirm your subscription', [
      <p>Press the button to receive this blog's posts at {check.subscriber.email}.</p>,
      <TokenButton action="/subscriptions/confirm" token={token} label="Confirm my subscription" />,
    ]);
  });

  app.post('/subscriptions/confirm', small, async (c) => {
    const token = one((await c.req.parseBody()).token) ?? '';
    const result = await confirmSubscription(db, token, deps.now());
    if (result.kind === 'unknown') return page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
    if (result.kind === 'expired') return expired(c);
    return subscribed(c, result.subscriber.token);
  });

  const subscribed = (c: Context, token: string) =>
    page(c, 'You are subscribed', [
      <p>
        New posts will come to your inbox. Every mail has links to change what you receive or to unsubscribe.
      </p>,
      <p>
        <a href={urls.subscriptionManage(token)}>Choose what you receive</a>
      </p>,
    ]);

  const expired = async (c: Context) =>
    page(
      c,
      'This link has expired',
      [<p>Confirmation links work for 48 hours. Sign up again to get a new one.</p>, await signUpForm()],
      410,
    );

  app.get('/subscriptions/manage', async (c) => manage(c, c.req.query('token') ?? ''));
  app.post('/subscriptions/manage', small, async (c) => {
    const form = await c.req.parseBody({ all: true });
    const token = one(form.token) ?? '';
    const saved = await updateChoices(
      db,
      token,
      { mode: one(form.mode), labels: many(form.labels) },
      deps.now(),
    );
    if (!saved) return page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
    return manage(c, token, 'Your choices are saved.');
  });

  const manage = async (c: Context, token: string, notice?: string) => {
    const subscriber = await subscriberByToken(db, token);
    if (!subscriber) return page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
    const [chrome, settings] = await Promise.all([deps.site.chrome(), readSubscriptionSettings(db)]);
    const status =
      subscriber.status === 'confirmed'
        ? `${subscriber.email} receives this blog's posts.`
        : subscriber.status === 'pending'
          ? `${subscriber.email} is waiting for its confirmation.`
          : `${subscriber.email} is unsubscribed. Saving your choices follows the blog again.`;
    return page(c, 'Your subscription', [
      notice ? (
        <p class="form-notice" role="status">
          {notice}
        </p>
      ) : null,
      <p>{status}</p>,
      <form method="post" action="/subscriptions/manage" class="subscription-choices">
        <input type="hidden" name="token" value={token} />
        <ChoicesFields
          mode={subscriber.mode}
          labels={chrome.sidebar.labels.map((l) => l.name)}
          chosen={labelsOfSubscriber(subscriber)}
          digestHour={`${String(settings.digestHour).padStart(2, '0')}:00`}
        />
        <button type="submit">Save my choices</button>
      </form>,
      subscriber.status !== 'unsubscribed' ? (
        <TokenButton action="/subscriptions/unsubscribe" token={token} label="Unsubscribe" />
      ) : null,
    ]);
  };

  app.get('/subscriptions/unsubscribe', async (c) => {
    const token = c.req.query('token') ?? '';
    const subscriber = await subscriberByToken(db, token);
    if (!subscriber) return page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
    if (subscriber.status === 'unsubscribed') return unsubscribed(c, token);
    return page(c, 'Unsubscribe', [
      <p>Press the button and {subscriber.email} will receive no more mail from this blog.</p>,
      <TokenButton action="/subscriptions/unsubscribe" token={token} label="Unsubscribe" />,
    ]);
  });

  // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the URL in the header (token in
  // the query); the page's button POSTs the token in the form. Either unsubscribes at once.
  app.post('/subscriptions/unsubscribe', small, async (c) => {
    const form = await c.req.parseBody();
    const token = c.req.query('token') ?? one(form.token) ?? '';
    const done = await unsubscribe(db, token, deps.now());
    if (form['List-Unsubscribe'] === 'One-Click') {
      return done ? c.text('Unsubscribed.\n') : c.text('This unsubscribe link names no subscriber.\n', 404);
    }
    if (!done) return page(c, 'This link does not work', <p>{unknownLink()}</p>, 404);
    return unsubscribed(c, token);
  });

  const unsubscribed = (c: Context, token: string) =>
    page(c, 'You are unsubscribed', [
      <p>No more mail will come from this blog.</p>,
      <p>
        Changed your mind? <a href={urls.subscriptionManage(token)}>Follow again</a>.
      </p>,
    ]);

  // Bounces and complaints from a provider or a mail relay: a shared secret, no session.
  app.post(
    '/subscriptions/webhooks/bounces',
    bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.text('Too large.', 413) }),
    async (c) => {
      const secret = deps.config.mailWebhookSecret;
      if (!secret) return c.text('The bounce webhook is off: set GLOSS_MAIL_WEBHOOK_SECRET.\n', 404);
      const given = Buffer.from(
        c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? c.req.query('secret') ?? '',
      );
      const expected = Buffer.from(secret);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return c.text('Wrong or missing secret.\n', 401);
      }
      const events = bounceEvents(c.req.header('content-type') ?? '', await c.req.text());
      if ('error' in events) return c.text(`${events.error}\n`, 400);
      return c.json(await applyBounces(db, events, deps.now()));
    },
  );

  app.route('/', replyRoutes(deps));
  return app;
}

function notSetUp(deps: AppDeps): string {
  const missing = [
    !deps.config.smtp && 'an SMTP server (GLOSS_SMTP_URL)',
    !deps.config.baseUrl && 'the public address (GLOSS_BASE_URL)',
  ];
  return `This blog cannot send mail yet: its owner has to set ${missing.filter(Boolean).join(' and ')}.`;
}

function one(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : undefined;
}

function many(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}
