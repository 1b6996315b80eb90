import path from 'node:path';
import { z } from 'zod';
import { resolveSecret } from './auth/secrets';
import type { TracingConfig } from './observability/tracing';
import type { DatabaseSettings } from './db/database-settings';
import { DEFAULT_URL_ALLOWLIST, parseUrlAllowlist, type UrlAllowlist } from './net/url-allowlist';

/**
 * All configuration Trellis reads from the environment, parsed and validated once at start.
 * Nothing else in the code base reads `process.env`: services receive the typed result.
 */
const port = z.coerce.number().int().min(0).max(65535);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A switch: like `flag`, and `on`/`off` too. */
const switchFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** "90s", "30m", "12h", "7d" → seconds. */
const duration = z
  .string()
  .regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 30m, 12h or 7d')
  .transform((v) => Number(v.slice(0, -1)) * { s: 1, m: 60, h: 3600, d: 86_400 }[v.slice(-1) as 's' | 'm' | 'h' | 'd']);
const jwkJson = z.string().transform((v, ctx) => {
  try {
    return JSON.parse(v) as Record<string, unknown>;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be JSON (a JWK, or a JWKS)' });
    return z.NEVER;
  }
});

/** "storefront=5000,admin=500000" → { storefront: 5000, admin: 500000 }. */
const numbersByName = z.string().transform((v, ctx) => {
  const entries = v.split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split('='));
  const bad = entries.find(([name, value]) => !name?.trim() || !/^\d+$/.test(value?.trim() ?? ''));
  if (bad) {
    ctx.addIssue({ code: 'custom', message: `"${bad.join('=')}" is not name=number (e.g. storefront=5000,admin=500000)` });
    return z.NEVER;
  }
  return Object.fromEntries(entries.map(([name, value]) => [name!.trim(), Number(value)])) as Record<string, number>;
});
const positive = z.coerce.number().int().min(1);
const urlAllowlist = z.string().transform((v, ctx) => {
  const parsed = parseUrlAllowlist(v);
  if (parsed.ok) return parsed.allowlist;
  ctx.addIssue({ code: 'custom', message: parsed.error });
  return z.NEVER;
});

