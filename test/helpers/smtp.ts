// A real SMTP server in process (the smtp-server package), keeping every message it accepts,
// parsed by mailparser: what a mail provider would receive from Gloss.
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer, { type Transporter } from 'nodemailer';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface Received {
  to: string[];
  raw: string;
  /** Parsed unless the server was started with parse: false. */
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: Received[];
  /** Waits until `count` messages have arrived (or fails after `ms`). */
  waitFor(count: number, ms?: number): Promise<Received[]>;
  /** A nodemailer transport that delivers to this server. */
  transport(pool?: number): Transporter;
  close(): Promise<void>;
}

export interface SmtpOptions {
  /** Decides each recipient: null accepts, otherwise the SMTP reply code and message to refuse with. */
  recipient?: (address: string) => { code: number; message: string } | null;
  /** Called when a message's data has arrived, before it is accepted; may hold the answer back. */
  beforeAccept?: (raw: string, session: SMTPServerSession) => Promise<void> | void;
  /** false keeps the raw message only (a bulk test counting thousands of mails). */
  parse?: boolean;
}

export async function startSmtp(options: SmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const refusal = options.recipient?.(address.address);
      if (!refusal) return callback();
      const err = new Error(refusal.message) as Error & { responseCode: number };
      err.responseCode = refusal.code;
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        try {
          await options.beforeAccept?.(raw, session);
        } catch (err) {
          return callback(err as Error);
        }
        const mail = options.parse === false ? ({} as ParsedMail) : await simpleParser(raw);
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
        for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
        callback();
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(count, ms = 15_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`expected ${count} mails, received ${received.length} in ${ms} ms`)),
          ms,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    transport(pool = 1) {
      return nodemailer.createTransport({
        host: '127.0.0.1',
        port,
        secure: false,
        ignoreTLS: true,
        pool: pool > 1,
        maxConnections: pool,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A header of a raw message as sent (folded lines unfolded); fails when it is missing. */
export function headerOf(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) throw new Error(`no ${name} header in:\n${head}`);
  return line.slice(name.length + 1).trim();
}
