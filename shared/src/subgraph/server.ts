import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
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

/** What every resolver of every subgraph receives: fresh per request, never shared. */
export interface SubgraphContext<L> {
  requestId: string;
  dataSource: DataSource;
  loaders: L;
}

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
  /** Seeds the demo portfolio into an empty database; must be idempotent. */
  seed?(dataSource: DataSource, logger: Logger): Promise<void>;
}

export interface StartSubgraphOptions {
  databaseUrl: string;
  port: number;
  host?: string;
  seed?: boolean;
  logLevel?: LogLevel;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  sdl: string;
  dataSource: DataSource;
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
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => ({
        requestId: String(req.headers['x-request-id'] ?? randomUUID()),
        dataSource,
        loaders: definition.createLoaders(dataSource),
      }),
    }),
  );

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
    stop: () =>
      (stopped ??= (async () => {
        await apollo.stop();
        await dataSource.destroy();
      })()),
  };
}
