import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import helmet from 'helmet';
import type { GraphQLError } from 'graphql';
import type { PrivateSigningKey } from '../../shared/src/auth/keys';
import { GATEWAY_PRINCIPAL } from '../../shared/src/auth/principal';
import { RequestSigner } from '../../shared/src/auth/signing';
import type { DatabaseSettings } from '../../shared/src/db/database-settings';
import type { Logger } from '../../shared/src/logger';
import { BrandLookup } from '../../shared/src/subgraph/brand-lookup';
import { createAuthenticator, type AuthenticatorOptions } from './auth/authenticate';
import type { GatewayContext } from './context';
import { ApolloServerPluginGovernance } from './governance/plugin';
import { ApolloServerPluginInputGuard, DEFAULT_MAX_INPUT_STRING_LENGTH } from '../../shared/src/graphql/input-guard-plugin';
import type { Principal } from '../../shared/src/auth/principal';
import { LOOPBACK_ALLOWLIST, type UrlAllowlist } from '../../shared/src/net/url-allowlist';
import type { Registry } from './registry/registry';
import { fileSource } from './supergraph-source/file-source';
import { registrySource } from './supergraph-source/registry-source';
import type { SupergraphSource } from './supergraph-source/source';
import { checkSubgraphs } from './readiness';
import { ApolloServerPluginJsonRequestErrorStatus } from './http/json-status-plugin';
import { staticHeaders } from './http/static-headers';
import { apolloMiddleware } from './http/apollo-middleware';
import { DEFAULT_COST_MODEL, type CostModel } from './limits/cost';
import { DEFAULT_COST_BUDGETS } from './limits/budgets';
import { CallerRateLimiter, DEFAULT_CALLER_RATE, type CallerRateSettings } from './limits/caller-rate';
import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './limits/operation-limits';
import { ApolloServerPluginDemandControl } from './limits/plugin';
import { tokenLimit } from './limits/token-limit';
import { SubgraphPolicies, type ResilienceSettings } from './resilience/subgraph-policies';
import { SupergraphRules } from './supergraph/supergraph-rules';
import { correlationIdFrom } from './request-id';
import { GatewayMetrics } from './observability/gateway-metrics';
import { whenTracing } from '../../shared/src/observability/tracing-active';
import { accessLog, ApolloServerPluginObservation, observationOf } from '../../shared/src/observability/request-observation';
import { enterRequestSpan, startRequestSpan } from '../../shared/src/observability/tracing';
import { jsonError, requestErrorHandler } from '../../shared/src/http/request-errors';
import { chain } from '../../shared/src/http/middleware-chain';
import { SubgraphDataSource } from './subgraph-data-source';
import { PlanExecutor } from './execution/plan-executor';
import type { GatewayExecutor } from '@apollo/server-gateway-interface';
import { SubgraphHttp } from './subgraph-http';
import { FetchSharing, type FetchSharingOptions } from './fetch-sharing/fetch-sharing';
import { GovernanceRules } from '../../shared/src/governance/rules';
import { signedSubgraphQuery } from './subgraph-query';
import type { UsageSettings } from '../../shared/src/config';
import { ObservedDataSource } from './usage/observed-data-source';
import { UsageRecorder } from './usage/usage-recorder';
import { PersistedOperations } from './persisted/persisted-operations';
import { SloMetrics } from './usage/slo-metrics';
import { consoleRoutes, type ConsoleOptions } from './console/console-routes';
import { DocumentStore } from './document-store';
import type { PersistedOperationsMode } from '../../shared/src/config';

