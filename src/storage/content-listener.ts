// Every process learns of a content change as it commits: 009's triggers NOTIFY gloss_content with
// the new version, and one connection per server process LISTENs. While that connection is up the
// content version is known in memory, so a cached page is served with no round trip to the
// database; while it is down (a restart, a failover, a terminated backend) the store reads the
// version row per request, as it did before, and the listener reconnects with a growing pause.
// The row is also read on every (re)connect, after LISTEN so nothing committed between is missed,
// and every `checkMs` anyway: a connection that died silently (no RST from a lost machine) is
// found by that query timing out, and no change waits longer than that to be seen.
import pg from 'pg';

export interface ContentListenerOptions {
  /** How often the version row is read besides the notifications; 1 s by default. */
  checkMs?: number;
  /** The first pause before reconnecting; it doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told when the connection is lost and when it is back. */
  onState?: (message: string) => void;
}

const CHANNEL = 'gloss_content';
const VERSION_SQL = 'SELECT n, pg_backend_pid() AS pid FROM content_version WHERE id = 1';

export class ContentListener {
  private client?: pg.Client;
  private version = -1;
  private live = false;
  private closed = false;
  private checking = false;
  private checkTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private retryMs: number;
  private readonly checkMs: number;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;
  /** The server process id of the listening connection (what pg_stat_activity shows). */
  backendPid?: number;
  /** How many times the connection has been (re)established. */
  connections = 0;

  constructor(
    private readonly url: string,
    private readonly options: ContentListenerOptions = {},
  ) {
    this.checkMs = options.checkMs ?? 1000;
    this.firstRetryMs = options.retryMs ?? 100;
    this.maxRetryMs = options.maxRetryMs ?? 5000;
    this.retryMs = this.firstRetryMs;
  }

  /** The newest content version known, or undefined while not listening (read the row instead). */
  get current(): number | undefined {
    return this.live ? this.version : undefined;
  }

  /** A version read elsewhere (the row, by the store): versions only grow. */
  observe(version: number): void {
    if (version > this.version) this.version = version;
  }

  /** Connects and listens; if that fails, keeps trying in the background (the row serves meanwhile). */
  async start(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.checkTimer);
    await this.client?.end().catch(() => {});
    this.client = undefined;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: 15_000,
      query_timeout: 10_000,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL) return;
      const version = Number(message.payload);
      if (Number.isSafeInteger(version)) this.observe(version);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      const { rows } = await client.query(VERSION_SQL);
      if (this.closed || this.client !== client) return void client.end().catch(() => {});
      this.observe(Number(rows[0].n));
      this.backendPid = Number(rows[0].pid);
      this.live = true;
      this.connections++;
      if (this.connections > 1) this.options.onState?.('Listening for content changes again');
      this.retryMs = this.firstRetryMs;
      clearInterval(this.checkTimer);
      this.checkTimer = setInterval(() => void this.check(client), this.checkMs);
      this.checkTimer.unref();
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  private async check(client: pg.Client): Promise<void> {
    if (this.checking || this.client !== client || !this.live) return;
    this.checking = true;
    try {
      const { rows } = await client.query(VERSION_SQL);
      this.observe(Number(rows[0].n));
    } catch (err) {
      this.lost(client, err as Error);
    } finally {
      this.checking = false;
    }
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.live = false;
    clearInterval(this.checkTimer);
    client.removeAllListeners('notification');
    client.end().catch(() => {});
    if (this.closed) return;
    this.options.onState?.(
      `Lost the connection that listens for content changes (${err?.message ?? 'closed'}); reading the content version per request, reconnecting in ${this.retryMs} ms`,
    );
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
  }
}
