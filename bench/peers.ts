import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gatewaySigningKey, serviceSigningKey } from '../shared/src/auth/key-material';
import { mintLocalToken } from '../shared/src/auth/local-token';
import type { Principal } from '../shared/src/auth/principal';
import { CORE_SUBGRAPHS, loadConfig, resolveJwtSecret } from '../shared/src/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../shared/src/db/embedded-postgres';
import { brandIdBySlug } from '../shared/src/demo/portfolio';
import { freePort } from '../test/support/free-port';
import { markdownProfile, readProfile, summarizeProfile } from './harness/cpu-profile';
import { clockTicksPerSecond, cpuMs, machineBusyMs, treeCpuMs } from './harness/proc-cpu';
import { httpOk, logTail, runningServices, startService, stopAll, stopService, waitReady, type Service } from './harness/processes';
import { describeWaves, wavesOf, type CapturedFetch, type ReplayRequest } from './harness/replay';
import { acceptance, markdownAcceptance, markdownRounds, markdownSubgraphs, markdownTable, otherLoad, roundOrder, type RoundSample, type TargetResult } from './harness/report';

/**
 * `npm run bench:peers`: Trellis against peer gateways on the same subgraphs, the same query and
 * the same machine, in one run. See README › Benchmarks › Peers, and `bench/results/peers.md`.
 *
 * Every target is its own process on loopback; the subgraphs are Trellis's own (`dist/subgraphs/…`,
 * as `npm start` runs them) on an embedded PostgreSQL in a temporary folder. Targets alternate
 * within each round (rotated by one each round), and each round's CPU is read from /proc around it.
 */
const root = path.resolve(__dirname, '..', '..');
const peersDir = path.join(root, 'bench', 'peers');
/** The Trellis measured: this checkout, or another built one (BENCH_TRELLIS_ROOT), e.g. the build before a change. */
const trellisRoot = process.env.BENCH_TRELLIS_ROOT ? path.resolve(process.env.BENCH_TRELLIS_ROOT) : root;

/** Every target, in the order of the table. */
const TARGET_IDS = ['trellis', 'trellis-cached', 'apollo', 'hive-js', 'hive-js-nodedup', 'hive-rust', 'hive-rust-nodedup', 'direct'] as const;

const USAGE = `usage: npm run bench:peers -- [options]

Starts PostgreSQL, Trellis's subgraphs and every target on loopback, checks that every target gives
the same answer to the storefront query, then measures them in alternating rounds and writes the
markdown table (bench/results/peers.md). Peers are installed into bench/peers/node_modules on first
use (again only when bench/peers/package.json or its lock changes).

  --rounds N        rounds; every target runs once per round, order rotated    (default 4,  env BENCH_ROUNDS)
  --seconds N       seconds of load per target per round                       (default 10, env BENCH_SECONDS)
  --connections N   autocannon connections                                     (default 20, env BENCH_CONNECTIONS)
  --warmup N        seconds of warm-up load per target before the rounds       (default 5,  env BENCH_WARMUP)
  --quick           a smoke run: 2 rounds of 3 s, 1 s warm-up (flags and BENCH_* still win)
  --only a,b,…      only these targets: ${TARGET_IDS.join(', ')}
  --out FILE        where to write the table (default bench/results/peers.md)
  --profile         instead of the comparison: profile the Trellis gateway and the inventory subgraph
                    (node --cpu-prof) under --seconds of load, and summarise their top self time
  --keep            keep the temporary folder (logs, supergraph, captured fetches, profiles)
  --npm-timeout N   seconds one npm command may take installing the peers   (default 600, env BENCH_NPM_TIMEOUT)
  -h, --help        this text

BENCH_TRELLIS_ROOT=<dir> measures the gateway and subgraphs of another built checkout instead of
this one's (the peers still come from here): the same run, before and after a change.

Trellis runs twice (JWT, limits and governance on; no per-caller cost rate, as the peers have none):
like for like (TRELLIS_FETCH_DEDUP=0, TRELLIS_RESPONSE_CACHE=0)
and with its own dedup and cache (TRELLIS_FETCH_DEDUP=1, TRELLIS_RESPONSE_CACHE=1).`;

/** The storefront's page: one brand, 20 SKUs with stock per node, each node's operator, and the brand's partners. Everything in it a storefront token may see. */
const STOREFRONT_QUERY = `query Storefront {
  brand(slug: "halden") {
    slug
    name
    skus(first: 20) {
      totalCount
      nodes {
        code
        name
        available
        stock {
          available
          node { code kind operator { name } }
        }
      }
    }
    partners { name kind }
  }
}`;
const STOREFRONT_BRAND = 'halden';

interface TargetSpec {
  id: (typeof TARGET_IDS)[number];
  label: string;
  dedup: string;
  cache: string;
  /** Settings passed that this build does not read. */
  unread?: string[];
  start(ctx: Context, port: number): Service;
}

interface Context {
  tmp: string;
  logDir: string;
  baseEnv: NodeJS.ProcessEnv;
  peerEnv: NodeJS.ProcessEnv;
  profileDir?: string;
}

