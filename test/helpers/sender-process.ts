// A mail sender in a process of its own, so that a test can kill it mid-batch (SIGKILL) and see
// what a crash leaves behind. Reads DATABASE_URL, SMTP_PORT, SENDER_LEASE_MS and SENDER_RATE.
import nodemailer from 'nodemailer';
import { openStore } from '../../src/storage/db.ts';
import { startSender } from '../../src/subscriptions/sender.ts';

const store = await openStore(process.env.DATABASE_URL!, { migrate: false });
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: Number(process.env.SMTP_PORT),
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: 4,
});
const sender = startSender({
  db: store.db,
  dialect: store.dialect,
  transport,
  from: 'blog@blog.test',
  holder: `child:${process.pid}`,
  now: () => new Date(),
  concurrency: 4,
  batchSize: 50,
  ratePerSecond: Number(process.env.SENDER_RATE ?? 500),
  leaseMs: Number(process.env.SENDER_LEASE_MS ?? 2000),
  idleMs: 200,
});
process.send?.('started');
process.on('SIGTERM', async () => {
  await sender.stop();
  transport.close();
  await store.close();
  process.exit(0);
});
