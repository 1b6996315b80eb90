import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { Client } from 'pg';
import { withDatabase } from '../config';
import { ensureDatabase } from './ensure-database';
import { testServerUrl } from '../../../test/support/test-database';

/**
 * Behind a pooler such as PgBouncer, a service reaches its own database and often nothing else:
 * the pooler answers "no such database" for `postgres`. A database that is there must then still
 * be found, without asking the maintenance database.
 */
let server: string;
let pooler: { url: string; refused: string[]; stop(): Promise<void> };

/** A relay that, like a pooler configured for some databases only, refuses connections to others. */
function startPooler(target: URL, allowed: (database: string) => boolean): Promise<typeof pooler> {
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    sockets.add(client);
    client.once('data', (startup) => {
      // StartupMessage: length, protocol 3.0, then key\0value\0 pairs.
      const fields = startup.subarray(8).toString('utf8').split('\0');
      const database = fields[fields.indexOf('database') + 1] ?? '';
      if (!allowed(database)) {
        refused.push(database);
        const body = Buffer.from(`SFATAL\0C08P01\0Mno such database: ${database}\0\0`);
        const header = Buffer.alloc(5);
        header.write('E');
        header.writeInt32BE(body.length + 4, 1);
        client.end(Buffer.concat([header, body]));
        return;
      }
      const upstream = net.connect(Number(target.port), target.hostname, () => upstream.write(startup));
      sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      for (const s of [client, upstream]) s.on('error', () => (client.destroy(), upstream.destroy()));
    });
  });
  return new Promise((resolve) =>
    relay.listen(0, '127.0.0.1', () => {
      const url = new URL(target.toString());
      url.host = `127.0.0.1:${(relay.address() as net.AddressInfo).port}`;
      resolve({
        url: url.toString(),
        refused,
        stop: () => new Promise((done) => (sockets.forEach((s) => s.destroy()), relay.close(() => done()))),
      });
    }),
  );
}

beforeAll(async () => {
  server = testServerUrl();
  pooler = await startPooler(new URL(server), (database) => database.startsWith('t') && database.endsWith('_pooled'));
});
afterAll(() => pooler?.stop());

it('finds a database that is there without connecting to `postgres`', async () => {
  const name = `t${randomBytes(4).toString('hex')}_pooled`;
  await ensureDatabase(withDatabase(server, name));
  await expect(ensureDatabase(withDatabase(pooler.url, name))).resolves.toBeUndefined();
  expect(pooler.refused).toEqual([]);
  const client = new Client({ connectionString: withDatabase(pooler.url, name) });
  await client.connect();
  expect((await client.query('SELECT current_database() AS db')).rows).toEqual([{ db: name }]);
  await client.end();
});

it('creates a missing database through `postgres`, and says so when it cannot reach it', async () => {
  const name = `t${randomBytes(4).toString('hex')}_created`;
  await ensureDatabase(withDatabase(server, name));
  const client = new Client({ connectionString: withDatabase(server, name) });
  await client.connect();
  await client.end();

  const missing = `t${randomBytes(4).toString('hex')}_missing`;
  await expect(ensureDatabase(withDatabase(pooler.url, missing))).rejects.toThrow(/no such database: (postgres|t\w+_missing)/);
});