function nodeArgs(ctx: Context, name: string, entry: string): string[] {
  const profile = ctx.profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${path.join(ctx.profileDir, name)}`] : [];
  return ['--enable-source-maps', ...profile, entry];
}

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Whether this build of the gateway reads a setting at all (the switches are specified before they are implemented). */
function gatewayReads(setting: string): boolean {
  const search = (dir: string): boolean =>
    fs.existsSync(dir) &&
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return search(file);
      return entry.name.endsWith('.js') && fs.readFileSync(file, 'utf8').includes(setting);
    });
  return search(path.join(trellisRoot, 'dist', 'gateway')) || search(path.join(trellisRoot, 'dist', 'shared'));
}

/** What this build does with Trellis's dedup and cache switches, in words for the report. */
function switchesRead(): string {
  const read = ['TRELLIS_FETCH_DEDUP', 'TRELLIS_RESPONSE_CACHE'].map((name) => `${gatewayReads(name) ? 'reads' : 'does not read'} \`${name}\``);
  return read.join(' and ');
}

function targets(): TargetSpec[] {
  const apolloVersion = versionOf(path.join(root, 'node_modules', '@apollo', 'gateway', 'package.json'));
  const hiveVersion = versionOf(path.join(peersDir, 'node_modules', '@graphql-hive', 'gateway', 'package.json'));
  const routerVersion = versionOf(path.join(peersDir, 'node_modules', '@graphql-hive', 'router-runtime', 'package.json'));
  const dedupRead = gatewayReads('TRELLIS_FETCH_DEDUP');
  const cacheRead = gatewayReads('TRELLIS_RESPONSE_CACHE');
  // '1' and '0': the values the project's boolean settings accept (shared/src/config.ts), so the
  // switches work as soon as the gateway reads them.
  const trellis = (id: TargetSpec['id'], label: string, on: boolean): TargetSpec => {
    const switches = { TRELLIS_FETCH_DEDUP: on ? '1' : '0', TRELLIS_RESPONSE_CACHE: on ? '1' : '0' };
    return {
      id,
      label,
      dedup: on ? (dedupRead ? 'on' : 'asked, not read') : 'off',
      cache: on ? (cacheRead ? 'on' : 'asked, not read') : 'off',
      unread: on ? Object.keys(switches).filter((name) => !gatewayReads(name)) : undefined,
      start: (ctx, port) =>
        startService(id, nodeArgs(ctx, id, 'dist/gateway/src/main.js'), {
          cwd: trellisRoot,
          logDir: ctx.logDir,
          // No per-caller cost rate: the peers have none, and every request here comes from one token.
          env: { ...ctx.baseEnv, GATEWAY_PORT: String(port), COST_RATE_BUDGETS_PER_SECOND: '0', ...switches },
        }),
    };
  };
  const peer = (id: TargetSpec['id'], label: string, dedup: string, script: string, env: NodeJS.ProcessEnv = {}): TargetSpec => ({
    id,
    label,
    dedup,
    cache: 'off',
    start: (ctx, port) =>
      startService(id, nodeArgs(ctx, id, path.join(peersDir, script)), { cwd: peersDir, logDir: ctx.logDir, env: { ...ctx.peerEnv, ...env, PORT: String(port) } }),
  });
  return [
    trellis('trellis', 'Trellis, like for like (JWT + governance, `TRELLIS_FETCH_DEDUP=0 TRELLIS_RESPONSE_CACHE=0`)', false),
    trellis('trellis-cached', 'Trellis, own dedup + cache (JWT + governance, `TRELLIS_FETCH_DEDUP=1 TRELLIS_RESPONSE_CACHE=1`)', true),
    peer('apollo', `@apollo/gateway ${apolloVersion}`, 'off', 'apollo-gateway.cjs'),
    peer('hive-js', `Hive Gateway ${hiveVersion}, JS planner, dedup on`, 'on', 'hive-gateway.cjs', { HIVE_PLANNER: 'js', HIVE_DEDUP: 'on' }),
    peer('hive-js-nodedup', `Hive Gateway ${hiveVersion}, JS planner, dedup off`, 'off', 'hive-gateway.cjs', { HIVE_PLANNER: 'js', HIVE_DEDUP: 'off' }),
    peer('hive-rust', `Hive Gateway ${hiveVersion} + Rust planner ${routerVersion}, dedup on`, 'on', 'hive-gateway.cjs', { HIVE_PLANNER: 'rust', HIVE_DEDUP: 'on' }),
    peer('hive-rust-nodedup', `Hive Gateway ${hiveVersion} + Rust planner ${routerVersion}, dedup off`, 'off', 'hive-gateway.cjs', { HIVE_PLANNER: 'rust', HIVE_DEDUP: 'off' }),
    { ...peer('direct', 'direct subgraphs (ceiling)', '–', 'direct.cjs'), cache: '–' },
  ];
}

// ---------------------------------------------------------------------------------------------

interface Options {
  rounds: number;
  seconds: number;
  connections: number;
  warmup: number;
  quick: boolean;
  /** Seconds one npm command may take while installing the peers. */
  npmTimeout: number;
  only?: string[];
  out: string;
  profile: boolean;
  keep: boolean;
}

