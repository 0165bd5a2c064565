// An SMTP transport (nodemailer) from the blog's SMTP settings: for the comment outbox, the
// subscription sender's pool and the admin's one-off test send. nodemailer loads when the first
// transport is made: a blog without SMTP never holds it.
import type { Transporter } from 'nodemailer';
import { onFirstUse } from './on-first-use.ts';

const nodemailer = onFirstUse<typeof import('nodemailer')>('nodemailer');

/** What config.ts reads from GLOSS_SMTP_URL or SMTP_HOST and friends. */
export interface SmtpSettings {
  host: string;
  port: number;
  user: string | null;
  password: string | null;
  /** TLS from the first byte (smtps://, port 465); otherwise STARTTLS when offered. */
  secure?: boolean;
}

export function smtpTransport(
  smtp: SmtpSettings,
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