export interface GatewayOptions {
  /** The registry's database: every gateway on it serves the same supergraph. */
  registryDatabaseUrl?: string;
  /** Serve this supergraph file instead of the registry's (any Federation 2 supergraph). */
  supergraphFile?: string;
  /** With `supergraphFile`: refuse a supergraph that fails the governance lint (default: warn). */
  strictLint?: boolean;
  /** Subgraphs to register when the registry is empty (a new installation). */
  bootstrapSubgraphs?: { name: string; url: string }[];
  /** Where the registry may route subgraphs and read schemas from (`REGISTRY_URL_ALLOWLIST`); default loopback only. */
  registryUrlAllowlist?: UrlAllowlist;
  port: number;
  host?: string;
  /** How often to look for a new supergraph in the registry. */
  pollIntervalMs?: number;
  /** Apollo's own telemetry and cloud-metadata probes; off unless explicitly wanted. */
  telemetryDisabled?: boolean;
  /** How callers' tokens are verified. */
  auth: AuthenticatorOptions;
  /** The gateway's private key: every subgraph request is signed with it. */
  signingKey: PrivateSigningKey;
  /** How long a subgraph request's signature stays valid. */
  signatureTtlSeconds?: number;
  /** Shape limits of an operation (depth, aliases, root fields, directives, tokens). */
  limits?: OperationLimits;
  /** How operations are costed, and each role's budget. */
  costModel?: CostModel;
  budgets?: Readonly<Record<string, number>>;
  /** Cost per second per caller, in budgets (COST_RATE_BUDGETS_PER_SECOND, COST_RATE_BURST_SECONDS); 0 turns it off. */
  callerRate?: CallerRateSettings;
  /** Timeouts, circuit breakers and retries per subgraph. */
  resilience?: ResilienceSettings;
  /** `filter` (default) or `reject` operations that select fields the caller may not see. */
  governanceMode?: 'filter' | 'reject';
  /** Which executor runs query plans: Trellis's own (default) or `@apollo/gateway`'s (`GATEWAY_EXECUTOR`). */
  executor?: 'trellis' | 'apollo';
  /** With Trellis's executor: fetches of one operation to the same subgraph that may run together go as one request (default on; `GATEWAY_BATCH_FETCHES`). */
  batchFetches?: boolean;
  /** The longest string accepted in any argument (default 10 000 characters). */
  maxInputStringLength?: number;
  /** Usage recording (client apps, operations, subgraphs, latency), written to the registry's database; off when not given. */
  usage?: UsageSettings;
  /** In-flight deduplication and the response cache of subgraph fetches (both off when not given). */
  fetchSharing?: FetchSharingOptions;
  /** Operations by id (registered client apps' operations): `off`, `allow` (default) or `require`; an app's own setting wins. */
  persistedOperations?: PersistedOperationsMode;
  /** Pool size and PostgreSQL timeouts of the registry's database (DB_* settings). */
  database?: DatabaseSettings;
  /** How long `stop()` lets requests in flight finish before cutting them (SHUTDOWN_GRACE_MS, default 10 s). */
  shutdownGraceMs?: number;
  /** The web console at /console: where its files are, and how people may sign in to it. */
  console?: ConsoleOptions;
  logger: Logger;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The registry it serves from (absent when it serves a supergraph file). */
  registry: Registry;
  /** The supergraph version this instance serves. */
  servedVersion(): number | undefined;
  /** Its usage recording, when on (`flush()` writes what it counted so far). */
  usage?: UsageRecorder;
  /**
   * Stops gracefully: `/readyz` answers 503 and the listener closes at once, requests in flight
   * finish (up to the grace period, then they are cut), then the registry's pool closes.
   */
  stop(): Promise<void>;
}

/** Where the supergraph comes from: a file when one is named, else the registry. */
async function supergraphSourceOf(options: GatewayOptions, signer: RequestSigner): Promise<SupergraphSource> {
  if (options.supergraphFile) return fileSource(options.supergraphFile, { strict: !!options.strictLint, logger: options.logger, pollIntervalMs: options.pollIntervalMs });
  if (!options.registryDatabaseUrl) throw new Error('The gateway needs a registry database or a supergraph file.');
  return registrySource({
    databaseUrl: options.registryDatabaseUrl,
    bootstrapSubgraphs: options.bootstrapSubgraphs,
    allowlist: options.registryUrlAllowlist ?? LOOPBACK_ALLOWLIST,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    usageCheckDays: options.usage?.checkDays,
    database: options.database,
    signer,
    logger: options.logger,
  });
}

/** A browser opening /graphql: GET, HTML asked for by name (not merely accepted via a wildcard), no operation. */
function isLandingPageRequest(req: express.Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined || req.query.extensions !== undefined) return false;
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(req.headers.accept ?? '');
}

