import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import express from 'express';
import type { DataSource } from 'typeorm';
import { AccessLog1763780000000 } from '../access-log/access-log.migration';
import { AccessLogEntity } from '../access-log/access-log.entity';
import { createAccessLogResolver } from '../access-log/access-log.resolver';
import { AccessLogBuffer } from '../access-log/access-log.buffer';
import type { PrivateSigningKey, PublicKeySet } from '../auth/keys';
import type { Principal } from '../auth/principal';
import { RequestVerifier, SIGNATURE_HEADER } from '../auth/signing';
import { createDataSource } from '../db/data-source';
import { databaseFailure } from '../db/database-failure';
import type { DatabaseSettings } from '../db/database-settings';
import { ensureDatabase } from '../db/ensure-database';
import { runMigrationsOneAtATime } from '../db/run-migrations';
import type { GovernanceRules } from '../governance/rules';
import { AuditTrail } from '../ledger/ledger';
import { LedgerEntryEntity } from '../ledger/ledger-entry.entity';
import { Ledger1763790000000 } from '../ledger/ledger.migration';
import { LedgerNotify1764000000000 } from '../ledger/ledger-notify.migration';
import { ApolloServerPluginInputGuard } from '../graphql/input-guard-plugin';
import { jsonError, requestErrorHandler } from '../http/request-errors';
import { runChain } from '../http/middleware-chain';
import { executeApollo, readBody, writeApolloAnswer } from '../http/apollo-http';
import { whenTracing } from '../observability/tracing-active';
import { LedgerReader } from '../ledger/ledger-reader';
import { createBrandLedgerLoader } from '../ledger/ledger.loader';
import { createLedgerResolvers } from '../ledger/ledger.resolver';
import { createLogger, type LogLevel } from '../logger';
import { observeLedgerAppends } from '../ledger/ledger';
import { ServiceMetrics } from '../observability/metrics';
import { instrumentPool } from '../observability/pool-instrumentation';
import { accessLog, ApolloServerPluginObservation, observationOf } from '../observability/request-observation';
import { enterRequestSpan, startRequestSpan } from '../observability/tracing';
import { Counter, Histogram } from 'prom-client';
import { buildFederatedSchema } from './build-schema';
import type { SubgraphContext, SubgraphDefinition } from './definition';
import { createFormatError } from './format-error';
import { GraphClient } from './graph-client';
import { AcceptedNonces1764200000000, NonceStore } from './nonce-store';
import { accessLogPlugin, flushAccessLog, replayGuardPlugin } from './plugins';
import { DirectExecution, singleResultContentType } from './direct-execution';

