// Sends the mail queue through SMTP: claim a batch, send it over a few connections at a bounded
// rate, settle each mail as soon as the server has answered. A stop lets the mails in flight
// finish, hands the rest of the batch back and ends the loop; a crash leaves claims that run out,
// after which any process takes them up again. Logs name mails by id, never by address.
import type { Kysely } from 'kysely';
import type { Database, QueuedMail } from '../storage/schema.ts';
import { claimMail, settleMail } from './queue.ts';
import { suppressAddress } from './suppressions.ts';

export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html?: string;
    headers: Record<string, string>;
    messageId: string;
  }): Promise<unknown>;
}

export interface SenderOptions {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  transport: MailTransport;
  from: string;
  /** This process's name on its claims. */
  holder: string;
  now: () => Date;
  batchSize?: number;
  concurrency?: number;
  ratePerSecond?: number;
  /** How long a claim lasts: after a crash, how long until another sender retries the batch. */
  leaseMs?: number;
  /** Pause between looks at an empty queue. */
  idleMs?: number;
  log?: (message: string) => void;
}

/** A temporary failure is retried this many times, with growing waits, before the address is suppressed. */
export const MAX_ATTEMPTS = 5;
const RETRY_BASE_MS = 5 * 60 * 1000;

export interface Sender {
  /** Ends the loop; resolves once mails in flight are settled and the rest handed back. */
  stop(): Promise<void>;
  /** Resolves when a round finds nothing due (tests, the admin's "send now"). */
  idle(): Promise<void>;
}

export function startSender(options: SenderOptions): Sender {
  let stopped = false;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];
  const log = options.log ?? ((m: string) => console.error(m));

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      let claimed = 0;
      try {
        claimed = await sendRound(options, () => stopped);
      } catch (err) {
        log(`The mail sender failed a round: ${(err as Error).message}`);
      }
      if (claimed === 0) {
        for (const resolve of idleWaiters) resolve();
        idleWaiters = [];
        if (!stopped) await pause(options.idleMs ?? 5000);
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      for (const resolve of idleWaiters) resolve();
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      });
    },
  };
}

