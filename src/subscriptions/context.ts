// What sending mail needs from the app: the context every mail is composed in (the SMTP
// transport is lib/smtp-transport.ts).
import type { AppDeps } from '../app-deps.ts';
import type { MailContext } from './compose.ts';

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