export interface StartSubgraphOptions<C = unknown> {
  databaseUrl: string;
  port: number;
  host?: string;
  seed?: boolean;
  logLevel?: LogLevel;
  /** The gateway's public keys: a request without a valid signature made with one of them gets 401. */
  gatewayKeys: PublicKeySet;
  /** How old a gateway signature may be. */
  signatureMaxAgeSeconds?: number;
  /** This subgraph's own key, with which it reads the graph through the gateway (`environment.graph`). */
  serviceKey?: PrivateSigningKey;
  /** The gateway's GraphQL URL; may become known after start. */
  gatewayUrl?: () => string | undefined;
  /** The audience the gateway expects in caller tokens (`JWT_AUDIENCE`). */
  tokenAudience?: string;
  /** Its settings, already parsed; default: the definition's settings schema over an empty environment. */
  settings?: C;
  /** Run the gateway's plain queries without Apollo Server's request pipeline (default: yes; see DirectExecution). */
  directExecution?: boolean;
  /** Told of every GraphQL request the subgraph runs, as sent (tests that watch what the gateway asks). */
  onRequest?: (request: { query?: string; variables?: Record<string, unknown> }) => void;
  /** Pool size and PostgreSQL timeouts (DB_* settings). */
  database?: DatabaseSettings;
  /** How long `stop()` lets requests in flight finish before cutting them (SHUTDOWN_GRACE_MS, default 10 s). */
  shutdownGraceMs?: number;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  port: number;
  sdl: string;
  dataSource: DataSource;
  /** The subgraph's long-lived services, as its resolvers see them. */
  services: unknown;
  /**
   * Stops gracefully: `/health` answers 503 and the listener closes at once, requests in flight
   * finish (up to the grace period, then they are cut), background jobs stop (a run under way is
   * waited for), and the database pool closes.
   */
  stop(): Promise<void>;
  /** Stops as if the process died: every connection is cut at once, nothing is drained. */
  kill(): Promise<void>;
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Starts one subgraph: creates its database if missing, runs pending migrations (its own plus the
 * ledger, access-log and nonce tables the kit keeps for it), seeds the demo portfolio (once), and
 * serves `POST /graphql` — only to requests the gateway signed for this subgraph and this body —
 * and `GET /health` over HTTP.
 */
export async function startSubgraph<L, S, C>(definition: SubgraphDefinition<L, S, C>, options: StartSubgraphOptions<C>): Promise<RunningSubgraph> {
  const logger = createLogger(definition.name, options.logLevel ?? 'info');
  const settings = options.settings ?? (definition.settings ? definition.settings.parse({}) : (undefined as C));
  const resolvers = [...definition.resolvers];
  if (definition.ledger) resolvers.push(...createLedgerResolvers(definition.ledger));
  if (definition.accessLog) resolvers.push(createAccessLogResolver(definition.accessLog.rootField, definition.accessLog.label));
  const { schema, sdl, rules } = await buildFederatedSchema({ ...definition, resolvers: resolvers as typeof definition.resolvers });
  checkDefinition(definition, rules);

  await ensureDatabase(options.databaseUrl);
  const dataSource = createDataSource({
    url: options.databaseUrl,
    entities: [...definition.entities, ...(definition.ledger ? [LedgerEntryEntity] : []), ...(definition.accessLog ? [AccessLogEntity] : [])],
    migrations: [
      ...definition.migrations,
      ...(definition.accessLog ? [AccessLog1763780000000] : []),
      ...(definition.ledger ? [Ledger1763790000000, LedgerNotify1764000000000] : []),
      AcceptedNonces1764200000000,
    ],
    logger,
    settings: options.database,
    applicationName: `trellis-${definition.name}`,
  });
  await dataSource.initialize();
  const metrics = new ServiceMetrics(definition.name);
  instrumentPool(dataSource, definition.name, metrics.registry);
  const ledgerAppends = new Histogram({
    name: 'trellis_ledger_append_duration_seconds',
    help: 'How long appending to the ledger took, the wait for its lock included.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [metrics.registry],
  });
  observeLedgerAppends(dataSource, (seconds) => ledgerAppends.observe(seconds));
  try {
    await runMigrationsOneAtATime(dataSource);
    if (options.seed && definition.seed) await definition.seed(dataSource, logger);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }

  const graph = new GraphClient(
    options.gatewayUrl ?? (() => undefined),
    options.serviceKey && { service: definition.name, key: options.serviceKey },
    options.tokenAudience ?? 'trellis',
  );
  const runtime = definition.start?.({ dataSource, logger, settings, graph });
  const services = runtime?.services as S;
  const ledgerReader = definition.ledger ? new LedgerReader(dataSource, definition.ledger.brandCondition) : undefined;
  const nonces = new NonceStore(dataSource);
  const pruneNonces = setInterval(() => void nonces.prune().catch(() => {}), 60_000);
  pruneNonces.unref();
  const brandsOf = definition.brandsOf ?? {};

  let stopping = false;
  const app = express();
  app.disable('x-powered-by');
  // While stopping, every answer closes its connection, so keep-alive clients reconnect elsewhere.
  app.use((_req, res, next) => {
    if (stopping) res.setHeader('connection', 'close');
    next();
  });
  const verifier = new RequestVerifier(definition.name, options.gatewayKeys, options.signatureMaxAgeSeconds ?? 30);
  // The gateway's signed POSTs, every request a subgraph serves in earnest, go straight to Apollo
  // Server on Node's request and response (see `graphqlPost`); Express serves the rest.
  const httpServer = http.createServer((req, res) => {
    if (req.method === 'POST' && (req.url === '/graphql' || req.url?.startsWith('/graphql?'))) graphqlPost(req, res);
    else app(req, res);
  });
  const formatError = createFormatError(logger);
  const onRequest = options.onRequest;
  const apollo = new ApolloServer<SubgraphContext<L, S>>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Compact JSON: Apollo Server pretty-prints by default, which the gateway parses away again.
    stringifyResult: (result) => JSON.stringify(result),
    // The process decides when to stop (shared/src/process/stop-on-signals.ts), not Apollo Server.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      ApolloServerPluginLandingPageDisabled(),
      // Only the hooks that are used: Apollo's cache-control plugin (installed unless disabled) has a
      // willResolveField hook, which makes Apollo wrap every field resolver of the schema and call
      // it per resolved field; nothing here reads cache hints. Traces and Apollo reporting are off.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginObservation(),
      // Defence in depth: whatever reaches a subgraph, nothing PostgreSQL cannot store unchanged reaches a resolver.
      ApolloServerPluginInputGuard(),
      replayGuardPlugin(nonces),
      ...(definition.accessLog ? [accessLogPlugin(dataSource, logger)] : []),
      ...(onRequest ? [{ requestDidStart: async ({ request }: { request: { query?: string; variables?: Record<string, unknown> } }) => onRequest(request) }] : []),
    ],
  });
  await apollo.start();
  // The gateway's plain queries skip Apollo Server's request pipeline (see DirectExecution).
  const direct = options.directExecution === false ? undefined : new DirectExecution<SubgraphContext<L, S>>(schema, formatError);
  const pipelines = new Counter({
    name: 'trellis_graphql_pipeline_requests_total',
    help: 'GraphQL requests by how they ran: direct (a plain query, without Apollo Server’s request pipeline) or apollo.',
    labelNames: ['pipeline'],
    registers: [metrics.registry],
  });

  const logRequest = accessLog(logger, metrics);
  const handleError = requestErrorHandler(logger);
  // The request's span only while tracing is on: without a tracer provider it would be a no-op, built per request.
  const requestSpan = whenTracing(startRequestSpan(definition.name));
  app.use(logRequest, requestSpan);
  app.get('/metrics', metrics.handler());
  app.get('/health', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping', subgraph: definition.name });
      return;
    }
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok', subgraph: definition.name });
    } catch (error) {
      const failure = databaseFailure(error);
      res.status(503).json({ status: 'unavailable', subgraph: definition.name, reason: 'the database does not answer', ...(failure ? { code: failure.code, detail: failure.reason } : {}) });
    }
  });

  const contextOf = (res: http.ServerResponse & { locals: Record<string, unknown> }): SubgraphContext<L, S> => {
    const principal = res.locals.principal as Principal;
    const requestId = res.locals.requestId as string;
    return {
      requestId,
      principal,
      dataSource,
      services,
      signature: res.locals.signature as SubgraphContext<L, S>['signature'],
      observation: observationOf(res as unknown as express.Response),
      accessLog: new AccessLogBuffer(),
      audit: AuditTrail.of(principal, requestId),
      ledger: ledgerReader && { reader: ledgerReader, pagesByBrand: createBrandLedgerLoader(ledgerReader) },
      loaders: definition.createLoaders(dataSource, services),
      brandsOfEntity: (entity: string, id: string) => {
        const lookup = brandsOf[entity];
        if (!lookup) throw new Error(`${definition.name} declares no brandsOf.${entity}`);
        return lookup(dataSource, id);
      },
    };
  };
  /**
   * `POST /graphql`: only a body the gateway signed for this subgraph is parsed and run. The access
   * line, the request metrics and the span are the ones Express's routes get.
   */
  const graphqlPost = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const response = Object.assign(res, { locals: {} as Record<string, unknown> });
    const request = Object.assign(req, { path: '/graphql' }) as unknown as express.Request;
    if (stopping) res.setHeader('connection', 'close');
    const run = async () => {
      const body = await readBody(req, MAX_BODY_BYTES);
      if (!body) {
        jsonError(res, 413, 'BAD_REQUEST', `The request body is larger than ${MAX_BODY_BYTES} bytes; send less.`);
        return;
      }
      const signature = req.headers[SIGNATURE_HEADER];
      const check = await verifier.verify({ method: 'POST', body, signature: Array.isArray(signature) ? signature[0] : signature });
      if (!check.ok) {
        jsonError(res, 401, 'UNAUTHENTICATED', `Unauthenticated: ${check.reason}. Send requests through the gateway.`);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        jsonError(res, 400, 'BAD_REQUEST', 'The request body is not JSON.');
        return;
      }
      response.locals.principal = check.principal;
      response.locals.requestId = check.requestId || randomUUID();
      response.locals.signature = { nonce: check.nonce, expiresAt: check.expiresAt };
      const plain = direct?.prepare(parsed);
      const contentType = plain && singleResultContentType(req.headers.accept);
      // A mutation runs directly once its nonce is claimed here; a replay (or a database that will
      // not say) goes to Apollo Server, whose replay guard answers it. (Variables that do not coerce
      // went there already, before anything was claimed: the client gets its 400, not a 401.)
      const claimed =
        direct && plain && contentType && plain.operation.operation === 'mutation' ? await claimNonce(nonces, response.locals.signature as { nonce: string; expiresAt: Date }) : true;
      if (direct && plain && contentType && claimed) {
        const context = contextOf(response);
        onRequest?.(parsed as { query?: string; variables?: Record<string, unknown> });
        const answer = await direct.run(plain, context, plain.operation.operation === 'mutation');
        if (answer) {
          if (context.accessLog.size > 0) {
            const withheld = await flushAccessLog(dataSource, logger, context);
            if (withheld) Object.assign(answer, direct.answer(withheld));
          }
          const observation = context.observation!;
          observation.clientName = headerValue(req.headers['apollographql-client-name']);
          observation.operationName = plain.operationName ?? undefined;
          observation.operationType = plain.operation.operation;
          observation.errorCodes = answer.errorCodes;
          const text = JSON.stringify(answer.body);
          res.writeHead(answer.status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
          res.end(text);
          pipelines.inc({ pipeline: 'direct' });
          return;
        }
      }
      pipelines.inc({ pipeline: 'apollo' });
      await writeApolloAnswer(res, await executeApollo(apollo, req, parsed, async () => contextOf(response)));
    };
    const expressRes = response as unknown as express.Response;
    // The chain Express would run: the access line and metrics, the span, then the request in it.
    runChain([logRequest, requestSpan, enterRequestSpan], request, expressRes, (error?: unknown) => {
      const fail = (e: unknown) => handleError(e, request, expressRes, () => res.destroy());
      if (error) fail(error);
      else run().catch(fail);
    });
  };
  app.all('/graphql', (_req, res) => jsonError(res, 405, 'METHOD_NOT_ALLOWED', 'Subgraphs answer only POST /graphql, signed by the gateway.'));
  app.use((_req: express.Request, res: express.Response) => jsonError(res, 404, 'NOT_FOUND', 'There is nothing here; the subgraph serves POST /graphql and GET /health.'));
  app.use(handleError);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  const url = `http://${host}:${port}/graphql`;
  logger.info(`serving ${url}`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      stopping = true;
      clearInterval(pruneNonces);
      // Draining (Apollo's drain plugin closes the listener and waits for requests in flight) and
      // the end of background work go together; the pool closes once neither needs it.
      await Promise.all([apollo.stop(), runtime?.stop?.()]);
      await dataSource.destroy();
      logger.debug('stopped');
    })());
  return {
    name: definition.name,
    url,
    port,
    sdl,
    dataSource,
    services,
    stop,
    kill: () => {
      stopping = true;
      httpServer.closeAllConnections();
      return stop();
    },
  };
}