const EnvSchema = z.object({
  /** Folder for the embedded PostgreSQL cluster and generated secrets. */
  TRELLIS_DATA_DIR: z.string().min(1).default('.data'),
  /** A PostgreSQL server to use instead of the embedded one (any database on it; Trellis creates its own). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  BRANDS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  INVENTORY_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PARTNERS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REGISTRY_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PLATFORM_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Port of the embedded PostgreSQL. */
  PG_PORT: port.default(5433),
  GATEWAY_PORT: port.default(4000),
  BRANDS_PORT: port.default(4001),
  INVENTORY_PORT: port.default(4002),
  PARTNERS_PORT: port.default(4003),
  PLATFORM_PORT: port.default(4005),
  /** Host the services bind to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Routing URLs the gateway uses; default to the local ports above. */
  BRANDS_URL: z.url().optional(),
  INVENTORY_URL: z.url().optional(),
  PARTNERS_URL: z.url().optional(),
  PLATFORM_URL: z.url().optional(),
  /** Seed the demo portfolio into empty databases at start. */
  SEED_DEMO: flag.default(true),
  /** Apollo's usage reporting and cloud probes; off unless asked for. */
  APOLLO_TELEMETRY_DISABLED: flag.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** `json` lines, `pretty` lines for people, or `auto`: pretty on a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(['json', 'pretty', 'auto']).default('auto'),
  /** OpenTelemetry traces (the standard variables): off unless an OTLP endpoint or exporter is set. */
  OTEL_SDK_DISABLED: flag.default(false),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** HS256 secret for caller tokens; generated into the data folder when not set. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Verify caller tokens (RS256/ES256) against this JWKS instead of the HS256 secret. */
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().min(1).default('trellis'),
  JWT_AUDIENCE: z.string().min(1).default('trellis'),
  /** Longest lifetime (exp − iat) a caller token may have, e.g. "12h"; tokens without `exp` are refused. */
  JWT_MAX_LIFETIME: z.string().default('24h').pipe(duration),
  /** The gateway's Ed25519 private key (a JWK) for signing subgraph requests; generated into the data folder when not set. */
  GATEWAY_SIGNING_KEY: jwkJson.optional(),
  /** The public keys subgraphs accept gateway signatures from (a JWKS); default: the data folder's `gateway-jwks.json`. */
  GATEWAY_JWKS: jwkJson.optional(),
  /** A subgraph's own Ed25519 private key (a JWK), for reading the graph through the gateway; generated into the data folder when not set. */
  SERVICE_SIGNING_KEY: jwkJson.optional(),
  /** The public keys of the services (subgraphs) the gateway trusts: `{ "<service>": <JWKS> }`; default: the data folder's `services/`. */
  SERVICE_JWKS: jwkJson.optional(),
  /** Serve this supergraph file (any Federation 2 supergraph) instead of the registry's. */
  SUPERGRAPH_FILE: z.string().min(1).optional(),
  /** With SUPERGRAPH_FILE: refuse a supergraph that fails the governance lint, instead of warning. */
  SUPERGRAPH_STRICT: flag.default(false),
  /** The gateway's GraphQL URL, as subgraphs reach it. */
  GATEWAY_URL: z.url().optional(),
  /** How old a gateway signature a subgraph still accepts. */
  SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** `filter`: unauthorized fields come back null with an error; `reject`: the whole operation is refused. */
  GOVERNANCE_MODE: z.enum(['filter', 'reject']).default('filter'),
  /** Which executor runs query plans: Trellis's own (`trellis`) or `@apollo/gateway`'s (`apollo`); both plan with `@apollo/query-planner`. */
  GATEWAY_EXECUTOR: z.enum(['trellis', 'apollo']).default('trellis'),
  /** Trellis's executor sends fetches of one operation to the same subgraph together when they may run at the same time. */
  GATEWAY_BATCH_FETCHES: flag.default(true),
  /** The token the `trellis` CLI sends (default: a platform token minted for the local installation). */
  TRELLIS_TOKEN: z.string().min(1).optional(),
  /** The longest string the gateway accepts in any argument, in characters. */
  MAX_INPUT_STRING_LENGTH: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
  /** Operation limits, checked before planning. */
  LIMIT_MAX_DEPTH: positive.default(12),
  LIMIT_MAX_ALIASES: positive.default(30),
  LIMIT_MAX_ROOT_FIELDS: positive.default(20),
  LIMIT_MAX_DIRECTIVES_PER_FIELD: positive.default(4),
  LIMIT_MAX_TOKENS: positive.default(5_000),
  /** Cost budgets per role, replacing the defaults of the roles named (e.g. storefront=5000,auditor=100000). */
  COST_BUDGETS: numbersByName.optional(),
  /** The size assumed for a list nothing else sizes (no slicing argument, no @listSize). */
  COST_DEFAULT_LIST_SIZE: positive.default(10),
  /** How many of its cost budgets one caller may spend per second (0: no rate limit), and how many seconds of that at once. */
  COST_RATE_BUDGETS_PER_SECOND: z.coerce.number().min(0).default(10),
  COST_RATE_BURST_SECONDS: z.coerce.number().gt(0).default(2),
  /** How long a subgraph fetch may take, and per subgraph (e.g. inventory=3000). */
  SUBGRAPH_TIMEOUT_MS: positive.default(10_000),
  SUBGRAPH_TIMEOUTS: numbersByName.optional(),
  /** The circuit of a subgraph opens after this many failures in a row, or this failure rate over the window. */
  BREAKER_CONSECUTIVE_FAILURES: positive.default(5),
  BREAKER_ERROR_RATE: z.coerce.number().gt(0).max(1).default(0.5),
  BREAKER_WINDOW_MS: positive.default(10_000),
  BREAKER_MINIMUM_RPS: z.coerce.number().min(0).default(5),
  /** How long an open circuit fails fast before one probe is let through. */
  BREAKER_HALF_OPEN_AFTER_MS: positive.default(5_000),
  /** Connections each service keeps to its database at most (per pool; each service has one). */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(20),
  /** The longest one SQL statement may run (waiting for locks included) before PostgreSQL cancels it; 0 for no limit. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  /** The longest a statement waits for a row or table lock (and the ledger's append lock) before it is cancelled; 0 for no limit. */
  DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).default(3_000),
  /** A session idle inside an open transaction this long is ended by PostgreSQL, releasing its locks; 0 for no limit. */
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** The longest to wait for a connection: a new one to be made, or a free one when the pool is full. */
  DB_CONNECT_TIMEOUT_MS: positive.default(5_000),
  /** The reads every request makes as named prepared statements; off for a pooler that does not keep them. */
  DB_PREPARED_STATEMENTS: flag.default(true),
  /** On SIGTERM/SIGINT, how long a service lets requests in flight finish before cutting them. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Hosts (patterns like `*.svc.cluster.local`) and IP ranges the registry may route subgraphs to and read schemas from; comma-separated. */
  REGISTRY_URL_ALLOWLIST: z.string().default(DEFAULT_URL_ALLOWLIST).pipe(urlAllowlist),
  /** In-flight deduplication of identical subgraph queries made for the same caller rights (gateway); `TRELLIS_FETCH_DEDUP` is an alias. */
  FETCH_DEDUP: switchFlag.default(false),
  /** The gateway's exact response cache of subgraph queries, invalidated by the ledgers (`TRELLIS_RESPONSE_CACHE` is an alias). */
  RESPONSE_CACHE: switchFlag.default(false),
  /** Subgraph answers the response cache keeps, least recently used out first. */
  RESPONSE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(10_000),
  /** Verified caller tokens the gateway remembers until their expiry (0: verify every request). */
  TOKEN_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /** Usage recording at the gateway: on or off, the share of operations recorded, how often and how much is kept. */
  USAGE_RECORDING: flag.default(true),
  USAGE_SAMPLING_RATE: z.coerce.number().gt(0).max(1).default(1),
  USAGE_FLUSH_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  USAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(400),
  /** Distinct usage keys (client × brands × operation × subgraphs) kept in memory between two flushes; more are dropped and counted. */
  USAGE_MAX_KEYS: positive.default(10_000),
  /** Days of usage a schema check looks back over for each breaking change. */
  USAGE_CHECK_DAYS: z.coerce.number().int().min(1).max(400).default(30),
  /** Operations by id: `off` (text only), `allow` (registered ids too), `require` (registered operations only); a client app's own setting wins. */
  PERSISTED_OPERATIONS: z.enum(['off', 'allow', 'require']).default('allow'),
  /**
   * The console's dev sign-in (pick a role and brands, get a short-lived token): `auto` turns it on
   * only for a local installation — caller tokens verified with the local HS256 secret (no
   * JWT_JWKS_URL) and the gateway bound to loopback.
   */
  CONSOLE_DEV_SIGNIN: z.enum(['auto', 'on', 'off']).default('auto'),
  /** How long a dev sign-in's token lives (at most JWT_MAX_LIFETIME). */
  CONSOLE_DEV_TOKEN_TTL: z.string().default('1h').pipe(duration),
  /** OpenID Connect login in the console: the issuer (its discovery document), the console's public client id, the scopes asked for. */
  CONSOLE_OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CONSOLE_OIDC_SCOPE: z.string().min(1).default('openid profile'),
  /** Which of the provider's tokens the console sends to the gateway (verified through JWT_JWKS_URL). */
  CONSOLE_OIDC_TOKEN: z.enum(['access_token', 'id_token']).default('access_token'),
});

