// The subscriptions' background work, started at boot (src/services.ts) when the blog can send
// mail (an SMTP server and GLOSS_BASE_URL): one process at a time queues new posts and digests
// and reply notifications (a job lease), and every process sends from the queue (claims keep them apart).
import type { AppDeps } from '../app-deps.ts';
import { startJob } from '../jobs/periodic.ts';
import { smtpTransport } from '../lib/smtp-transport.ts';
import { readSettings } from '../settings/settings.ts';
import { mailContext } from './context.ts';
import { queueDigests, queueNewPosts } from './publish.ts';
import { queueReplyMails } from './replies.ts';
import { type Sender, startSender } from './sender.ts';
import { readSubscriptionSettings } from './settings.ts';

export function subscriptionMailer(deps: AppDeps): () => Promise<void> {
  const smtp = deps.config.smtp;
  if (!smtp || !deps.config.baseUrl) return async () => {};
  const { db } = deps.store;
  const stopQueueing = startJob(
    { db, now: deps.now },
    {
      name: 'subscriptions.queue',
      everyMs: 30_000,
      step: async () => {
        const [blog, settings] = await Promise.all([readSettings(db), readSubscriptionSettings(db)]);
        const ctx = mailContext(deps, blog.title);
        if (!ctx) return;
        await queueNewPosts(db, ctx);
        await queueDigests(db, ctx, blog.timeZone, settings.digestHour);
        await queueReplyMails(db, ctx);
      },
    },
  );
  let sender: Sender | undefined;
  let stopped = false;
  let close = () => {};
  void readSubscriptionSettings(db).then((settings) => {
    if (stopped) return;
    const transport = smtpTransport(smtp, { pool: settings.concurrency });
    close = () => transport.close();
    sender = startSender({
      db,
      dialect: deps.store.dialect,
      transport,
      from: smtp.from,
      holder: `sender:${process.pid}:${Math.random().toString(36).slice(2, 8)}`,
      now: deps.now,
      concurrency: settings.concurrency,
      ratePerSecond: settings.ratePerSecond,
    });
  });
  return async () => {
    stopped = true;
    await Promise.all([stopQueueing(), sender?.stop()]).finally(() => close());
  };
}