/** Claims a signature's nonce; false when it was claimed before or the database cannot say. */
async function claimNonce(nonces: NonceStore, signature: { nonce: string; expiresAt: Date }): Promise<boolean> {
  try {
    return await nonces.claim(signature.nonce, signature.expiresAt);
  } catch {
    return false;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A definition that cannot work is refused at start, with what to add. */
function checkDefinition(definition: SubgraphDefinition<any, any, any>, rules: GovernanceRules): void {
  const problems: string[] = [];
  const fields = [...rules.fields()];
  if (!definition.ledger && fields.some((f) => f.type.root === 'mutation')) problems.push('it has mutations, so it must keep a ledger (`ledger: { … }`)');
  if (!definition.accessLog && fields.some((f) => f.rules.sensitive)) problems.push('it has @sensitive fields, so it must keep an access log (`accessLog: { … }`)');
  for (const f of fields) {
    const entity = f.rules.brandsOf?.entity;
    if (entity && !definition.brandsOf?.[entity]) problems.push(`${f.coordinate} names @brandsOf(entity: "${entity}"), so it must say how to find its brands (\`brandsOf: { ${entity}: … }\`)`);
  }
  if (!/^[a-z][a-z0-9-]*$/.test(definition.name)) problems.push(`its name "${definition.name}" must be lower-case letters, digits and dashes`);
  if (problems.length) throw new Error(`The ${definition.name} subgraph definition is incomplete: ${problems.join('; ')}.`);
}