/** The core subgraphs `npm start` runs and a new registry registers. Other subgraphs are any lower-case name. */
export type CoreSubgraph = 'brands' | 'inventory' | 'partners' | 'platform';
export const CORE_SUBGRAPHS: readonly CoreSubgraph[] = ['brands', 'inventory', 'partners', 'platform'];

export interface TrellisConfig {
  dataDir: string;
  databaseUrl?: string;
  databaseUrls: Partial<Record<CoreSubgraph | 'registry', string>>;
  embeddedPostgresPort: number;
  host: string;
  gatewayPort: number;
  gatewayUrl: string;
  subgraphPorts: Record<CoreSubgraph, number>;
  subgraphUrls: Record<CoreSubgraph, string>;
  seedDemo: boolean;
  telemetryDisabled: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  logFormat: 'json' | 'pretty' | 'auto';
  tracing: TracingConfig;
  auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    issuer: string;
    audience: string;
    maxLifetimeSeconds: number;
    signatureMaxAgeSeconds: number;
    gatewaySigningKey?: Record<string, unknown>;
    gatewayJwks?: Record<string, unknown>;
    serviceSigningKey?: Record<string, unknown>;
    serviceJwks?: Record<string, unknown>;
  };
  governanceMode: 'filter' | 'reject';
  executor: 'trellis' | 'apollo';
  batchFetches: boolean;
  supergraphFile?: string;
  supergraphStrict: boolean;
  maxInputStringLength: number;
  limits: { maxDepth: number; maxAliases: number; maxRootFields: number; maxDirectivesPerField: number; maxTokens: number };
  /** Budgets replacing the default budget of the roles they name. */
  costBudgets: Record<string, number>;
  costDefaultListSize: number;
  callerRate: { budgetsPerSecond: number; burstSeconds: number };
  resilience: {
    timeoutMs: number;
    timeouts: Record<string, number>;
    consecutiveFailures: number;
    errorRate: number;
    windowMs: number;
    minimumRps: number;
    halfOpenAfterMs: number;
  };
  /** How every service uses its database: pool size and PostgreSQL's timeouts. */
  database: DatabaseSettings;
  /** How long a stopping service lets requests in flight finish. */
  shutdownGraceMs: number;
  /** Where the registry may route subgraphs and fetch schemas from (`REGISTRY_URL_ALLOWLIST`). */
  registryUrlAllowlist: UrlAllowlist;
  cliToken?: string;
  usage: UsageSettings;
  persistedOperations: PersistedOperationsMode;
  /** Fetch deduplication and the response cache at the gateway (README › Caching and deduplication). */
  fetchSharing: { dedup: boolean; cache: boolean; cacheMaxEntries: number };
  tokenCacheMaxEntries: number;
  /** The web console: whether the dev sign-in is on (and its tokens' lifetime), and an OpenID Connect login. */
  console: {
    devSignIn: boolean;
    devTokenTtlSeconds: number;
    oidc?: { issuer: string; clientId: string; scope: string; tokenType: 'access_token' | 'id_token' };
  };
  /** The environment it was read from, for a subgraph's own settings (`subgraphPlacement`, definition settings). */
  env: Readonly<Record<string, string | undefined>>;
}

