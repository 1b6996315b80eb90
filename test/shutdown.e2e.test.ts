import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { mintLocalToken } from '../shared/src/auth/local-token';
import { GATEWAY_PRINCIPAL } from '../shared/src/auth/principal';
import { RequestSigner, SIGNATURE_HEADER } from '../shared/src/auth/signing';
import { withDatabase } from '../shared/src/config';
import { freePort } from './support/free-port';
import { testSigningKey } from './support/stack';

/**
 * Stopping, as the real processes do it (built once into a temporary folder and run with node):
 * a subgraph on SIGTERM stops taking connections, finishes what is in flight, closes its pool and
 * exits 0 — within its grace period; and `npm start`, told by a Ctrl-C to its process group, stops
 * the gateway (which finishes a request in flight), then the subgraphs, then PostgreSQL, without a
 * service ever seeing the database end its sessions.
 */
const ROOT = path.resolve(__dirname, '..');
// Inside node_modules, so the built code finds the project's dependencies.
const BUILD = path.join(ROOT, 'node_modules', '.cache', `trellis-shutdown-test-${randomBytes(4).toString('hex')}`);
const TEMP = path.join(BUILD, 'tmp');
const serverUrl = () => process.env.TRELLIS_TEST_SERVER_URL!;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', BUILD], { stdio: 'inherit' });
  fs.mkdirSync(TEMP, { recursive: true });
}, 120_000);
afterAll(() => {
  fs.rmSync(BUILD, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: string | null }>;
}

function run(entry: string, env: Record<string, string>, options: { detached?: boolean } = {}): Running {
  let output = '';
  const child = spawn(process.execPath, [path.join(BUILD, entry)], {
    cwd: TEMP,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', APOLLO_TELEMETRY_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

const SUBGRAPHS = ['brands', 'inventory', 'partners', 'platform'];

/** The JSON log lines in a process's output (services log one JSON object per line when not on a terminal). */
function logLines(output: string): { service: string; msg: string }[] {
  return output.split('\n').flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { service?: unknown; msg?: unknown };
      return typeof parsed.service === 'string' && typeof parsed.msg === 'string' ? [{ service: parsed.service, msg: parsed.msg }] : [];
    } catch {
      return [];
    }
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined && found !== false) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

/** Holds the brand table of a database locked, so any read of brands waits: a request kept in flight at will. */
async function lockBrands(databaseUrl: string): Promise<{ waiting: () => Promise<boolean>; release: () => Promise<void> }> {
  const holder = new Client({ connectionString: databaseUrl });
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE brand IN ACCESS EXCLUSIVE MODE');
  const { rows } = await holder.query('SELECT pg_backend_pid() AS pid');
  return {
    waiting: async () => (await holder.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [rows[0].pid])).rows[0].n > 0,
    release: async () => {
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    },
  };
}

describe('a subgraph process on SIGTERM', () => {
  async function startBrands(env: Record<string, string>) {
    const gatewayKey = await testSigningKey();
    const port = await freePort();
    const databaseUrl = withDatabase(serverUrl(), `t${randomBytes(4).toString('hex')}_shutdown_brands`);
    const brands = run('subgraphs/brands/src/main.js', {
      BRANDS_DATABASE_URL: databaseUrl,
      BRANDS_PORT: String(port),
      GATEWAY_JWKS: JSON.stringify({ keys: [gatewayKey.publicJwk] }),
      TRELLIS_DATA_DIR: fs.mkdtempSync(path.join(TEMP, 'data-')),
      ...env,
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 'the brands subgraph answering');
    const signer = new RequestSigner(gatewayKey);
    const query = async (q: string) => {
      const body = JSON.stringify({ query: q });
      const signature = await signer.sign({ audience: 'brands', method: 'POST', body, principal: GATEWAY_PRINCIPAL, requestId: randomBytes(8).toString('hex') });
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
      return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
    };
    return { brands, port, databaseUrl, query };
  }

  it('refuses new connections at once, finishes the request in flight, closes its pool and exits 0', async () => {
    const { brands, port, databaseUrl, query } = await startBrands({ DB_LOCK_TIMEOUT_MS: '0', DB_STATEMENT_TIMEOUT_MS: '0' });
    const lock = await lockBrands(databaseUrl);
    try {
      let settled = false;
      const inFlight = query('{ brands { slug } }').finally(() => (settled = true));
      await waitFor(lock.waiting, 'the request waiting for the table');

      brands.child.kill('SIGTERM');
      await waitFor(() => refusesConnections(port), 'new connections refused');
      expect(settled).toBe(false);

      await lock.release();
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      expect(answered.body.errors).toBeUndefined();
      expect(answered.body.data.brands).toHaveLength(6);
    } finally {
      await lock.release();
    }
    expect(await brands.exited).toEqual({ code: 0, signal: null });
    expect(brands.output()).toMatch(/SIGTERM: stopping[\s\S]*stopped/);
    // Its sessions are gone: the pool was closed, not abandoned.
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    const { rows } = await admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'trellis-brands'");
    await admin.end();
    expect(rows[0].n).toBe(0);
  });

  it('cuts a request still in flight when the grace period is over, and exits all the same', async () => {
    const { brands, port, databaseUrl, query } = await startBrands({ SHUTDOWN_GRACE_MS: '300', DB_LOCK_TIMEOUT_MS: '0', DB_STATEMENT_TIMEOUT_MS: '1500' });
    const lock = await lockBrands(databaseUrl);
    try {
      const inFlight = query('{ brands { slug } }').then(
        () => 'answered',
        () => 'cut',
      );
      await waitFor(lock.waiting, 'the request waiting for the table');
      brands.child.kill('SIGTERM');
      await waitFor(() => refusesConnections(port), 'new connections refused');
      expect(await inFlight).toBe('cut');
      // The statement it left behind ends at its statement timeout; then the pool closes and the process exits.
      expect(await brands.exited).toEqual({ code: 0, signal: null });
    } finally {
      await lock.release();
    }
  });
});

describe('npm start, stopped by a Ctrl-C', () => {
  it('stops the gateway (finishing its request in flight), then the subgraphs, then PostgreSQL: no session is ended under a service', async () => {
    const [pgPort, gatewayPort, brandsPort, inventoryPort, partnersPort, platformPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort(), freePort()]);
    const secret = 'shutdown-test-secret-of-at-least-thirty-two-characters';
    const trellis = run(
      'scripts/start.js',
      {
        TRELLIS_DATA_DIR: fs.mkdtempSync(path.join(TEMP, 'npm-start-')),
        PG_PORT: String(pgPort),
        GATEWAY_PORT: String(gatewayPort),
        BRANDS_PORT: String(brandsPort),
        INVENTORY_PORT: String(inventoryPort),
        PARTNERS_PORT: String(partnersPort),
        PLATFORM_PORT: String(platformPort),
        JWT_SECRET: secret,
        DB_LOCK_TIMEOUT_MS: '0',
        DB_STATEMENT_TIMEOUT_MS: '0',
      },
      // Its own process group, as a shell gives a command it runs in the foreground.
      { detached: true },
    );
    try {
      // Not a terminal: every line, npm start's own included, is one JSON object.
      await waitFor(async () => logLines(trellis.output()).some((l) => l.service === 'trellis' && l.msg === 'ready'), 'npm start up', 120_000);
      const lock = await lockBrands(`postgres://postgres:postgres@127.0.0.1:${pgPort}/trellis_brands`);
      try {
        const adminToken = await mintLocalToken(secret, { issuer: 'trellis', audience: 'trellis' }, { sub: 'test:admin', roles: ['admin'], brands: '*', expiresIn: '5m' });
        const inFlight = fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({ query: '{ brands { slug } }' }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
        await waitFor(lock.waiting, 'the request waiting for the table');

        // Ctrl-C: the terminal signals the whole foreground process group.
        process.kill(-trellis.child.pid!, 'SIGINT');
        await waitFor(() => refusesConnections(gatewayPort), 'the gateway refusing new connections');
        // The subgraphs are not told before the gateway is gone: its request still needs them.
        expect(logLines(trellis.output()).filter((l) => SUBGRAPHS.includes(l.service) && /SIGTERM/.test(l.msg))).toEqual([]);

        await lock.release();
        const answered = await inFlight;
        expect(answered.status).toBe(200);
        expect(answered.body.data.brands).toHaveLength(6);
      } finally {
        await lock.release();
      }
      expect(await trellis.exited).toEqual({ code: 0, signal: null });
    } finally {
      if (trellis.child.exitCode === null) process.kill(-trellis.child.pid!, 'SIGKILL');
    }

    const log = trellis.output();
    expect(log).not.toMatch(/terminating connection|administrator command|Postgres pool raised an error/);
    const lines = logLines(log);
    const at = (service: string, msg: RegExp) => lines.findIndex((l) => l.service === service && msg.test(l.msg));
    expect(at('gateway', /^stopped/)).toBeGreaterThan(0);
    for (const name of SUBGRAPHS) {
      expect(at(name, /SIGTERM/)).toBeGreaterThan(at('gateway', /^stopped/));
      expect(at(name, /^stopped/)).toBeGreaterThan(0);
      expect(at(name, /^stopped/)).toBeLessThan(at('trellis', /^stopping PostgreSQL/));
    }
    expect(lines.at(-1)).toMatchObject({ service: 'trellis', msg: 'stopped' });
    // PostgreSQL is gone too.
    expect(await refusesConnections(pgPort)).toBe(true);
  }, 180_000);
});
