import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLError } from 'graphql';
import type { Logger } from '../../shared/src/logger';
import { createAuthenticator, type AuthenticatorOptions } from './auth/authenticate';
import { BrandDirectory } from './auth/brand-directory';
import type { GatewayContext } from './context';
import { ApolloServerPluginGovernance } from './governance/plugin';
import { ApolloServerPluginInputGuard, DEFAULT_MAX_INPUT_STRING_LENGTH } from '../../shared/src/graphql/input-guard-plugin';
import { createDataSource } from '../../shared/src/db/data-source';
import { ensureDatabase } from '../../shared/src/db/ensure-database';
import { LedgerEntryEntity } from '../../shared/src/ledger/ledger-entry.entity';
import type { Principal } from '../../shared/src/auth/principal';
import { Registry } from './registry/registry';
import { SubgraphVersionEntity, SupergraphEntity } from './registry/registry.entities';
import { RegistryInit1763810000000 } from './registry/registry.migration';
import { registryRoutes, supergraphRoute } from './registry/routes';
import { RegistrySupergraphManager } from './registry/supergraph-manager';
import { checkSubgraphs } from './readiness';
import { requestIdFrom } from './request-id';
import { requestErrorHandler } from '../../shared/src/http/request-errors';
import { SubgraphDataSource } from './subgraph-data-source';

export interface GatewayOptions {
  /** The registry's database: every gateway on it serves the same supergraph. */
  registryDatabaseUrl: string;
  /** Subgraphs to register when the registry is empty (a new installation). */
  bootstrapSubgraphs?: { name: string; url: string }[];
  port: number;
  host?: string;
  /** How often to look for a new supergraph in the registry. */
  pollIntervalMs?: number;
  /** Apollo's own telemetry and cloud-metadata probes; off unless explicitly wanted. */
  telemetryDisabled?: boolean;
  /** How callers' tokens are verified. */
  auth: AuthenticatorOptions;
  /** The secret subgraph requests are signed with. */
  signingSecret: string;
  /** `filter` (default) or `reject` operations that select fields the caller may not see. */
  governanceMode?: 'filter' | 'reject';
  /** The longest string accepted in any argument (default 10 000 characters). */
  maxInputStringLength?: number;
  logger: Logger;
}

export interface RunningGateway {
  url: string;
  port: number;
  registry: Registry;
  /** The supergraph version this instance serves. */
  servedVersion(): number | undefined;
  stop(): Promise<void>;
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
  await ensureDatabase(options.registryDatabaseUrl);
  const registryDb = createDataSource({
    url: options.registryDatabaseUrl,
    entities: [SubgraphVersionEntity, SupergraphEntity, LedgerEntryEntity],
    migrations: [RegistryInit1763810000000],
    logger,
    poolSize: 5,
  });
  await registryDb.initialize();
  await registryDb.runMigrations({ transaction: 'each' });
  const registry = new Registry(registryDb);

  let supergraphLoaded = false;
  let served: { version: number; subgraphs: { name: string; url: string }[] } | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: new RegistrySupergraphManager({
      registry,
      bootstrap: options.bootstrapSubgraphs,
      signingSecret: options.signingSecret,
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      logger,
      onLoad: (supergraph) => {
        served = supergraph;
      },
    }),
    buildService: ({ name, url }) => new SubgraphDataSource(name, url!, options.signingSecret),
    logger: {
      debug: () => {},
      info: (m: unknown) => logger.debug(String(m)),
      warn: (m: unknown) => logger.warn(String(m)),
      error: (m: unknown) => logger.error(String(m)),
    },
  });
  gateway.onSchemaLoadOrUpdate(() => {
    supergraphLoaded = true;
  });

  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false }),
      // Hostile input is refused first, before the rules look at arguments and before any planning.
      ApolloServerPluginInputGuard({ maxStringLength: options.maxInputStringLength ?? DEFAULT_MAX_INPUT_STRING_LENGTH }),
      ApolloServerPluginGovernance({ mode: options.governanceMode }),
    ],
  });
  try {
    await apollo.start();
  } catch (error) {
    await registryDb.destroy();
    throw error;
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const subgraphs = await checkSubgraphs(served?.subgraphs ?? []);
    const ready = supergraphLoaded && subgraphs.every((s) => s.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', supergraphLoaded, supergraphVersion: served?.version, subgraphs });
  });
  const authenticate = createAuthenticator(options.auth);
  const brandDirectory = new BrandDirectory(() => served?.subgraphs.find((s) => s.name === 'brands')?.url, options.signingSecret, logger);
  const principalOf = async (req: express.Request): Promise<Principal> => {
    const claims = await authenticate(req.headers.authorization);
    return { ...claims, brandIds: claims.brands === '*' ? '*' : await brandDirectory.idsFor(claims.brands) };
  };
  app.get('/supergraph', supergraphRoute(registry, principalOf));
  app.use('/registry', registryRoutes(registry, principalOf), requestErrorHandler('registry', logger));
  app.use(
    '/graphql',
    // Every operation needs a verified caller; the landing page (a browser's GET for HTML) does not.
    async (req, res, next) => {
      if (req.method === 'GET' && req.accepts(['text/html', 'application/json']) === 'text/html') return next();
      try {
        res.locals.principal = await principalOf(req);
        next();
      } catch (error) {
        const { message, extensions } = error as GraphQLError;
        res.status(401).json({ errors: [{ message, extensions: { code: extensions?.code ?? 'UNAUTHENTICATED' } }] });
      }
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        requestId: requestIdFrom(req.headers['x-request-id']),
        principal: res.locals.principal,
      }),
    }),
  );
  // A body that is not JSON, or too large, is answered in JSON — not Express's HTML page with a stack trace.
  app.use(requestErrorHandler('graphql', logger));

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
    registry,
    servedVersion: () => served?.version,
    stop: () =>
      (stopped ??= (async () => {
        await apollo.stop();
        await registryDb.destroy();
      })()),
  };
}
