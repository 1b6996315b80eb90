import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { generateSigningKey, importSigningKey, PublicKeySet, type PrivateSigningKey } from '../../shared/src/auth/keys';
import { mintLocalToken } from '../../shared/src/auth/local-token';
import type { Role } from '../../shared/src/auth/scopes';
import { RequestSigner } from '../../shared/src/auth/signing';
import { withDatabase, type CoreSubgraph } from '../../shared/src/config';
import { createLogger } from '../../shared/src/logger';
import { parseUrlAllowlist, type UrlAllowlist } from '../../shared/src/net/url-allowlist';
import type { SubgraphDefinition } from '../../shared/src/subgraph/definition';
import { startSubgraph, type RunningSubgraph, type StartSubgraphOptions } from '../../shared/src/subgraph/server';
import { Tap } from './tap';
import { testServerUrl } from './test-database';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/src/gateway';
import { brandsSubgraph } from '../../subgraphs/brands/src/subgraph';
import { inventorySubgraph } from '../../subgraphs/inventory/src/subgraph';
import { partnersSubgraph } from '../../subgraphs/partners/src/subgraph';
import { platformSubgraph } from '../../subgraphs/platform/src/subgraph';

type SubgraphName = CoreSubgraph;
const DEFINITIONS: Record<SubgraphName, SubgraphDefinition<any, any, any>> = {
  brands: brandsSubgraph,
  inventory: inventorySubgraph,
  partners: partnersSubgraph,
  platform: platformSubgraph,
};

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/**
 * The whole graph for one test file: three subgraphs on real HTTP ports, each on its own fresh
 * database of the run's PostgreSQL, seeded with the demo portfolio, behind a real gateway.
 */
/** The caller-token secret of the test stack; tests mint tokens with it. */
export const TEST_JWT_SECRET = 'test-jwt-secret-of-at-least-thirty-two-characters';

/** A fresh Ed25519 key, as the gateway or a service holds it. */
export async function testSigningKey(): Promise<PrivateSigningKey> {
  return importSigningKey((await generateSigningKey()).privateJwk);
}

export interface TokenOptions {
  roles?: Role[];
  scopes?: string[];
  brands?: string[] | '*';
  sub?: string;
  expiresIn?: string | number;
  secret?: string;
}

/** A caller token like `npm run token` mints, signed with the test stack's secret. */
export async function token(options: TokenOptions = {}): Promise<string> {
  const { roles = [], scopes = [], brands = '*', sub = `test:${roles.join('+') || 'scopes'}`, expiresIn = '5m', secret = TEST_JWT_SECRET } = options;
  return mintLocalToken(secret, { issuer: 'trellis', audience: 'trellis' }, { sub, roles, scopes, brands, expiresIn });
}

export interface StackOptions {
  governanceMode?: 'filter' | 'reject';
  /** `REGISTRY_URL_ALLOWLIST` of the stack's gateways (default: loopback). */
  registryUrlAllowlist?: string;
  /** Subgraphs the gateway reaches through a capturing proxy (`stack.taps`). */
  tap?: SubgraphName[];
  /** Fetch deduplication and the response cache, invalidated by this stack's subgraph ledgers. */
  fetchSharing?: { dedup: boolean; cache: boolean };
  /** More gateway options (limits, budgets, resilience, …). */
  gateway?: Partial<GatewayOptions>;
  /** The PostgreSQL server the stack's databases are made on (default: the test run's, TRELLIS_TEST_SERVER_URL). */
  serverUrl?: string;
  /** More options for every subgraph (database settings, grace period, …). */
  subgraph?: Partial<StartSubgraphOptions>;
}

export class Stack {
  readonly subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  /** Every operation each subgraph received, as the gateway sent it (newest last). */
  readonly received: Record<SubgraphName, string[]> = { brands: [], inventory: [], partners: [], platform: [] };
  /** The entity representations each subgraph received with those operations, as sent (newest last; none → []). */
  readonly receivedRepresentations: Record<SubgraphName, unknown[][]> = { brands: [], inventory: [], partners: [], platform: [] };
  private readonly databases = {} as Record<SubgraphName, string>;
  /** The gateway's key: tests sign requests with it exactly as the gateway does (`signer`). */
  gatewayKey!: PrivateSigningKey;
  readonly serviceKeys = new Map<string, PrivateSigningKey>();

  private recorder(name: SubgraphName) {
    return (request: { query?: string; variables?: Record<string, unknown> }) => {
      this.received[name].push(request.query ?? '');
      // A batch of fetches carries each one's representations in a variable of its own (representations0, …).
      const representations = Object.entries(request.variables ?? {}).flatMap(([key, value]) => (/^representations\d*$/.test(key) && Array.isArray(value) ? value : []));
      this.receivedRepresentations[name].push(representations);
    };
  }
  gateway!: RunningGateway;

  /** Proxies in front of the subgraphs asked for with `tap`: the gateway routes through them. */
  readonly taps: Partial<Record<SubgraphName, Tap>> = {};

  static async start(options: StackOptions = {}): Promise<Stack> {
    const stack = new Stack();
    if (options.registryUrlAllowlist !== undefined) {
      const parsed = parseUrlAllowlist(options.registryUrlAllowlist);
      if (!parsed.ok) throw new Error(parsed.error);
      stack.registryUrlAllowlist = parsed.allowlist;
    }
    const serverUrl = options.serverUrl ?? testServerUrl();
    stack.subgraphExtras = options.subgraph ?? {};
    const prefix = `t${randomBytes(4).toString('hex')}`;
    stack.gatewayKey = await testSigningKey();
    stack.registryDatabaseUrl = withDatabase(serverUrl, `${prefix}_registry`);
    await Promise.all(
      (Object.keys(DEFINITIONS) as SubgraphName[]).map(async (name) => {
        stack.databases[name] = withDatabase(serverUrl, `${prefix}_${name}`);
        stack.subgraphs[name] = await startSubgraph(DEFINITIONS[name], {
          ...(await stack.subgraphOptions(name)),
          databaseUrl: stack.databases[name],
          onRequest: stack.recorder(name),
        });
      }),
    );
    for (const name of options.tap ?? []) stack.taps[name] = await Tap.in(stack.subgraphs[name].url);
    stack.gateway = await stack.startGateway(options);
    return stack;
  }

