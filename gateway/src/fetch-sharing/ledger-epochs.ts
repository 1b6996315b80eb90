import { Client } from 'pg';
import type { Logger } from '../../../shared/src/logger';
import { LEDGER_CHANNEL } from '../../../shared/src/ledger/ledger-notify.migration';

/**
 * Each subgraph's ledger position as the gateway knows it: an epoch that moves on every ledger
 * append of that subgraph's database (PostgreSQL `LISTEN trellis_ledger`; the append sends
 * `pg_notify` in its own transaction, so the notification exists exactly when the change is
 * committed), and whenever the listening connection is lost or comes back.
 *
 * - `epoch(subgraph)` is undefined while the subgraph is not listened to (not configured, not yet
 *   connected, reconnecting): the cache is then bypassed entirely.
 * - `barrier(subgraph)` resolves once every change committed before it was called has moved the
 *   epoch: one `SELECT 1` on the listening connection, which PostgreSQL answers only after it has
 *   sent every notification already queued for it (notifications go out before the query's result
 *   on the same connection). Concurrent callers share one round trip that started after they
 *   called. So a read that starts after a write committed — on this gateway or any other, written
 *   through any subgraph instance — never takes an answer cached before that write.
 */
export class LedgerEpochs {
  private readonly listeners = new Map<string, Listener>();
  private stopped = false;
  /** Told each notification and each (re)connection or loss (metrics). */
  onInvalidation: (subgraph: string, reason: 'append' | 'connection') => void = () => {};

  constructor(
    databases: Readonly<Record<string, string>>,
    private readonly logger: Logger,
    private readonly reconnectMs = 1_000,
  ) {
    for (const [subgraph, url] of Object.entries(databases)) this.listeners.set(subgraph, { subgraph, url, epoch: 0, live: false });
  }

  start(): Promise<void> {
    return Promise.all([...this.listeners.values()].map((l) => this.connect(l))).then(() => undefined);
  }

  epoch(subgraph: string): number | undefined {
    const listener = this.listeners.get(subgraph);
    return listener?.live ? listener.epoch : undefined;
  }

  barrier(subgraph: string): Promise<boolean> {
    const listener = this.listeners.get(subgraph);
    if (!listener?.live || !listener.client) return Promise.resolve(false);
    // A round trip already on its way may have been sent before this call: wait for the next one.
    if (listener.next) return listener.next;
    const client = listener.client;
    const previous = listener.current ?? Promise.resolve(true);
    const next = previous.then(() => {
      if (listener.next === next) listener.next = undefined;
      const current = client.query('SELECT 1').then(
        () => listener.live,
        () => false,
      );
      listener.current = current;
      return current;
    });
    listener.next = next;
    return next;
  }

  private bump(listener: Listener, reason: 'append' | 'connection'): void {
    listener.epoch++;
    this.onInvalidation(listener.subgraph, reason);
  }

  private async connect(listener: Listener): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: listener.url, application_name: 'trellis-gateway-ledger-listener' });
    const lost = (error?: Error) => {
      if (listener.client !== client) return;
      listener.client = undefined;
      listener.live = false;
      listener.current = listener.next = undefined;
      this.bump(listener, 'connection');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`response cache: lost the ledger notifications of ${listener.subgraph} (${error?.message ?? 'closed'}); bypassing its cache until they are back`);
      setTimeout(() => void this.connect(listener), this.reconnectMs).unref();
    };
    client.on('notification', (message) => {
      if (message.channel === LEDGER_CHANNEL && listener.client === client) this.bump(listener, 'append');
    });
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      listener.client = client;
      await client.connect();
      await client.query(`LISTEN ${LEDGER_CHANNEL}`);
      if (listener.client !== client) return;
      // Anything cached before now may predate a change this connection did not hear of.
      this.bump(listener, 'connection');
      listener.live = true;
    } catch (error) {
      lost(error as Error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(
      [...this.listeners.values()].map(async (l) => {
        const client = l.client;
        l.client = undefined;
        l.live = false;
        await client?.end().catch(() => undefined);
      }),
    );
  }
}

interface Listener {
  subgraph: string;
  url: string;
  epoch: number;
  live: boolean;
  client?: Client;
  /** The round trip in flight, and the one queued behind it (shared by every caller since it was queued). */
  current?: Promise<boolean>;
  next?: Promise<boolean>;
}
