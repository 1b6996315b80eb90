import path from 'node:path';
import { z } from 'zod';
import { resolveSecret } from './auth/secrets';

/**
 * All configuration Trellis reads from the environment, parsed and validated once at start.
 * Nothing else in the code base reads `process.env`: services receive the typed result.
 */
const port = z.coerce.number().int().min(0).max(65535);
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  /** Folder for the embedded PostgreSQL cluster and generated secrets. */
  TRELLIS_DATA_DIR: z.string().min(1).default('.data'),
  /** A PostgreSQL server to use instead of the embedded one (any database on it; Trellis creates its own). */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  BRANDS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  INVENTORY_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PARTNERS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REGISTRY_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Port of the embedded PostgreSQL. */
  PG_PORT: port.default(5433),
  GATEWAY_PORT: port.default(4000),
  BRANDS_PORT: port.default(4001),
  INVENTORY_PORT: port.default(4002),
  PARTNERS_PORT: port.default(4003),
  /** Host the services bind to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Routing URLs the gateway uses; default to the local ports above. */
  BRANDS_URL: z.url().optional(),
  INVENTORY_URL: z.url().optional(),
  PARTNERS_URL: z.url().optional(),
  /** Seed the demo portfolio into empty databases at start. */
  SEED_DEMO: flag.default(true),
  /** Apollo's usage reporting and cloud probes; off unless asked for. */
  APOLLO_TELEMETRY_DISABLED: flag.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** HS256 secret for caller tokens; generated into the data folder when not set. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Verify caller tokens (RS256/ES256) against this JWKS instead of the HS256 secret. */
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().min(1).default('trellis'),
  JWT_AUDIENCE: z.string().min(1).default('trellis'),
  /** Secret the gateway signs subgraph requests with; generated into the data folder when not set. */
  SUBGRAPH_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** How old a gateway signature a subgraph still accepts. */
  SIGNATURE_MAX_AGE_SECONDS: z.coerce.number().int().min(1).max(300).default(30),
  /** `filter`: unauthorized fields come back null with an error; `reject`: the whole operation is refused. */
  GOVERNANCE_MODE: z.enum(['filter', 'reject']).default('filter'),
  /** The token the `trellis` CLI sends (default: a platform token minted for the local installation). */
  TRELLIS_TOKEN: z.string().min(1).optional(),
  /** How long a stock reservation of a routed order holds before it is released. */
  RESERVATION_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(30),
  /** The longest string the gateway accepts in any argument, in characters. */
  MAX_INPUT_STRING_LENGTH: z.coerce.number().int().min(100).max(1_000_000).default(10_000),
});

export type SubgraphName = 'brands' | 'inventory' | 'partners';
export const SUBGRAPH_NAMES: readonly SubgraphName[] = ['brands', 'inventory', 'partners'];

export interface TrellisConfig {
  dataDir: string;
  databaseUrl?: string;
  databaseUrls: Partial<Record<SubgraphName | 'registry', string>>;
  embeddedPostgresPort: number;
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  subgraphUrls: Record<SubgraphName, string>;
  seedDemo: boolean;
  telemetryDisabled: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  auth: {
    jwtSecret?: string;
    jwksUrl?: string;
    issuer: string;
    audience: string;
    signingSecret?: string;
    signatureMaxAgeSeconds: number;
  };
  governanceMode: 'filter' | 'reject';
  reservationTtlMinutes: number;
  maxInputStringLength: number;
  cliToken?: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TrellisConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const subgraphPorts = { brands: e.BRANDS_PORT, inventory: e.INVENTORY_PORT, partners: e.PARTNERS_PORT };
  const localUrl = (p: number) => `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${p}/graphql`;
  return {
    dataDir: path.resolve(e.TRELLIS_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databaseUrls: {
      brands: e.BRANDS_DATABASE_URL,
      inventory: e.INVENTORY_DATABASE_URL,
      partners: e.PARTNERS_DATABASE_URL,
      registry: e.REGISTRY_DATABASE_URL,
    },
    embeddedPostgresPort: e.PG_PORT,
    host: e.HOST,
    gatewayPort: e.GATEWAY_PORT,
    subgraphPorts,
    subgraphUrls: {
      brands: e.BRANDS_URL ?? localUrl(subgraphPorts.brands),
      inventory: e.INVENTORY_URL ?? localUrl(subgraphPorts.inventory),
      partners: e.PARTNERS_URL ?? localUrl(subgraphPorts.partners),
    },
    seedDemo: e.SEED_DEMO,
    telemetryDisabled: e.APOLLO_TELEMETRY_DISABLED,
    logLevel: e.LOG_LEVEL,
    auth: {
      jwtSecret: e.JWT_SECRET,
      jwksUrl: e.JWT_JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      signingSecret: e.SUBGRAPH_SIGNING_SECRET,
      signatureMaxAgeSeconds: e.SIGNATURE_MAX_AGE_SECONDS,
    },
    governanceMode: e.GOVERNANCE_MODE,
    reservationTtlMinutes: e.RESERVATION_TTL_MINUTES,
    maxInputStringLength: e.MAX_INPUT_STRING_LENGTH,
    cliToken: e.TRELLIS_TOKEN,
  };
}

/** The two shared secrets of an installation: configured, or generated once into the data folder. */
export function resolveSecrets(config: TrellisConfig): { jwtSecret: string; signingSecret: string } {
  return {
    jwtSecret: resolveSecret(config.auth.jwtSecret, config.dataDir, 'jwt-hs256'),
    signingSecret: resolveSecret(config.auth.signingSecret, config.dataDir, 'subgraph-signing'),
  };
}

/**
 * The database a subgraph uses: its own URL if given, else a database named `trellis_<name>`
 * on the `DATABASE_URL` server.
 */
export function databaseUrlFor(config: TrellisConfig, name: SubgraphName | 'registry'): string {
  const own = config.databaseUrls[name];
  if (own) return own;
  if (!config.databaseUrl) {
    throw new ConfigError(
      `No database for the ${name} subgraph: set DATABASE_URL (or ${name.toUpperCase()}_DATABASE_URL), ` +
        'or run `npm start`, which starts an embedded PostgreSQL.',
    );
  }
  return withDatabase(config.databaseUrl, `trellis_${name}`);
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
