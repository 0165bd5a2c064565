// The admin's test send: the mail subscribers would receive for the latest post, sent at once to the
// signed-in editor through the configured SMTP server (not the queue), so that the answer is the
// server's own: delivered, or what went wrong, in words. Nothing is logged; the editor reads it.
import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { smtpTransport } from '../lib/smtp-transport.ts';
import { publicPosts } from '../posts/queries.ts';
import type { Database } from '../storage/schema.ts';
import { checkAddress } from './addresses.ts';
import { type MailContext, messageIdFor, sampleMail } from './compose.ts';

/** How long the test send waits for the server at each step before it says so. */
export const TEST_SEND_TIMEOUT_MS = 15_000;

export type TestSendResult =
  | { ok: true; to: string; postTitle: string }
  | { ok: false; status: 400 | 502; message: string };

export async function sendTestMail(
  db: Kysely<Database>,
  smtp: Config['smtp'],
  ctx: MailContext | null,
  to: string | null,
): Promise<TestSendResult> {
  if (!smtp || !ctx) {
    return {
      ok: false,
      status: 400,
      message: 'This blog cannot send mail yet: set GLOSS_SMTP_URL and GLOSS_BASE_URL, then restart it.',
    };
  }
  const address = checkAddress(to ?? undefined);
  if (!address.ok) {
    return {
      ok: false,
      status: 400,
      message: 'Your account has no usable e-mail address: add one on your Account page, then try again.',
    };
  }
  const post = await publicPosts(db)
    .selectAll()
    .where('published_at', '<=', ctx.now.toISOString())
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!post) {
    return { ok: false, status: 400, message: 'There is no published post yet to send as a sample.' };
  }
  const mail = sampleMail(ctx, address.email, post);
  const via = smtpTransport(smtp, { timeoutMs: TEST_SEND_TIMEOUT_MS });
  try {
    await via.sendMail({
      from: smtp.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      headers: mail.headers,
      messageId: messageIdFor(`test:${post.id}:${ctx.now.toISOString()}`, ctx.baseUrl),
    });
    return { ok: true, to: address.email, postTitle: post.title };
  } catch (err) {
    return { ok: false, status: 502, message: smtpProblem(err as SmtpError, smtp) };
  } finally {
    via.close();
  }
}

type SmtpError = Error & { code?: string; responseCode?: number; response?: string; command?: string };

/** An SMTP failure in words the editor can act on; the password is never part of it. */
export function smtpProblem(err: SmtpError, smtp: NonNullable<Config['smtp']>): string {
  const server = `the SMTP server ${smtp.host}:${smtp.port}`;
  const reply = oneLine(err.response ?? err.message ?? '');
  // nodemailer files a refused or unresolved connection under ESOCKET; the system's code is in the message.
  const code =
    err.code === 'ESOCKET'
      ? (/\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET)\b/.exec(reply)?.[1] ?? err.code)
      : err.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to ${server}: the connection was refused. Check the host and port in GLOSS_SMTP_URL.`;
    case 'ENOTFOUND':
    case 'EDNS':
      return `Could not find ${server}: the host name does not resolve. Check GLOSS_SMTP_URL.`;
    case 'ETIMEDOUT':
    case 'ETIMEOUT':
    case 'ECONNRESET':
      return `${capital(server)} did not answer in time or dropped the connection (${code}).`;
    case 'EAUTH':
      return `${capital(server)} refused the user name or password: ${reply}`;
    case 'ETLS':
    case 'ESOCKET':
      return `The secure connection to ${server} failed: ${reply}. Check smtp:// (STARTTLS, port 587) against smtps:// (port 465).`;
  }
  if (err.responseCode) {
    return `${capital(server)} refused the mail (SMTP ${err.responseCode}${err.command ? ` after ${err.command}` : ''}): ${reply}`;
  }
  return `Sending through ${server} failed: ${reply || 'no reason given'}.`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function capital(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}