/**
 * The one door to the graph: Apollo Server 5 with `@apollo/gateway` composing the subgraphs,
 * plus `/healthz` (the process lives) and `/readyz` (a supergraph is loaded and every subgraph
 * answers its health check).
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { logger } = options;
  // @apollo/gateway reads this switch from the environment when it is constructed.
  if (options.telemetryDisabled !== false) process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const signer = new RequestSigner(options.signingKey, options.signatureTtlSeconds ?? 30);
  const metrics = new GatewayMetrics();
  const policies = new SubgraphPolicies(options.resilience);
  const subgraphHttp = new SubgraphHttp();
  const sharing = new FetchSharing(options.fetchSharing ?? { dedup: false, cache: false }, metrics.registry, logger);
  await sharing.start();
  policies.onStateChange((name, state) => {
    logger.warn(`subgraph ${name}: circuit ${state}`);
    metrics.circuitChanged(name, state);
  });
  const rules = new SupergraphRules();
  const limits = options.limits ?? DEFAULT_OPERATION_LIMITS;
  const source = await supergraphSourceOf(options, signer);
  // Usage and persisted operations live in the registry's database: on a supergraph file there are none.
  const registryDb = source.registry?.dataSource;
  const usage = options.usage?.enabled && registryDb ? new UsageRecorder(registryDb, options.usage, logger) : undefined;
  usage?.start();
  const persisted = registryDb ? new PersistedOperations(registryDb, options.persistedOperations ?? 'allow', (client, code) => usage?.refused(client, code)) : undefined;

  let supergraphLoaded = false;
  const ownExecutor = options.executor !== 'apollo';
  const executor = ownExecutor ? new PlanExecutor(() => apolloExecutor, { batching: options.batchFetches ?? true }) : undefined;
  let apolloExecutor: GatewayExecutor | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: source.manager,
    buildService: ({ name, url }) => {
      metrics.circuitChanged(name, policies.for(name).state);
      const fetches = new SubgraphDataSource(name, url!, signer, policies.for(name), (seconds, outcome) => metrics.subgraphFetch.observe({ subgraph: name, outcome }, seconds), subgraphHttp, {
        sharing: sharing.enabled ? sharing : undefined,
        // Trellis's executor asks for each distinct entity once already; @apollo/gateway's is helped here.
        collapseEntities: !ownExecutor,
      });
      const service = usage ? new ObservedDataSource(name, fetches, usage) : fetches;
      executor?.serviceBuilt(name, service);
      return service;
    },
    logger: {
      debug: () => {},
      info: (m: unknown) => logger.debug(String(m)),
      warn: (m: unknown) => logger.warn(String(m)),
      error: (m: unknown) => logger.error(String(m)),
    },
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    executor?.supergraphLoaded(apiSchema, coreSupergraphSdl);
    supergraphLoaded = true;
    if (sharing.enabled) sharing.supergraphLoaded(apiSchema, GovernanceRules.fromSdl(coreSupergraphSdl));
  });

  let stopping = false;
  const app = express();
  app.disable('x-powered-by');
  // While stopping, every answer closes its connection, so keep-alive clients reconnect elsewhere.
  app.use(
    chain(
      (_req, res, next) => {
        if (stopping) res.setHeader('connection', 'close');
        next();
      },
      // helmet's headers do not depend on the request: worked out once, set as one list (see staticHeaders).
      staticHeaders(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false })),
      accessLog(logger, metrics),
      // The request's span only while tracing is on: without a tracer provider it would be a no-op, built per request.
      whenTracing(startRequestSpan('gateway')),
    ),
  );
  app.get('/metrics', metrics.handler());
  const httpServer = http.createServer(app);
  const documents = new DocumentStore();
  const apollo = new ApolloServer<GatewayContext>({
    // @apollo/gateway loads, composes and hot-reloads the supergraph; Trellis's executor runs the plans.
    gateway: executor
      ? {
          load: async (loadOptions) => {
            const loaded = await gateway.load(loadOptions);
            apolloExecutor = loaded.executor;
            return { executor: executor.executor };
          },
          onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
          stop: () => gateway.stop(),
        }
      : gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Operations by hash would let one caller learn, from a hit, what another one ran.
    persistedQueries: false,
    // Compact JSON, as other gateways and routers answer: Apollo Server pretty-prints by default.
    stringifyResult: (result) => JSON.stringify(result),
    // The process decides when to stop (shared/src/process/stop-on-signals.ts), not Apollo Server.
    stopOnTerminationSignals: false,
    // Parsed and validated documents, and texts of a shape Apollo Server found valid checked for
    // their values only. (A `validationRules` entry of ours would have to run in the store too.)
    documentStore: documents.documents,
    plugins: [
      documents.plugin(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      // A browser opening /graphql is sent to the console's explorer (a bundled GraphiQL, no CDN).
      ApolloServerPluginLandingPageDisabled(),
      // Usage sees the operation as the client sent it: before governance filters it.
      ...(usage ? [usage.plugin()] : []),
      // Hostile input is refused first, before the rules look at arguments and before any planning.
      ApolloServerPluginInputGuard({ maxStringLength: options.maxInputStringLength ?? DEFAULT_MAX_INPUT_STRING_LENGTH }),
      ApolloServerPluginJsonRequestErrorStatus(),
      rules.plugin(),
      // Limits and cost judge the operation as the caller sent it, so they come before governance.
      ApolloServerPluginDemandControl({
        rules,
        limits,
        model: options.costModel ?? DEFAULT_COST_MODEL,
        budgets: options.budgets ?? DEFAULT_COST_BUDGETS,
        onCost: ({ estimated, actual }) => {
          metrics.cost.observe({ kind: 'estimated' }, estimated);
          metrics.cost.observe({ kind: 'actual' }, actual);
        },
      }),
      ApolloServerPluginGovernance({ rules, mode: options.governanceMode }),
      // Last: it reads the response as sent, denials included.
      ApolloServerPluginObservation(),
    ],
  });
  try {
    await apollo.start();
  } catch (error) {
    await usage?.stop();
    await source.stop();
    await sharing.stop();
    await subgraphHttp.close();
    throw error;
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping', supergraphLoaded, supergraphVersion: source.served()?.version });
      return;
    }
    const served = source.served();
    const subgraphs = await checkSubgraphs(served?.subgraphs ?? []);
    const breakers = policies.states();
    const ready = supergraphLoaded && subgraphs.every((s) => s.ok);
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      supergraphLoaded,
      supergraphVersion: served?.version,
      subgraphs: subgraphs.map((s) => ({ ...s, circuit: breakers[s.name] ?? 'closed' })),
    });
  });
  const authenticate = createAuthenticator(options.auth);
  const callerRate = new CallerRateLimiter(options.callerRate ?? DEFAULT_CALLER_RATE, options.budgets ?? DEFAULT_COST_BUDGETS);
  // The brands a token names, as ids. A slug the brands subgraph does not know resolves to nothing:
  // a brand-scoped caller then sees less, never more.
  const brandDirectory = new BrandLookup((query) => {
    const brands = source.served()?.subgraphs.find((s) => s.name === 'brands');
    if (!brands) throw new Error('the supergraph has no brands subgraph');
    return signedSubgraphQuery(brands, signer, GATEWAY_PRINCIPAL, query);
  }, logger);
  const principalOf = async (req: express.Request): Promise<Principal> => {
    const claims = await authenticate(req.headers.authorization);
    return { ...claims, brandIds: claims.brands === '*' ? '*' : await brandDirectory.idsFor(claims.brands).catch(() => []) };
  };
  source.mount?.(app, principalOf, (client) => persisted?.invalidate(client));
  app.use(
    '/console',
    consoleRoutes(options.console ?? {}, {
      authenticate,
      listBrands: async () => {
        const brands = source.served()?.subgraphs.find((s) => s.name === 'brands');
        if (!brands) return [];
        return (await signedSubgraphQuery<{ brands: { slug: string; name: string }[] }>(brands, signer, GATEWAY_PRINCIPAL, '{ brands { slug name } }')).brands;
      },
      logger,
    }),
  );
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  new SloMetrics({ platform: () => source.served()?.subgraphs.find((s) => s.name === 'platform'), signer, usage, logger, registry: metrics.registry });
  app.use(
    '/graphql',
    chain(
      // Every operation needs a verified caller, whatever the method or content type. Only a browser
      // asking for a page (GET, HTML explicitly, no operation) is sent on, to the console's explorer:
      // a redirect, which says nothing about the schema.
      async (req, res, next) => {
        if (isLandingPageRequest(req)) return res.redirect(302, '/console/explorer');
        try {
          res.locals.principal = await principalOf(req);
          next();
        } catch (error) {
          const { message, extensions } = error as GraphQLError;
          jsonError(res, 401, 'UNAUTHENTICATED', extensions?.code === 'UNAUTHENTICATED' ? message : 'Authentication failed.');
        }
      },
      // A caller that has spent its cost for now is refused before its body is read.
      callerRate.middleware(),
      express.json({ limit: '1mb' }),
      ...(persisted ? [persisted.middleware()] : []),
      tokenLimit(limits.maxTokens),
      enterRequestSpan,
      apolloMiddleware(apollo, {
        context: async ({ req, res }) => {
          // The gateway names its requests; a client's own id is kept only to correlate with it.
          const requestId = (res.locals.requestId = randomUUID());
          const correlationId = (res.locals.correlationId = correlationIdFrom(req.headers['x-request-id']));
          // Shared with the response (Apollo Server copies the context): the caller's rate limit charges what demand control judged.
          const demand = (res.locals.demand = {});
          return { requestId, correlationId, principal: res.locals.principal, observation: observationOf(res), demand };
        },
      }),
    ),
  );
  app.use((_req: express.Request, res: express.Response) => jsonError(res, 404, 'NOT_FOUND', 'There is nothing here: GraphQL is served at /graphql.'));
  // A body that is not JSON, or too large, is answered in JSON — not Express's HTML page with a stack trace.
  app.use(requestErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : 'localhost';
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    registry: source.registry as Registry,
    servedVersion: () => source.served()?.version,
    usage,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        await apollo.stop();
        await usage?.stop();
        await source.stop();
        await subgraphHttp.close();
        await sharing.stop();
      })()),
  };
}
