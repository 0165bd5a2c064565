// What sending mail needs from the app: the context every mail is composed in, and an SMTP
// transport built from the configuration (the sender's pool, the admin's one-off test send).
import type { Transporter } from 'nodemailer';
import type { AppDeps } from '../app-deps.ts';
import type { Config } from '../config.ts';
import { onFirstUse } from '../lib/on-first-use.ts';
import type { MailContext } from './compose.ts';

const nodemailer = onFirstUse<typeof import('nodemailer')>('nodemailer');

/** What mails need to be sent: the blog's public address and a From address. */
export function mailContext(deps: AppDeps, blogTitle?: string): MailContext | null {
  if (!deps.config.baseUrl || !deps.config.smtp) return null;
  return {
    blogTitle: blogTitle ?? 'Gloss',
    baseUrl: deps.config.baseUrl,
    from: deps.config.smtp.from,
    now: deps.now(),
  };
}

export function smtpTransport(
  smtp: NonNullable<Config['smtp']>,
  options: { pool?: number; timeoutMs?: number } = {},
): Transporter {
  return nodemailer().createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure ?? smtp.port === 465,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    ...(options.pool ? { pool: true, maxConnections: options.pool } : {}),
    ...(options.timeoutMs
      ? {
          connectionTimeout: options.timeoutMs,
          greetingTimeout: options.timeoutMs,
          socketTimeout: options.timeoutMs,
        }
      : {}),
  });
}
