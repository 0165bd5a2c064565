import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, it } from 'node:test';
import { eachDatabase } from '../../test/helpers/databases.ts';
import { createApp } from '../app.tsx';
import { loadConfig } from '../config.ts';
import { outboxSender, sendQueuedMail } from './outbox-sender.ts';

/** Just enough SMTP on 127.0.0.1 to receive what nodemailer sends (or refuse the recipient). */
function smtpServer() {
  const messages: string[] = [];
  const state = { refuse: false };
  const server = net.createServer((socket) => {
    socket.write('220 localhost ESMTP test\r\n');
    let buffer = '';
    let inData = false;
    let message = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(message);
            message = '';
            socket.write('250 OK queued\r\n');
          } else message += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n');
        else if (verb === 'RCPT') socket.write(state.refuse ? '550 No such user here\r\n' : '250 OK\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 End data with <CR><LF>.<CR><LF>\r\n');
        } else if (verb === 'QUIT') {
          socket.write('221 Bye\r\n');
          socket.end();
        } else socket.write('250 OK\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return { server, messages, state };
}

eachDatabase('the outbox sender', (store) => {
  const smtp = smtpServer();
  let port = 0;

  before(async () => {
    await new Promise<void>((resolve) => smtp.server.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as net.AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => smtp.server.close(() => resolve())));

  const queue = (subject: string) =>
    store()
      .db.insertInto('outbox')
      .values({
        to_address: 'editor@example.org',
        subject,
        body: 'Sok wrote…\n',
        created_at: new Date().toISOString(),
        sent_at: null,
        error: null,
      })
      .execute();

  it('leaves mail waiting in the outbox when no SMTP server is configured', async () => {
    await queue('Waiting');
    const { deps } = createApp({ store: store(), config: { ...loadConfig({}, process.cwd()), smtp: null } });
    const stop = outboxSender(deps);
    stop();
    const row = await store().db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.sent_at, null);
  });

  it('sends queued mail through SMTP at start, and marks it sent', async () => {
    const config = {
      ...loadConfig({}, process.cwd()),
      smtp: { host: '127.0.0.1', port, user: null, password: null, from: 'gloss@blog.test' },
    };
    const { deps } = createApp({ store: store(), config });
    const stop = outboxSender(deps);
    try {
      for (let i = 0; i < 100 && smtp.messages.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    } finally {
      stop();
    }
    assert.equal(smtp.messages.length, 1);
    assert.match(smtp.messages[0]!, /Subject: Waiting/);
    assert.match(smtp.messages[0]!, /To: editor@example.org/);
    // Marked right after the server accepts; give the update a moment.
    for (let i = 0; i < 50; i++) {
      const row = await store().db.selectFrom('outbox').select('sent_at').executeTakeFirstOrThrow();
      if (row.sent_at) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail('the mail was not marked as sent');
  });

  it('keeps the error when the server refuses, and tries again next round', async () => {
    await queue('Refused at first');
    const nodemailer = await import('nodemailer');
    const transport = nodemailer.default.createTransport({ host: '127.0.0.1', port, secure: false });
    smtp.state.refuse = true;
    assert.deepEqual(await sendQueuedMail(store().db, transport, 'gloss@blog.test', new Date()), {
      sent: 0,
      failed: 1,
    });
    const failed = await store()
      .db.selectFrom('outbox')
      .selectAll()
      .where('subject', '=', 'Refused at first')
      .executeTakeFirstOrThrow();
    assert.match(failed.error ?? '', /550/);
    smtp.state.refuse = false;
    assert.deepEqual(await sendQueuedMail(store().db, transport, 'gloss@blog.test', new Date()), {
      sent: 1,
      failed: 0,
    });
    transport.close();
  });
});
