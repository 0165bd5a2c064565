// Sends the outbox's mail through SMTP when SMTP_HOST is set; without it, mail waits in the
// outbox for the editor's desk to show. Started at boot by src/services.ts, as a leased job: one
// process at a time sends, however many serve, so no message goes out twice.
import type { Kysely } from 'kysely';
import type { AppDeps } from '../app-deps.ts';
import { startJob } from '../jobs/periodic.ts';
import { smtpTransport } from '../lib/smtp-transport.ts';
import type { Database } from '../storage/schema.ts';

export interface MailTransport {
  sendMail(message: { from: string; to: string; subject: string; text: string }): Promise<unknown>;
}

const TICK_MS = 30_000;
/** Mail that could not be sent for this long stops being retried (it stays, with its error). */
const GIVE_UP_MS = 3 * 24 * 60 * 60 * 1000;

export function outboxSender(deps: AppDeps): () => Promise<void> {
  const smtp = deps.config.smtp;
  if (!smtp) return async () => {};
  const transport = smtpTransport(smtp);
  const stop = startJob(
    { db: deps.store.db, now: deps.now },
    {
      name: 'send-outbox',
      everyMs: TICK_MS,
      step: (now) => sendQueuedMail(deps.store.db, transport, smtp.from, now),
    },
  );
  return async () => {
    await stop();
    transport.close();
  };
}

/**
 * Sends what waits in the outbox, oldest first. The first failure ends the round (the server is
 * probably down); failed mail keeps its error and is tried again next round, for three days.
 */
export async function sendQueuedMail(
  db: Kysely<Database>,
  transport: MailTransport,
  from: string,
  now: Date,
  limit = 20,
): Promise<{ sent: number; failed: number }> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('created_at', '>=', new Date(now.getTime() - GIVE_UP_MS).toISOString())
    .orderBy('id')
    .limit(limit)
    .execute();
  let sent = 0;
  for (const row of rows) {
    try {
      await transport.sendMail({ from, to: row.to_address, subject: row.subject, text: row.body });
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      await db.updateTable('outbox').set({ error: message }).where('id', '=', row.id).execute();
      // The message may name the recipient: the log gets the row only.
      console.error(`Could not send outbox mail #${row.id}; the error is kept in the outbox.`);
      return { sent, failed: 1 };
    }
    await db
      .updateTable('outbox')
      .set({ sent_at: now.toISOString(), error: null })
      .where('id', '=', row.id)
      .execute();
    sent++;
  }
  return { sent, failed: 0 };
}