/** One round: claim a batch and send it. Returns how many mails were claimed. */
export async function sendRound(
  options: SenderOptions,
  stopping: () => boolean = () => false,
): Promise<number> {
  const { db, holder } = options;
  const concurrency = options.concurrency ?? 2;
  const batch = await claimMail(
    db,
    options.dialect,
    holder,
    options.batchSize ?? Math.max(20, concurrency * 10),
    options.leaseMs ?? 5 * 60 * 1000,
    options.now(),
  );
  if (batch.length === 0) return 0;
  const stale = await staleMail(db, batch);
  const interval = 1000 / Math.max(0.001, options.ratePerSecond ?? 10);
  let nextSlot = Date.now();
  let serverDown = false;
  let index = 0;

  const worker = async () => {
    while (index < batch.length) {
      const mail = batch[index++]!;
      if (stopping() || serverDown) {
        await release(db, mail, holder);
        continue;
      }
      if (stale.has(mail.id)) {
        await settleMail(db, mail.id, holder, { status: stale.get(mail.id)! });
        continue;
      }
      const wait = nextSlot - Date.now();
      nextSlot = Math.max(nextSlot, Date.now()) + interval;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopping()) {
        await release(db, mail, holder);
        continue;
      }
      const outcome = await sendOne(options, mail);
      if (outcome === 'server-down') serverDown = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  return batch.length;
}

async function sendOne(options: SenderOptions, mail: QueuedMail): Promise<'sent' | 'failed' | 'server-down'> {
  const { db, holder } = options;
  try {
    await options.transport.sendMail({
      from: options.from,
      to: mail.to_address,
      subject: mail.subject,
      text: mail.text_body,
      ...(mail.html_body ? { html: mail.html_body } : {}),
      headers: JSON.parse(mail.headers) as Record<string, string>,
      messageId: mail.message_id,
    });
  } catch (err) {
    return failed(options, mail, err as Error & { responseCode?: number });
  }
  await settleMail(db, mail.id, holder, { status: 'sent', sentAt: options.now().toISOString() });
  return 'sent';
}

async function failed(
  options: SenderOptions,
  mail: QueuedMail,
  err: Error & { responseCode?: number },
): Promise<'failed' | 'server-down'> {
  const { db, holder } = options;
  const now = options.now();
  // The server's reply may quote the address: keep it in the row, log only the code.
  const detail = (err.message ?? String(err)).slice(0, 500);
  const log = options.log ?? ((m: string) => console.error(m));
  if (err.responseCode && err.responseCode >= 500) {
    await settleMail(db, mail.id, holder, { status: 'failed', error: detail, attempts: mail.attempts + 1 });
    await suppressAddress(db, mail.to_address, 'rejected', detail, now);
    log(`Mail #${mail.id} was refused for good (SMTP ${err.responseCode}); its address is suppressed.`);
    return 'failed';
  }
  const attempts = mail.attempts + 1;
  if (err.responseCode && err.responseCode >= 400 && attempts >= MAX_ATTEMPTS) {
    await settleMail(db, mail.id, holder, { status: 'failed', error: detail, attempts });
    await suppressAddress(db, mail.to_address, 'soft-bounce', detail, now);
    log(
      `Mail #${mail.id} was deferred ${attempts} times (SMTP ${err.responseCode}); its address is suppressed.`,
    );
    return 'failed';
  }
  const nextAttemptAt = new Date(now.getTime() + RETRY_BASE_MS * 2 ** (attempts - 1)).toISOString();
  await settleMail(db, mail.id, holder, { status: 'waiting', error: detail, attempts, nextAttemptAt });
  if (!err.responseCode) {
    log(
      `Could not reach the SMTP server for mail #${mail.id} (${(err as { code?: string }).code ?? 'error'}); retrying later.`,
    );
    return 'server-down';
  }
  log(`Mail #${mail.id} was deferred (SMTP ${err.responseCode}); retrying at ${nextAttemptAt}.`);
  return 'failed';
}

/** Claimed mails that must not go: the address was suppressed, or its reader left, since queueing. */
async function staleMail(
  db: Kysely<Database>,
  batch: QueuedMail[],
): Promise<Map<number, 'suppressed' | 'cancelled'>> {
  const stale = new Map<number, 'suppressed' | 'cancelled'>();
  const addresses = [...new Set(batch.map((m) => m.to_address))];
  const suppressed = new Set(
    (await db.selectFrom('mail_suppressions').select('email').where('email', 'in', addresses).execute()).map(
      (r) => r.email,
    ),
  );
  const ids = [...new Set(batch.flatMap((m) => (m.subscriber_id === null ? [] : [m.subscriber_id])))];
  const gone = new Set(
    ids.length === 0
      ? []
      : (
          await db
            .selectFrom('subscribers')
            .select('id')
            .where('id', 'in', ids)
            .where('status', '=', 'unsubscribed')
            .execute()
        ).map((r) => r.id),
  );
  const requests = [
    ...new Set(batch.flatMap((m) => (m.reply_subscription_id === null ? [] : [m.reply_subscription_id]))),
  ];
  const stopped = new Set(
    requests.length === 0
      ? []
      : (
          await db
            .selectFrom('reply_subscriptions')
            .select('id')
            .where('id', 'in', requests)
            .where('status', '=', 'unsubscribed')
            .execute()
        ).map((r) => r.id),
  );
  for (const mail of batch) {
    if (suppressed.has(mail.to_address)) stale.set(mail.id, 'suppressed');
    else if (mail.subscriber_id !== null && gone.has(mail.subscriber_id)) stale.set(mail.id, 'cancelled');
    else if (mail.reply_subscription_id !== null && stopped.has(mail.reply_subscription_id)) {
      stale.set(mail.id, 'cancelled');
    }
  }
  return stale;
}

async function release(db: Kysely<Database>, mail: QueuedMail, holder: string): Promise<void> {
  await db
    .updateTable('mail_queue')
    .set({ claimed_by: null, claimed_until: null })
    .where('id', '=', mail.id)
    .where('claimed_by', '=', holder)
    .execute();
}
