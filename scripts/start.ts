import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { gatewaySigningKey, serviceSigningKey } from '../shared/src/auth/key-material';
import { CORE_SUBGRAPHS, loadConfig, resolveJwtSecret, type TrellisConfig } from '../shared/src/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../shared/src/db/embedded-postgres';
import { createLogger } from '../shared/src/logger';
import { stopInOrder } from './supervise/stop-processes';

/**
 * `npm start`: PostgreSQL (embedded unless DATABASE_URL is set), the core subgraphs (brands, inventory,
 * partners, platform) as separate processes, then the gateway. Ctrl-C, SIGTERM or SIGHUP stops them in order: the gateway (it
 * finishes the requests in flight, which may still need the subgraphs), then the subgraphs (they
 * finish theirs and close their pools), then PostgreSQL — only once nothing uses it.
 *
 * Every child runs in its own process group: a Ctrl-C in the terminal signals the whole foreground
 * group, which would otherwise reach PostgreSQL and the services all at once (PostgreSQL ending
 * the services' sessions under them). Only this supervisor receives it, and it tells each in turn.
 */
const logger = createLogger('trellis');
/** The compiled tree (`dist/`), where this file runs from. */
const root = path.resolve(__dirname, '..');
let ready = false;
const children = new Map<string, ChildProcess>();
let postgres: EmbeddedPostgresHandle | undefined;
let stopping = false;

const EXAMPLE_QUERY = `query Portfolio {
  brands {
    slug
    name
    lifecycle
    skus(first: 2) { nodes { code available stock { node { code kind } available } } }
    partners { name kind }
  }
}`;

function spawnService(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(root, entry)], {
    cwd: process.cwd(),
    env: { ...env, TRELLIS_SUPERVISED: '1' },
    // stdin is a pipe from this supervisor: when it is gone, however it ended, the pipe closes and
    // the service stops by itself (TRELLIS_SUPERVISED, shared/src/process/stop-on-signals.ts).
    stdio: ['pipe', 'inherit', 'inherit'],
    // Its own process group: the terminal's Ctrl-C reaches only the supervisor, which decides the order.
    detached: true,
  });
  children.set(name, child);
  child.on('exit', (code, signal) => {
    children.delete(name);
    if (stopping) return;
    if (!ready) {
      logger.error(`${name} exited during start-up (${signal ?? `code ${code}`}); see its output above.`);
      void stop('start-up failure', 1);
    } else {
      logger.warn(`${name} exited (${signal ?? `code ${code}`}); the rest keeps running. Restart it with: DATABASE_URL=${env.DATABASE_URL} npm run start:${name}`);
    }
  });
  return child;
}

async function waitFor(url: string, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not become ready at ${url} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function start(config: TrellisConfig): Promise<void> {
  const started = Date.now();
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, 'pg');
    logger.info(`starting embedded PostgreSQL in ${path.relative(process.cwd(), dataDir) || dataDir} on port ${config.embeddedPostgresPort}`);
    postgres = await startEmbeddedPostgres({ dataDir, port: config.embeddedPostgresPort, logger, detached: true });
    databaseUrl = postgres.url;
  }
  // Secrets and keys are made once, here, so the services never race to create them.
  resolveJwtSecret(config);
  await gatewaySigningKey(config);
  for (const name of CORE_SUBGRAPHS) await serviceSigningKey(config, name);
  // The services run as the container image runs them: in production mode unless told otherwise
  // (graphql-js, Express and Apollo skip their development-only checks).
  const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', DATABASE_URL: databaseUrl, APOLLO_TELEMETRY_DISABLED: String(config.telemetryDisabled) };

  for (const name of CORE_SUBGRAPHS) spawnService(name, `subgraphs/${name}/src/main.js`, env);
  await Promise.all(
    CORE_SUBGRAPHS.map((name) => waitFor(config.subgraphUrls[name].replace(/\/graphql$/, '/health'), `the ${name} subgraph`)),
  );
  spawnService('gateway', 'gateway/src/main.js', env);
  const gatewayBase = `http://localhost:${config.gatewayPort}`;
  await waitFor(`${gatewayBase}/readyz`, 'the gateway');
  ready = true;

  const pids = [...children].map(([name, child]) => `${name} ${child.pid}`).join(', ');
  // A person at a terminal gets the friendly version; a log collector gets one JSON line like every other.
  if (!process.stdout.isTTY) {
    logger.info('ready', { url: `${gatewayBase}/graphql`, console: `${gatewayBase}/console/`, seconds: Number(((Date.now() - started) / 1000).toFixed(1)), processes: Object.fromEntries([...children].map(([name, child]) => [name, child.pid])) });
    return;
  }
  console.log(`
Trellis is up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${gatewayBase}/graphql  (processes: ${pids})

Open the console: ${gatewayBase}/console/  (sign in locally as any role; the explorer is a bundled GraphiQL)

Or try it (every request needs a token; mint one for the local installation):
  TOKEN=$(npm run -s token -- --role portfolio-manager)
  curl -s ${gatewayBase}/graphql -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\
    -d '{"query":"{ brands { slug name skus(first: 2) { nodes { code available stock { node { code } available } } } partners { name } } }"}'

or in the console's explorer (${gatewayBase}/console/explorer, the token already set):
${EXAMPLE_QUERY}

Ctrl-C stops everything.`);
}

async function stop(signal: string, exitCode = 0): Promise<void> {
  // One Ctrl-C arrives twice under `npm start` (from the terminal, and forwarded by npm): a repeat
  // changes nothing; every step is bounded.
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping the gateway, then the subgraphs, then the database`);
  // Each service stops within its grace period; one that outlives it (and a margin) is killed.
  const killAfterMs = (config?.shutdownGraceMs ?? 10_000) + 10_000;
  const running = (names: readonly string[]) => names.flatMap((name) => (children.has(name) ? [{ name, process: children.get(name)! }] : []));
  const stopped = await stopInOrder([running(['gateway']), running(CORE_SUBGRAPHS)], killAfterMs);
  for (const s of stopped) if (s.killed || s.outcome !== 'code 0') logger.warn(`${s.name} ended ${s.killed ? 'killed after not stopping in time' : `with ${s.outcome}`}`);
  if (postgres) {
    logger.info('stopping PostgreSQL');
    await postgres.stop();
  }
  logger.info('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGHUP', () => void stop('SIGHUP'));
// Should the supervisor itself fail, its children (in their own process groups) must not outlive it.
process.on('exit', () => {
  for (const child of children.values()) child.kill('SIGKILL');
});

let config: TrellisConfig;
try {
  config = loadConfig();
} catch (error) {
  logger.error((error as Error).message);
  process.exit(1);
}
start(config).catch(async (error: unknown) => {
  logger.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  await stop('start-up failure', 1);
});