  registryDatabaseUrl!: string;
  registryUrlAllowlist?: UrlAllowlist;
  private subgraphExtras: Partial<StartSubgraphOptions> = {};

  /** The database of one of this stack's subgraphs. */
  databaseUrl(name: SubgraphName): string {
    return this.databases[name];
  }

  /** A signer holding the gateway's key. */
  get signer(): RequestSigner {
    return new RequestSigner(this.gatewayKey);
  }

  /** How a subgraph of this stack is started: trusting the stack's gateway key, with its own service key. */
  async subgraphOptions(name: string): Promise<Omit<StartSubgraphOptions, 'databaseUrl'>> {
    let serviceKey = this.serviceKeys.get(name);
    if (!serviceKey) this.serviceKeys.set(name, (serviceKey = await testSigningKey()));
    return {
      port: 0,
      seed: true,
      logLevel: 'error',
      gatewayKeys: PublicKeySet.of([this.gatewayKey.publicJwk]),
      serviceKey,
      gatewayUrl: () => this.gateway?.url,
      ...this.subgraphExtras,
      // The platform subgraph reads the registry's database (read-only).
      ...(name === 'platform' ? { settings: { registryDatabaseUrl: this.registryDatabaseUrl } } : {}),
    };
  }

  /** A gateway on this stack's registry: the first one registers the subgraphs; more can join. */
  async startGateway(options: StackOptions = {}): Promise<RunningGateway> {
    return startGateway({
      registryDatabaseUrl: this.registryDatabaseUrl,
      registryUrlAllowlist: this.registryUrlAllowlist,
      bootstrapSubgraphs: (Object.keys(DEFINITIONS) as SubgraphName[]).map((name) => ({ name, url: this.taps[name]?.url ?? this.subgraphs[name].url })),
      port: 0,
      pollIntervalMs: 250,
      logger: createLogger('gateway', 'silent'),
      auth: {
        secret: TEST_JWT_SECRET,
        issuer: 'trellis',
        audience: 'trellis',
        services: (name) => {
          const key = this.serviceKeys.get(name);
          return key && PublicKeySet.of([key.publicJwk]);
        },
      },
      signingKey: this.gatewayKey,
      governanceMode: options.governanceMode,
      ...(options.fetchSharing
        ? { fetchSharing: { ...options.fetchSharing, ledgerDatabases: { brands: this.databases.brands, inventory: this.databases.inventory, partners: this.databases.partners } } }
        : {}),
      // Flushed by the tests when they need the figures (`gateway.usage.flush()`).
      usage: { enabled: true, samplingRate: 1, flushIntervalMs: 60_000, retentionDays: 400, maxKeys: 10_000, checkDays: 30 },
      ...options.gateway,
    });
  }

  get baseUrl(): string {
    return this.gateway.url.replace(/\/graphql$/, '');
  }

  private adminToken?: Promise<string>;

  /** Runs an operation through the gateway as `as` (a token, or token options); by default as an admin. */
  async query<T = any>(query: string, variables?: Record<string, unknown>, as?: string | TokenOptions | null): Promise<GraphQLResponse<T>> {
    const bearer =
      as === null ? undefined : typeof as === 'string' ? as : as ? await token(as) : await (this.adminToken ??= token({ roles: ['admin'], sub: 'test:admin' }));
    const response = await fetch(this.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  }

  /** Starts another subgraph (a platform team's new one) on its own database of this stack. */
  async startExtraSubgraph(name: string, definition: SubgraphDefinition<any, any, any>): Promise<RunningSubgraph> {
    return startSubgraph(definition, { ...(await this.subgraphOptions(name)), databaseUrl: this.registryDatabaseUrl.replace(/_registry$/, `_${name}`) });
  }

  /** Another instance of a subgraph on the same database (as when it runs several replicas). */
  async startInstance(name: SubgraphName): Promise<RunningSubgraph> {
    return startSubgraph(DEFINITIONS[name], { ...(await this.subgraphOptions(name)), databaseUrl: this.databases[name], seed: false });
  }

  /**
   * Stops one subgraph as if its process died: its connections are cut at once (nothing drains),
   * and PostgreSQL ends its sessions, rolling back what they had in flight — as it does when a
   * process's sockets close. (Every session of that subgraph on its database: one instance each.)
   */
  async stopSubgraph(name: SubgraphName): Promise<void> {
    const killed = this.subgraphs[name].kill();
    const db = new Client({ connectionString: this.databases[name] });
    await db.connect();
    try {
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()', [
        `trellis-${name}`,
      ]);
    } finally {
      await db.end();
    }
    await killed;
  }

  /** Starts a stopped subgraph again on the same port and database. */
  async restartSubgraph(name: SubgraphName): Promise<void> {
    this.subgraphs[name] = await startSubgraph(DEFINITIONS[name], {
      ...(await this.subgraphOptions(name)),
      databaseUrl: this.databases[name],
      port: this.subgraphs[name].port,
      onRequest: this.recorder(name),
    });
  }

  async stop(): Promise<void> {
    await this.gateway?.stop();
    await Promise.all(Object.values(this.taps).map((t) => t.close()));
    await Promise.all(Object.values(this.subgraphs).map((s) => s.stop()));
  }
}
