import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DataSource } from 'typeorm';
import type { NonEmptyArray } from 'type-graphql';
import type { SubgraphName } from '../config';
import { createDataSource } from '../db/data-source';
import { ensureDatabase } from '../db/ensure-database';
import { createLogger, type Logger, type LogLevel } from '../logger';
import { buildFederatedSchema, type ReferenceResolvers } from './build-schema';
import { createFormatError } from './format-error';
import { ApolloServerPluginInputGuard } from '../graphql/input-guard-plugin';
import { requestErrorHandler } from '../http/request-errors';
import { AccessLogBuffer } from '../access-log/access-log.buffer';
import { verifySignedClaims } from '../auth/signing';
import type { Principal } from '../auth/principal';
import type { GovernedContext } from '../governance/subgraph-enforcement';
import type { AuditContext } from '../ledger/ledger';
import { LedgerReader } from '../ledger/ledger-reader';
import { createBrandLedgerLoader, type LedgerContext } from '../ledger/ledger.resolver';

/** What every resolver of every subgraph receives: fresh per request, never shared. */
export interface SubgraphContext<L, S = unknown> extends GovernedContext, LedgerContext, AuditContext {
  requestId: string;
  dataSource: DataSource;
  loaders: L;
  /** The subgraph's long-lived services (caches, clients of other subgraphs), made once at start. */
  services: S;
}

/** What a subgraph's services are made from. */
export interface SubgraphEnvironment {
  dataSource: DataSource;
  logger: Logger;
  /** GraphQL URLs of the other subgraphs, for the few facts a subgraph reads from another (filled once all are up). */
  peers: Partial<Record<SubgraphName, string>>;
  signingSecret: string;
  settings: SubgraphSettings;
}

export interface SubgraphSettings {
  /** How long a stock reservation holds before it is released. */
  reservationTtlMinutes: number;
}

export const DEFAULT_SETTINGS: SubgraphSettings = { reservationTtlMinutes: 30 };

/** Everything that makes one subgraph: its schema, its tables, its per-request loaders, its seed. */
export interface SubgraphDefinition<L> {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  referenceResolvers?: ReferenceResolvers;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  createLoaders(dataSource: DataSource): L;
  /** Which ledger entries concern a brand (SQL over `e` and `b.brand_id`); default: the entry's brand. */
  ledgerBrandCondition?: string;
  /** Seeds the demo portfolio into an empty database; must be idempotent. */
  seed?(dataSource: DataSource, logger: Logger): Promise<void>;
  /** Makes the subgraph's long-lived services and background work; `stop` ends them. */
  start?(environment: SubgraphEnvironment): { services: unknown; stop?: () => void | Promise<void> };
}

export interface StartSubgraphOptions {
  databaseUrl: string;
  /** The secret the gateway signs requests with; requests without a valid signature get 401. */
  signingSecret: string;
  signatureMaxAgeSeconds?: number;
  port: number;
  host?: string;
  seed?: boolean;
  logLevel?: LogLevel;
  /** The other subgraphs' URLs; the object may be filled after start. */
  peers?: Partial<Record<SubgraphName, string>>;
  settings?: Partial<SubgraphSettings>;
  /** More Apollo Server plugins (metrics, tracing, tests that watch what the gateway asks). */
  plugins?: ApolloServerPlugin<SubgraphContext<any>>[];
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  sdl: string;
  dataSource: DataSource;
  /** The subgraph's long-lived services, as its resolvers see them. */
  services: unknown;
  stop(): Promise<void>;
}

/**
 * Starts one subgraph: creates its database if missing, runs pending migrations, seeds the demo
 * portfolio (once), and serves `POST /graphql` and `GET /health` over HTTP.
 */
export async function startSubgraph<L>(
  definition: SubgraphDefinition<L>,
  options: StartSubgraphOptions,
): Promise<RunningSubgraph> {
  const logger = createLogger(definition.name, options.logLevel ?? 'info');
  await ensureDatabase(options.databaseUrl);
  const dataSource = createDataSource({
    url: options.databaseUrl,
    entities: definition.entities,
    migrations: definition.migrations,
    logger,
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    if (options.seed && definition.seed) await definition.seed(dataSource, logger);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }

  const { schema, sdl } = await buildFederatedSchema(definition);
  const ledgerReader = new LedgerReader(dataSource, definition.ledgerBrandCondition);
  const runtime = definition.start?.({
    dataSource,
    logger,
    peers: options.peers ?? {},
    signingSecret: options.signingSecret,
    settings: { ...DEFAULT_SETTINGS, ...options.settings },
  });
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Defence in depth: whatever reaches a subgraph, nothing PostgreSQL cannot store unchanged reaches a resolver.
      ApolloServerPluginInputGuard(),
      ...(options.plugins ?? []),
      {
        // Reads of @sensitive fields are written before the response leaves; if that fails, the
        // data is withheld rather than served unlogged.
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              if (contextValue.accessLog.size === 0) return;
              try {
                await contextValue.accessLog.flush(dataSource.manager, contextValue.principal, contextValue.requestId);
              } catch (error) {
                logger.error('cannot write the access log; withholding the response', error);
                response.body = {
                  kind: 'single',
                  singleResult: { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
                };
              }
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/health', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok', subgraph: definition.name });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', subgraph: definition.name, reason: String(error) });
    }
  });
  app.use(
    '/graphql',
    (req, res, next) => {
      const check = verifySignedClaims(req.headers, options.signingSecret, { maxAgeSeconds: options.signatureMaxAgeSeconds ?? 30 });
      if (!check.ok) {
        res.status(401).json({
          errors: [{ message: `Unauthenticated: ${check.reason}. Send requests through the gateway.`, extensions: { code: 'UNAUTHENTICATED' } }],
        });
        return;
      }
      res.locals.principal = check.principal;
      res.locals.requestId = check.requestId || randomUUID();
      next();
    },
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ res }) => ({
        requestId: res.locals.requestId as string,
        principal: res.locals.principal as Principal,
        accessLog: new AccessLogBuffer(),
        ledger: { reader: ledgerReader, pagesByBrand: createBrandLedgerLoader(ledgerReader) },
        dataSource,
        loaders: definition.createLoaders(dataSource),
        services: runtime?.services,
      }),
    }),
  );
  app.use(requestErrorHandler('graphql', logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const url = `http://${host}:${port}/graphql`;
  logger.info(`serving ${url}`);

  let stopped: Promise<void> | undefined;
  return {
    name: definition.name,
    url,
    port,
    sdl,
    dataSource,
    services: runtime?.services,
    stop: () =>
      (stopped ??= (async () => {
        await runtime?.stop?.();
        await apollo.stop();
        await dataSource.destroy();
      })()),
  };
}