export type PersistedOperationsMode = 'off' | 'allow' | 'require';

export interface UsageSettings {
  enabled: boolean;
  /** 0 < rate ≤ 1: the share of operations recorded; each recorded one counts 1/rate. */
  samplingRate: number;
  flushIntervalMs: number;
  retentionDays: number;
  maxKeys: number;
  checkDays: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Settings also read under a `TRELLIS_` name (as `npm run bench:peers` passes them); the plain name wins. */
const ALIASES: Record<string, string> = { TRELLIS_FETCH_DEDUP: 'FETCH_DEDUP', TRELLIS_RESPONSE_CACHE: 'RESPONSE_CACHE' };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TrellisConfig {
  const aliased = Object.entries(ALIASES).filter(([alias, name]) => env[alias] !== undefined && env[name] === undefined);
  if (aliased.length) env = { ...env, ...Object.fromEntries(aliased.map(([alias, name]) => [name, env[alias]])) };
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.CONSOLE_OIDC_ISSUER && !e.CONSOLE_OIDC_CLIENT_ID) throw new ConfigError('Invalid configuration: CONSOLE_OIDC_CLIENT_ID: required with CONSOLE_OIDC_ISSUER');
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(e.HOST);
  const subgraphPorts = { brands: e.BRANDS_PORT, inventory: e.INVENTORY_PORT, partners: e.PARTNERS_PORT, platform: e.PLATFORM_PORT };
  const localUrl = (p: number) => `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${p}/graphql`;
  return {
    dataDir: path.resolve(e.TRELLIS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseUrls: {
      brands: e.BRANDS_DATABASE_URL,
      inventory: e.INVENTORY_DATABASE_URL,
      partners: e.PARTNERS_DATABASE_URL,
      platform: e.PLATFORM_DATABASE_URL,
      registry: e.REGISTRY_DATABASE_URL,
    },
    embeddedPostgresPort: e.PG_PORT,
    host: e.HOST,
    gatewayPort: e.GATEWAY_PORT,
    gatewayUrl: e.GATEWAY_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.GATEWAY_PORT}/graphql`,
    subgraphPorts,
    subgraphUrls: {
      brands: e.BRANDS_URL ?? localUrl(subgraphPorts.brands),
      inventory: e.INVENTORY_URL ?? localUrl(subgraphPorts.inventory),
      partners: e.PARTNERS_URL ?? localUrl(subgraphPorts.partners),
      platform: e.PLATFORM_URL ?? localUrl(subgraphPorts.platform),
    },
    seedDemo: e.SEED_DEMO,
    telemetryDisabled: e.APOLLO_TELEMETRY_DISABLED,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    tracing: tracingConfig(e),
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwksUrl: e.JWT_JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      maxLifetimeSeconds: e.JWT_MAX_LIFETIME,
      signatureMaxAgeSeconds: e.SIGNATURE_MAX_AGE_SECONDS,
      gatewaySigningKey: e.GATEWAY_SIGNING_KEY,
      gatewayJwks: e.GATEWAY_JWKS,
      serviceSigningKey: e.SERVICE_SIGNING_KEY,
      serviceJwks: e.SERVICE_JWKS,
    },
    governanceMode: e.GOVERNANCE_MODE,
    executor: e.GATEWAY_EXECUTOR,
    batchFetches: e.GATEWAY_BATCH_FETCHES,
    supergraphFile: e.SUPERGRAPH_FILE ? path.resolve(e.SUPERGRAPH_FILE) : undefined,
    supergraphStrict: e.SUPERGRAPH_STRICT,
    maxInputStringLength: e.MAX_INPUT_STRING_LENGTH,
    limits: {
      maxDepth: e.LIMIT_MAX_DEPTH,
      maxAliases: e.LIMIT_MAX_ALIASES,
      maxRootFields: e.LIMIT_MAX_ROOT_FIELDS,
      maxDirectivesPerField: e.LIMIT_MAX_DIRECTIVES_PER_FIELD,
      maxTokens: e.LIMIT_MAX_TOKENS,
    },
    costBudgets: e.COST_BUDGETS ?? {},
    costDefaultListSize: e.COST_DEFAULT_LIST_SIZE,
    callerRate: { budgetsPerSecond: e.COST_RATE_BUDGETS_PER_SECOND, burstSeconds: e.COST_RATE_BURST_SECONDS },
    resilience: {
      timeoutMs: e.SUBGRAPH_TIMEOUT_MS,
      timeouts: e.SUBGRAPH_TIMEOUTS ?? {},
      consecutiveFailures: e.BREAKER_CONSECUTIVE_FAILURES,
      errorRate: e.BREAKER_ERROR_RATE,
      windowMs: e.BREAKER_WINDOW_MS,
      minimumRps: e.BREAKER_MINIMUM_RPS,
      halfOpenAfterMs: e.BREAKER_HALF_OPEN_AFTER_MS,
    },
    database: {
      poolMax: e.DB_POOL_MAX,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
      preparedStatements: e.DB_PREPARED_STATEMENTS,
    },
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    registryUrlAllowlist: e.REGISTRY_URL_ALLOWLIST,
    cliToken: e.TRELLIS_TOKEN,
    usage: {
      enabled: e.USAGE_RECORDING,
      samplingRate: e.USAGE_SAMPLING_RATE,
      flushIntervalMs: e.USAGE_FLUSH_INTERVAL_MS,
      retentionDays: e.USAGE_RETENTION_DAYS,
      maxKeys: e.USAGE_MAX_KEYS,
      checkDays: e.USAGE_CHECK_DAYS,
    },
    persistedOperations: e.PERSISTED_OPERATIONS,
    fetchSharing: { dedup: e.FETCH_DEDUP, cache: e.RESPONSE_CACHE, cacheMaxEntries: e.RESPONSE_CACHE_MAX_ENTRIES },
    tokenCacheMaxEntries: e.TOKEN_CACHE_MAX_ENTRIES,
    console: {
      devSignIn: e.CONSOLE_DEV_SIGNIN === 'on' || (e.CONSOLE_DEV_SIGNIN === 'auto' && loopback && !e.JWT_JWKS_URL),
      devTokenTtlSeconds: Math.min(e.CONSOLE_DEV_TOKEN_TTL, e.JWT_MAX_LIFETIME),
      oidc:
        e.CONSOLE_OIDC_ISSUER && e.CONSOLE_OIDC_CLIENT_ID
          ? { issuer: e.CONSOLE_OIDC_ISSUER, clientId: e.CONSOLE_OIDC_CLIENT_ID, scope: e.CONSOLE_OIDC_SCOPE, tokenType: e.CONSOLE_OIDC_TOKEN }
          : undefined,
    },
    env: { ...env },
  };
}

/**
 * Traces are exported when an OTLP endpoint is configured (or `OTEL_TRACES_EXPORTER=otlp`, to the
 * standard local collector), and never when `OTEL_SDK_DISABLED` or `OTEL_TRACES_EXPORTER=none`.
 */
function tracingConfig(e: z.infer<typeof EnvSchema>): TracingConfig {
  const endpoint =
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  const configured = e.OTEL_TRACES_EXPORTER === 'otlp' || !!e.OTEL_EXPORTER_OTLP_ENDPOINT || !!e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const headers = Object.fromEntries(
    (e.OTEL_EXPORTER_OTLP_HEADERS ?? '')
      .split(',')
      .map((pair) => pair.split('=').map((part) => decodeURIComponent(part.trim())))
      .filter((pair): pair is [string, string] => pair.length === 2 && !!pair[0]),
  );
  return { enabled: configured && !e.OTEL_SDK_DISABLED && e.OTEL_TRACES_EXPORTER !== 'none', endpoint, headers, serviceName: e.OTEL_SERVICE_NAME };
}

/** The HS256 secret local caller tokens are signed with: configured, or generated once into the data folder. */
export function resolveJwtSecret(config: TrellisConfig): string {
  return resolveSecret(config.auth.jwtSecret, config.dataDir, 'jwt-hs256');
}

/**
 * The database a subgraph uses: its own URL if given, else a database named `trellis_<name>`
 * on the `DATABASE_URL` server.
 */
export function databaseUrlFor(config: TrellisConfig, name: string): string {
  const own = config.databaseUrls[name as CoreSubgraph | 'registry'] ?? config.env[`${envName(name)}_DATABASE_URL`];
  if (own) return own;
  if (!config.databaseUrl) {
    throw new ConfigError(
      `No database for ${name}: set DATABASE_URL (or ${envName(name)}_DATABASE_URL), ` +
        'or run `npm start`, which starts an embedded PostgreSQL.',
    );
  }
  return withDatabase(config.databaseUrl, `trellis_${name}`);
}

/**
 * Where any subgraph listens and keeps its data, from `<NAME>_PORT` and `<NAME>_DATABASE_URL`
 * (name upper-cased, dashes as underscores): the core subgraphs' defaults are 4001–4003 and 4005, another
 * subgraph names its own default port; its database is `trellis_<name>` on DATABASE_URL.
 */
export function subgraphPlacement(config: TrellisConfig, name: string, defaultPort?: number): { port: number; databaseUrl: string } {
  const core = config.subgraphPorts[name as CoreSubgraph];
  const parsed = port.optional().safeParse(config.env[`${envName(name)}_PORT`]);
  if (!parsed.success) throw new ConfigError(`Invalid configuration: ${envName(name)}_PORT: ${parsed.error.issues[0]!.message}`);
  const chosen = parsed.data ?? core ?? defaultPort;
  if (chosen === undefined) throw new ConfigError(`No port for the ${name} subgraph: set ${envName(name)}_PORT.`);
  return { port: chosen, databaseUrl: databaseUrlFor(config, name) };
}

/** Reads a subgraph's own settings section from the environment, failing with one clear line. */
export function parseSettings<C>(config: TrellisConfig, name: string, schema: z.ZodType<C>): C {
  const parsed = schema.safeParse(config.env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration of the ${name} subgraph: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