function options(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'npm-timeout': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string', default: path.join('bench', 'results', 'peers.md') },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // A flag wins over the environment, which wins over --quick's value, which wins over the default.
  const defaults = values.quick ? { rounds: '2', seconds: '3', connections: '20', warmup: '1', 'npm-timeout': '600' } : { rounds: '4', seconds: '10', connections: '20', warmup: '5', 'npm-timeout': '600' };
  const count = (name: keyof typeof defaults, min: number) => {
    const value = values[name] ?? env[`BENCH_${name.toUpperCase().replace('-', '_')}`] ?? defaults[name];
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} (or BENCH_${name.toUpperCase().replace('-', '_')}) must be a whole number ≥ ${min}, not "${value}"\n${USAGE}`);
    return n;
  };
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.find((id) => !(TARGET_IDS as readonly string[]).includes(id));
  if (unknown) throw new Error(`--only: unknown target "${unknown}"; targets are ${TARGET_IDS.join(', ')}`);
  return {
    rounds: count('rounds', 1),
    seconds: count('seconds', 1),
    connections: count('connections', 1),
    warmup: count('warmup', 0),
    quick: values.quick!,
    npmTimeout: count('npm-timeout', 10),
    only,
    out: path.resolve(root, values.out!),
    profile: values.profile!,
    keep: values.keep!,
  };
}

const STAMP = path.join(peersDir, 'node_modules', '.trellis-bench-peers.sha256');

/** The install's identity: package.json and package-lock.json together. */
function peersFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    const full = path.join(peersDir, file);
    hash.update(`${file}\0${fs.existsSync(full) ? fs.readFileSync(full) : ''}\0`);
  }
  return hash.digest('hex');
}

/**
 * Whether node_modules already holds exactly what the lock says, without a stamp (installed by hand
 * or before the stamp existed): npm's own record (node_modules/.package-lock.json) lists the same
 * packages at the same versions, and the lock was made from this package.json.
 */
function installMatchesLock(): boolean {
  try {
    const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as { packages?: Record<string, { version?: string; dependencies?: Record<string, string> }>; dependencies?: Record<string, string> };
    const lock = read(path.join(peersDir, 'package-lock.json'));
    const installed = read(path.join(peersDir, 'node_modules', '.package-lock.json'));
    const manifest = read(path.join(peersDir, 'package.json'));
    if (canonical(lock.packages?.['']?.dependencies ?? {}) !== canonical(manifest.dependencies ?? {})) return false;
    const versions = (packages: Record<string, { version?: string }> = {}) =>
      canonical(Object.fromEntries(Object.entries(packages).filter(([name]) => name !== '').map(([name, p]) => [name, p.version])));
    return versions(lock.packages) === versions(installed.packages);
  } catch {
    return false;
  }
}

/** One npm command in bench/peers under coreutils \`timeout\` (npm can hang on a slow or flaky registry): TERM at the limit, KILL 10 s later. */
function npm(args: string[], timeoutS: number): boolean {
  console.log(`  $ npm ${args.join(' ')}  (in bench/peers, at most ${timeoutS} s)`);
  const result = spawnSync('timeout', ['-k', '10', String(timeoutS), 'npm', ...args, '--no-audit', '--no-fund'], { stdio: 'inherit', cwd: peersDir });
  if (result.error) throw new Error(`could not run npm under timeout: ${result.error.message}`);
  if (result.status === 124 || result.status === 137) console.log(`  npm ${args[0]} took longer than ${timeoutS} s and was stopped`);
  return result.status === 0;
}

/**
 * bench/peers has its own package.json: installed here on first use, and again only when its
 * package.json or lock changes (a fingerprint of both is kept in node_modules), never by the
 * project's \`npm ci\`. \`npm ci\` from the lock; if that fails (the lock no longer fits package.json, or
 * npm timed out), \`npm install\`, tried twice, which also rewrites the lock.
 */
function ensurePeersInstalled(timeoutS: number): void {
  const fingerprint = peersFingerprint();
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8').trim() === fingerprint) return;
  if (installMatchesLock()) {
    fs.writeFileSync(STAMP, `${fingerprint}\n`);
    return;
  }
  console.log('Installing the peers into bench/peers/node_modules (first use, or bench/peers/package.json or its lock changed) …');
  const ok = (fs.existsSync(path.join(peersDir, 'package-lock.json')) && npm(['ci'], timeoutS)) || npm(['install'], timeoutS) || npm(['install'], timeoutS);
  if (!ok) throw new Error('installing the peers into bench/peers failed (see npm\'s output above); nothing was measured');
  fs.writeFileSync(STAMP, `${peersFingerprint()}\n`);
}

// ---------------------------------------------------------------------------------------------
// Load

interface AutocannonResult {
  duration: number;
  latency: { p50: number; p99: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

let autocannon: Autocannon;

interface Load {
  result: AutocannonResult;
  graphqlErrors: number;
}

/**
 * `seconds` of closed-loop load at `connections` connections. Every 2xx body is checked for a
 * GraphQL `"errors"` member; one in 50 is parsed in full and must have `data`.
 */
async function load(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<Load> {
  let seen = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: STOREFRONT_QUERY, operationName: 'Storefront' }),
        onResponse: (status: number, body: string) => {
          if (status < 200 || status >= 300) return;
          seen++;
          if (body.includes('"errors"')) graphqlErrors++;
          else if (seen % 50 === 0) {
            try {
              if (!(JSON.parse(body) as { data?: unknown }).data) graphqlErrors++;
            } catch {
              graphqlErrors++;
            }
          }
        },
      },
    ],
  });
  return { result, graphqlErrors };
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function postQuery(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: STOREFRONT_QUERY, operationName: 'Storefront' }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] } };
  }
}

/** JSON with object keys sorted: two answers are equal when their canonical texts are. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The first path where two JSON values differ, for a readable mismatch. */
function firstDifference(a: unknown, b: unknown, at = 'data'): string | undefined {
  if (canonical(a) === canonical(b)) return undefined;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}${Array.isArray(a) ? `[${key}]` : `.${key}`}`);
      if (d) return d;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 120)} ≠ ${JSON.stringify(b)?.slice(0, 120)}`;
}

// ---------------------------------------------------------------------------------------------

interface Running {
  spec: TargetSpec;
  service: Service;
  url: string;
  headers: Record<string, string>;
}

async function main(): Promise<void> {
  const opts = options();
  if (process.platform !== 'linux') throw new Error('bench:peers reads CPU time from /proc: it runs on Linux only');
  ensurePeersInstalled(opts.npmTimeout);
  autocannon = createRequire(path.join(peersDir, 'package.json'))('autocannon') as Autocannon;

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-bench-peers-'));
  const dataDir = path.join(tmp, 'data');
  const logDir = path.join(tmp, 'logs');
  let postgres: EmbeddedPostgresHandle | undefined;
  let stopping = false;
  const cleanup = async (exitCode?: number) => {
    if (stopping) return;
    stopping = true;
    await stopAll(opts.profile ? 30_000 : 10_000);
    await postgres?.stop().catch(() => undefined);
    if (opts.keep) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
    if (exitCode !== undefined) process.exit(exitCode);
  };
  process.once('SIGINT', () => {
    console.log('\ninterrupted: stopping every process');
    void cleanup(130);
  });
  process.once('SIGTERM', () => void cleanup(143));
  // embedded-postgres stops its server and exits on SIGINT/SIGTERM by itself (async-exit-hook), maybe
  // before the cleanup above is done: the services are then SIGKILLed (processes.ts) and the folder goes here.
  process.on('exit', () => {
    if (!opts.keep) fs.rmSync(tmp, { recursive: true, force: true });
  });

  try {
    await run(opts, { tmp, dataDir, logDir, setPostgres: (pg) => (postgres = pg) });
  } finally {
    await cleanup();
  }
}

async function run(opts: Options, dirs: { tmp: string; dataDir: string; logDir: string; setPostgres(pg: EmbeddedPostgresHandle): void }): Promise<void> {
  const { tmp, dataDir, logDir } = dirs;
  const all = targets();
  const selected = opts.profile ? all.filter((t) => t.id === 'trellis') : opts.only ? all.filter((t) => opts.only!.includes(t.id)) : all;
  const cores = os.cpus().length;
  const loadAtStart = os.loadavg();
  console.log(
    `Trellis peer benchmark: ${opts.profile ? 'profile of the Trellis gateway and inventory' : `${selected.length} targets`}, ${opts.rounds} × ${opts.seconds} s rounds, ` +
      `${opts.connections} connections, warm-up ${opts.warmup} s, Node ${process.version}, ${cores} cores, load average ${loadAtStart.map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`,
  );

  // PostgreSQL, keys and secrets, as `npm start` makes them, in a folder of our own.
  const pgPort = await freePort();
  const pgData = path.join(dataDir, 'pg');
  const postgres = await startEmbeddedPostgres({ dataDir: pgData, port: pgPort });
  dirs.setPostgres(postgres);
  const postmasterPid = Number(fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ports = { gateway: await freePort(), brands: await freePort(), inventory: await freePort(), partners: await freePort(), platform: await freePort() };
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TRELLIS_DATA_DIR: dataDir,
    DATABASE_URL: postgres.url,
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    GATEWAY_URL: `http://127.0.0.1:${ports.gateway}/graphql`,
    BRANDS_PORT: String(ports.brands),
    INVENTORY_PORT: String(ports.inventory),
    PARTNERS_PORT: String(ports.partners),
    PLATFORM_PORT: String(ports.platform),
    LOG_FORMAT: 'json',
    APOLLO_TELEMETRY_DISABLED: 'true',
    // As `npm start` and the container image run the services (and as the peers run below).
    NODE_ENV: 'production',
  };
  for (const name of ['SUPERGRAPH_FILE', 'BRANDS_URL', 'INVENTORY_URL', 'PARTNERS_URL', 'PLATFORM_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_TRACES_EXPORTER']) {
    delete baseEnv[name];
  }
  const config = loadConfig(baseEnv);
  const jwtSecret = resolveJwtSecret(config);
  await gatewaySigningKey(config);
  for (const name of CORE_SUBGRAPHS) await serviceSigningKey(config, name);

  const profileDir = opts.profile ? path.join(tmp, 'profiles') : undefined;
  const ctx: Context = { tmp, logDir, baseEnv, peerEnv: {}, profileDir };

  // The subgraphs, as `npm start` runs them.
  const subgraphs: Service[] = [];
  // An older build (BENCH_TRELLIS_ROOT) may not have every subgraph this one has.
  for (const name of CORE_SUBGRAPHS.filter((n) => fs.existsSync(path.join(trellisRoot, 'dist', 'subgraphs', n, 'src', 'main.js')))) {
    const args = name === 'inventory' && profileDir ? nodeArgs(ctx, name, `dist/subgraphs/${name}/src/main.js`) : ['--enable-source-maps', `dist/subgraphs/${name}/src/main.js`];
    subgraphs.push(startService(name, args, { cwd: trellisRoot, logDir, env: baseEnv }));
  }
  await Promise.all(subgraphs.map((s) => waitReady(s, () => httpOk(`http://127.0.0.1:${ports[s.name as keyof typeof ports]}/health`))));
  console.log(`subgraphs up: ${subgraphs.map((s) => `${s.name} (pid ${s.pid})`).join(', ')}; PostgreSQL pid ${postmasterPid}`);

  // The first Trellis gateway brings up the registry (and is the like-for-like target).
  const spec = (id: string) => all.find((t) => t.id === id)!;
  const running: Running[] = [];
  const failures = new Map<string, string>();
  const storefrontToken = await mintLocalToken(jwtSecret, config.auth, { sub: `bench:storefront@${STOREFRONT_BRAND}`, roles: ['storefront'], brands: [STOREFRONT_BRAND], expiresIn: '4h' });
  const platformToken = await mintLocalToken(jwtSecret, config.auth, { sub: 'bench:platform', roles: ['platform'], brands: '*', expiresIn: '1h' });
  const storefront = { authorization: `Bearer ${storefrontToken}` };

  const startTarget = async (target: TargetSpec, port: number, ready: (url: string) => Promise<boolean>, headers: Record<string, string> = {}): Promise<Running | undefined> => {
    let service: Service | undefined;
    try {
      service = target.start(ctx, port);
      const base = `http://127.0.0.1:${port}`;
      await waitReady(service, () => ready(base));
      const r = { spec: target, service, url: `${base}/graphql`, headers };
      running.push(r);
      return r;
    } catch (error) {
      failures.set(target.id, (error as Error).message);
      console.log(`✗ ${target.id} did not start: ${(error as Error).message}`);
      if (service) await stopService(service);
      return undefined;
    }
  };
  const trellisReady = (base: string) => httpOk(`${base}/readyz`);
  const peerReady = (base: string) =>
    httpOk(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"query":"{ __typename }"}' });

  const registry = await startTarget(spec('trellis'), ports.gateway, trellisReady, storefront);
  if (!registry) throw new Error('the Trellis gateway (and with it the registry) did not start: nothing to compare against');
  if (!opts.profile && selected.some((t) => t.id === 'trellis-cached')) await startTarget(spec('trellis-cached'), await freePort(), trellisReady, storefront);

  // The supergraph every peer serves: the registry's, as any router would get it.
  const supergraphResponse = await fetch(`http://127.0.0.1:${ports.gateway}/supergraph`, { headers: { authorization: `Bearer ${platformToken}` } });
  if (!supergraphResponse.ok) throw new Error(`GET /supergraph answered ${supergraphResponse.status}: ${await supergraphResponse.text()}`);
  const supergraphFile = path.join(tmp, 'supergraph.graphql');
  fs.writeFileSync(supergraphFile, await supergraphResponse.text());
  console.log(`supergraph version ${supergraphResponse.headers.get('x-trellis-supergraph-version')} from GET /supergraph → ${supergraphFile}`);

  // Trellis's answer is the reference every target's `data` must equal.
  const reference = await postQuery(registry.url, storefront);
  if (reference.status !== 200 || reference.body.errors?.length || !reference.body.data) {
    throw new Error(`Trellis did not answer the storefront query cleanly (HTTP ${reference.status}): ${JSON.stringify(reference.body.errors ?? reference.body).slice(0, 500)}`);
  }

  const benchPrincipal: Principal = {
    sub: `bench:storefront@${STOREFRONT_BRAND}`,
    roles: ['storefront'],
    scopes: [],
    brands: [STOREFRONT_BRAND],
    brandIds: [brandIdBySlug(STOREFRONT_BRAND)],
  };
  ctx.peerEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TRELLIS_ROOT: root,
    BENCH_SIGNING_KEY: path.join(dataDir, 'secrets', 'gateway-signing-key.json'),
    BENCH_PRINCIPAL: JSON.stringify(benchPrincipal),
    BENCH_SUPERGRAPH: supergraphFile,
    NODE_ENV: 'production',
  };

  // The direct ceiling replays what a gateway sends: captured once from plain @apollo/gateway.
  let waves: ReplayRequest[][] | undefined;
  if (selected.some((t) => t.id === 'direct')) {
    try {
      waves = await capture(ctx, spec('apollo'));
      fs.writeFileSync(path.join(tmp, 'replay.json'), JSON.stringify({ query: STOREFRONT_QUERY, waves }, null, 2));
      console.log(`captured the storefront query's subgraph requests: ${describeWaves(waves)}`);
    } catch (error) {
      failures.set('direct', `capture failed: ${(error as Error).message}`);
    }
  }

  for (const target of selected) {
    if (target.id === 'trellis' || target.id === 'trellis-cached' || failures.has(target.id)) continue;
    const env = target.id === 'direct' ? { ...ctx.peerEnv, BENCH_REPLAY: path.join(tmp, 'replay.json') } : ctx.peerEnv;
    await startTarget({ ...target, start: (c, port) => target.start({ ...c, peerEnv: env }, port) }, await freePort(), peerReady);
  }

  // Every target must give the same answer (the direct ceiling: the same subgraph answers).
  const checks = new Map<string, string>();
  for (const r of [...running]) {
    const answer = await postQuery(r.url, r.headers).catch((error: Error): Answer => ({ status: 0, body: { errors: [{ message: error.message }] } }));
    let problem: string | undefined;
    if (answer.status !== 200) problem = `HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
    else if (answer.body.errors?.length) problem = `GraphQL errors: ${answer.body.errors.map((e) => e.message).join('; ').slice(0, 300)}`;
    else if (r.spec.id === 'direct') {
      const expected = waves!.at(-1)!.at(-1)!;
      problem = firstDifference(answer.body.data, (JSON.parse(expected.response) as { data: unknown }).data);
      if (!problem) checks.set(r.spec.id, `the replay's last answer equals the ${expected.subgraph} answer the gateway got`);
    } else {
      problem = firstDifference(answer.body.data, reference.body.data);
      if (!problem) checks.set(r.spec.id, r.spec.id === 'trellis' ? 'the reference' : "`data` equals Trellis's");
    }
    if (problem) {
      failures.set(r.spec.id, `wrong answer: ${problem}`);
      console.log(`✗ ${r.spec.id}: ${problem}`);
      running.splice(running.indexOf(r), 1);
      if (r !== registry) await stopService(r.service);
    } else console.log(`✓ ${r.spec.id} answers (pid ${r.service.pid}): ${checks.get(r.spec.id)}`);
  }

  const measured = selected.map((t) => running.find((r) => r.spec.id === t.id)).filter((r): r is Running => !!r);
  if (opts.profile) {
    await profile(opts, registry, subgraphs, tmp);
    return;
  }

  // Warm-up, then the rounds: every target once per round, the order rotated each round.
  const results = new Map<string, TargetResult>(selected.map((t) => [t.id, { id: t.id, label: t.label, dedup: t.dedup, cache: t.cache, rounds: [], failure: failures.get(t.id), check: checks.get(t.id), unread: t.unread }]));
  if (opts.warmup > 0) {
    for (const r of measured) {
      await load(r.url, r.headers, opts.warmup, opts.connections).catch(() => undefined);
    }
    console.log(`warmed up ${measured.length} targets (${opts.warmup} s each)`);
  }
  const subgraphCpu = () => subgraphs.reduce((sum, s) => sum + cpuMs(s.pid), 0);
  /** Everything this benchmark runs: its services, PostgreSQL, and the harness with the load generator. */
  const ownCpu = () => runningServices().reduce((sum, s) => sum + cpuMs(s.pid), 0) + treeCpuMs(postmasterPid) + cpuMs(process.pid);
  for (let round = 0; round < opts.rounds; round++) {
    for (const r of roundOrder(measured, round)) {
      const result = results.get(r.spec.id)!;
      if (r.service.exited) {
        result.failure ??= `exited during the run (${r.service.exited}):\n${logTail(r.service, 5)}`;
        continue;
      }
      try {
        const bySubgraph = () => Object.fromEntries(subgraphs.map((sg) => [sg.name, cpuMs(sg.pid)]));
        const before = { gateway: cpuMs(r.service.pid), subgraphs: subgraphCpu(), by: bySubgraph(), postgres: treeCpuMs(postmasterPid), own: ownCpu(), machine: machineBusyMs() };
        const { result: ac, graphqlErrors } = await load(r.url, r.headers, opts.seconds, opts.connections);
        const after = { gateway: cpuMs(r.service.pid), subgraphs: subgraphCpu(), by: bySubgraph(), postgres: treeCpuMs(postmasterPid), own: ownCpu(), machine: machineBusyMs() };
        const ok = ac['2xx'];
        const per = (delta: number) => (ok ? delta / ok : Number.NaN);
        const sample: RoundSample = {
          round: round + 1,
          seconds: ac.duration,
          requests: ok,
          rps: ok / ac.duration,
          p50: ac.latency.p50,
          p99: ac.latency.p99,
          gatewayCpuMs: per(after.gateway - before.gateway),
          subgraphCpuMs: per(after.subgraphs - before.subgraphs),
          subgraphCpuMsBy: Object.fromEntries(subgraphs.map((sg) => [sg.name, per(after.by[sg.name]! - before.by[sg.name]!)])),
          postgresCpuMs: per(after.postgres - before.postgres),
          otherCores: Math.max(0, after.machine - before.machine - (after.own - before.own)) / (ac.duration * 1000),
          non2xx: ac.non2xx,
          transportErrors: ac.errors + ac.timeouts,
          graphqlErrors,
        };
        result.rounds.push(sample);
        console.log(
          `round ${round + 1} ${r.spec.id.padEnd(18)} ${sample.rps.toFixed(0).padStart(6)}/s  p50 ${sample.p50.toFixed(1).padStart(6)} ms  p99 ${sample.p99.toFixed(1).padStart(6)} ms  ` +
            `gateway ${sample.gatewayCpuMs.toFixed(2)} ms/req  subgraphs ${sample.subgraphCpuMs.toFixed(2)} ms/req  postgres ${sample.postgresCpuMs.toFixed(2)} ms/req  other load ${sample.otherCores.toFixed(2)} cores` +
            (sample.non2xx + sample.transportErrors + sample.graphqlErrors ? `  errors: ${sample.non2xx} non-2xx, ${sample.transportErrors} transport, ${sample.graphqlErrors} GraphQL` : ''),
        );
      } catch (error) {
        result.failure ??= `load failed: ${(error as Error).message}`;
      }
    }
  }

  const ordered = selected.map((t) => results.get(t.id)!);
  const settings = {
    date: new Date().toISOString(),
    node: process.version,
    cores,
    cpu: os.cpus()[0]?.model ?? '?',
    loadAtStart: loadAtStart.map((l) => l.toFixed(2)).join(' '),
    loadAtEnd: os.loadavg().map((l) => l.toFixed(2)).join(' '),
    clockTicks: clockTicksPerSecond(),
  };
  const checksMd = acceptance(ordered);
  const noise = otherLoad(ordered);
  const table = markdownTable(ordered);
  console.log(`\n${table}\n\n${markdownAcceptance(checksMd)}\n`);
  if (noise) console.log(`other processes on the machine: median ${noise.median.toFixed(2)} cores, at most ${noise.max.toFixed(2)}, during the rounds`);
  const failed = ordered.filter((r) => r.failure);
  for (const r of failed) console.log(`${r.id}: ${r.failure}`);

  const markdown = [
    '<!-- Written by `npm run bench:peers`; do not edit by hand. -->',
    `## Peer benchmark: the storefront query`,
    '',
    `${settings.date.slice(0, 16).replace('T', ' ')} UTC · Node ${settings.node} · ${settings.cores} cores (${settings.cpu}) · ` +
      `load average (1, 5, 15 min) ${settings.loadAtStart} at the start, ${settings.loadAtEnd} at the end${loadAtStart[0]! > settings.cores ? ' — the machine was already busy before the run' : ''}.`,
    '',
    `Settings: autocannon, ${opts.connections} connections, ${opts.rounds} rounds of ${opts.seconds} s per target, targets alternating (order rotated each round), ` +
      `${opts.warmup} s warm-up per target${opts.quick ? ' (`--quick`: a smoke run, too short to quote)' : ''}. Every figure is the median over rounds. ` +
      `Trellis like for like: \`TRELLIS_FETCH_DEDUP=0 TRELLIS_RESPONSE_CACHE=0\`, governance on; Trellis with its own dedup + cache: \`TRELLIS_FETCH_DEDUP=1 TRELLIS_RESPONSE_CACHE=1\` ` +
      `(this build of the gateway ${switchesRead()}). Dedup and response cache per target are in the table.`,
    '',
    table,
    '',
    markdownAcceptance(checksMd),
    '',
    noise
      ? `Other processes on the machine used a median ${noise.median.toFixed(2)} cores (at most ${noise.max.toFixed(2)}) during the rounds, out of ${settings.cores}${noise.median > 0.2 ? ': a shared, loaded machine — compare the ratios within this run, not the absolute figures across runs' : ''}.`
      : '',
    '',
    '<details><summary>Subgraph CPU by subgraph, and every round (RPS, p99)</summary>',
    '',
    markdownSubgraphs(ordered),
    '',
    markdownRounds(ordered),
    '',
    '</details>',
    '',
    '- **Query**: the storefront page — `brand(slug: "halden")` → `skus(first: 20)` with stock per node → node (`code kind operator { name }`) and the brand\'s `partners` — all of it visible to a storefront token, so every gateway answers the same `data` (checked once per target before load).',
    `- **Trellis** runs as \`npm start\` runs it (registry, JWT verification, operation limits and cost, governance filter, usage recording, access log at \`info\`), called with a storefront token for ${STOREFRONT_BRAND}. The switches go to the gateway process only (the subgraphs are shared by every target); "asked, not read" means this build of the gateway does not read the switch (no compiled gateway or shared file mentions it), so that row measures Trellis with it off.`,
    '- **Peers** need no authentication; they sign every subgraph request with the gateway\'s key and Trellis\'s own signer, for a fixed storefront principal of the same brand, and serve the supergraph the registry serves (`GET /supergraph`). No peer has a response cache. Dedup = in-flight deduplication of identical subgraph requests: under closed-loop load every client sends the same query, so with dedup on most subgraph fetches are shared between concurrent client requests, and subgraph CPU per client request falls accordingly.',
    '- **Direct subgraphs (ceiling)**: a tiny server that replays, per request, the exact subgraph requests a gateway makes for the query (captured once from plain @apollo/gateway), wave by wave, each freshly signed, and answers with the last subgraph answer: the latency a client would see with zero gateway work. Its "gateway CPU" is the replay server\'s own.',
    '- **CPU** per request = the process\'s utime + stime from `/proc/<pid>/stat` over the round ÷ 2xx responses in the round. Gateway: the target\'s process. Subgraphs: the four subgraph processes (brands, inventory, partners, platform). PostgreSQL: the postmaster and its backends. The load generator runs on the same 2 cores.',
    `- **Errors**: non-2xx, connection errors and timeouts, and 2xx bodies with GraphQL errors (every body is checked for an \`errors\` member, one in 50 is parsed in full).${failed.length ? ` Targets that failed: ${failed.map((r) => r.id).join(', ')}.` : ''}`,
    '',
  ].join('\n');
  fs.mkdirSync(path.dirname(opts.out), { recursive: true });
  fs.writeFileSync(opts.out, markdown);
  console.log(`wrote ${path.relative(process.cwd(), opts.out)}`);
}

