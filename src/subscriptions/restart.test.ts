// The queue survives a crash: 2,000 mails, a sender killed (SIGKILL) mid-batch while the SMTP
// server holds its answers, then a fresh sender. The in-process SMTP server counts Message-IDs:
// each mail arrives exactly once. Bounded: every wait has a deadline and the child is always killed.
// Why it may take over a minute: 2,000 real SMTP transactions and their database writes per
// database: about 11 s of CPU each, measured at 37–48 s of wall time on a busy 2-core machine.
import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { startSmtp } from '../../test/helpers/smtp.ts';
import type { OutgoingMail } from './compose.ts';
import { enqueueMail } from './queue.ts';

const TOTAL = 2000;
const KILL_AT = 700;
const LEASE_MS = 1500;
const CHILD = path.resolve(import.meta.dirname, '../../test/helpers/sender-process.ts');

function startChild(databaseUrl: string, smtpPort: number): Promise<ChildProcess> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SMTP_PORT: String(smtpPort),
      SENDER_LEASE_MS: String(LEASE_MS),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sender process did not start in 20 s')), 20_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the sender process exited early (${code})`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function until(what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

eachDatabase('subscriptions: the sender resumes after a crash', (store, _kind, databaseUrl) => {
  it(`delivers ${TOTAL} mails exactly once across a killed sender`, { timeout: 120_000 }, async () => {
    const db = store().db;
    const now = new Date();
    const mails: OutgoingMail[] = Array.from({ length: TOTAL }, (_, i) => ({
      kind: 'post',
      subscriberId: null,
      to: `reader${i}@example.com`,
      dedupeKey: `restart:${i}`,
      subject: `Mail ${i}`,
      text: `Mail number ${i}.\n`,
      html: null,
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    }));
    assert.equal(await enqueueMail(db, mails, 'http://blog.test', now), TOTAL);

    let accepted = 0;
    let frozen = false;
    const held: ((err: Error) => void)[] = [];
    const smtp = await startSmtp({
      parse: false,
      beforeAccept: () => {
        if (frozen) return new Promise<void>((_, reject) => held.push(reject));
        if (++accepted === KILL_AT) frozen = true;
      },
    });
    const url = databaseUrl();
    let child: ChildProcess | undefined;
    try {
      child = await startChild(url, smtp.port);
      await until(`${KILL_AT} mails`, 60_000, () => frozen);
      // Every connection now waits on the server; what was acknowledged is settled in a moment.
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGKILL');
      await exited(child);
      for (const reject of held.splice(0)) reject(new Error('connection gone'));
      assert.equal(smtp.received.length, KILL_AT);
      const claimed = await db
        .selectFrom('mail_queue')
        .select('id')
        .where('claimed_by', 'is not', null)
        .execute();
      assert.ok(claimed.length > 0, 'the crash left claimed mail behind');

      frozen = false;
      accepted = TOTAL; // no more freezing
      child = await startChild(url, smtp.port);
      await until(`all ${TOTAL} mails`, 90_000, async () => {
        const left = await db
          .selectFrom('mail_queue')
          .select('id')
          .where('status', '!=', 'sent')
          .limit(1)
          .execute();
        return left.length === 0;
      });
      child.kill('SIGTERM');
      await exited(child);
    } finally {
      child?.kill('SIGKILL');
      await smtp.close();
    }
    const ids = smtp.received.map((r) => /^Message-ID:\s*(<[^>]+>)/im.exec(r.raw)?.[1]);
    assert.equal(ids.filter(Boolean).length, TOTAL);
    assert.equal(new Set(ids).size, TOTAL, 'no mail twice');
    const rows = await db.selectFrom('mail_queue').select(['message_id', 'status']).execute();
    assert.deepEqual(new Set(rows.map((r) => r.message_id)), new Set(ids), 'every queued mail arrived');
  });
});