/** One storefront request through a short-lived plain @apollo/gateway that records its subgraph fetches; then waves of them. */
async function capture(ctx: Context, apollo: TargetSpec): Promise<ReplayRequest[][]> {
  const file = path.join(ctx.tmp, 'capture.json');
  const port = await freePort();
  const service = apollo.start({ ...ctx, profileDir: undefined, peerEnv: { ...ctx.peerEnv, BENCH_CAPTURE: file } }, port);
  service.name = 'capture';
  try {
    await waitReady(service, () => httpOk(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }));
    // Twice: the second runs on a warm gateway, as under load.
    for (let i = 0; i < 2; i++) {
      const answer = await postQuery(`http://127.0.0.1:${port}/graphql`, {});
      if (answer.status !== 200 || answer.body.errors?.length) throw new Error(`the capturing gateway answered HTTP ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    const fetches = JSON.parse(fs.readFileSync(file, 'utf8')) as CapturedFetch[];
    if (fetches.length === 0) throw new Error('no subgraph fetches were captured');
    return wavesOf(fetches);
  } finally {
    await stopService(service);
  }
}

/** `--profile`: the Trellis gateway and the inventory subgraph under load, with node --cpu-prof; their top self time. */
async function profile(opts: Options, trellis: Running, subgraphs: Service[], tmp: string): Promise<void> {
  const inventory = subgraphs.find((s) => s.name === 'inventory')!;
  if (opts.warmup > 0) await load(trellis.url, trellis.headers, opts.warmup, opts.connections);
  const before = { trellis: cpuMs(trellis.service.pid), inventory: cpuMs(inventory.pid) };
  const from = process.hrtime.bigint() / 1000n;
  const { result } = await load(trellis.url, trellis.headers, opts.seconds, opts.connections);
  const to = process.hrtime.bigint() / 1000n;
  const procCpu = { trellis: cpuMs(trellis.service.pid) - before.trellis, inventory: cpuMs(inventory.pid) - before.inventory };
  console.log(`profiled load: ${result['2xx']} requests in ${result.duration.toFixed(1)} s (${(result['2xx'] / result.duration).toFixed(0)}/s), p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
  await stopService(trellis.service, 30_000);
  await stopService(inventory, 30_000);
  const sections: string[] = [];
  for (const name of ['trellis', 'inventory'] as const) {
    const dir = path.join(tmp, 'profiles', name);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
    if (files.length === 0) {
      sections.push(`### ${name}\n\nno profile was written`);
      continue;
    }
    const file = path.join(dir, files[0]!);
    const summary = summarizeProfile(readProfile(file), { fromUs: Number(from), toUs: Number(to) });
    sections.push(markdownProfile(`${name === 'trellis' ? 'Trellis gateway' : 'inventory subgraph'} (${summary.window})`, summary, result['2xx'], procCpu[name]));
    if (opts.keep) console.log(`profile of ${name}: ${file}`);
  }
  const markdown = [
    '<!-- Written by `npm run bench:peers -- --profile`. -->',
    '## Where the Trellis gateway and the inventory subgraph spend CPU on the storefront query',
    '',
    `${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${os.cpus().length} cores · node --cpu-prof, ${opts.connections} connections for ${opts.seconds} s after ${opts.warmup} s warm-up; ` +
      `only the load window counts. Self time: samples in which the function itself was on top of the stack (not its callees). ` +
      `V8 samples on the wall clock, so on a loaded machine the time a process waits for a core is charged to whatever it was running, and the profiler itself slows the process: read the shares, and take CPU time from /proc.`,
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  const out = path.join(path.dirname(opts.out), 'peers-profile.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, markdown);
  console.log(`\n${markdown}\nwrote ${path.relative(process.cwd(), out)}`);
}

main().catch((error: Error) => {
  console.error(`bench:peers: ${error.message}`);
  process.exitCode = 1;
});
