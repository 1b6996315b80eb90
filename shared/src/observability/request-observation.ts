import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '../logger';
import type { ServiceMetrics } from './metrics';

/** What one HTTP request was, as far as GraphQL tells: filled by the plugin, read when the response is finished. */
export interface Observation {
  operationName?: string | null;
  operationType?: string;
  errorCodes?: string[];
  clientName?: string;
}

/** The observation of a response (created on first use); the GraphQL context carries the same object. */
export function observationOf(res: Response): Observation {
  return ((res.locals.observation as Observation | undefined) ??= {});
}

/**
 * One access line per request, and the request metrics: method, path, status, duration, the
 * request id, trace id (from the logger) and subject, and what GraphQL saw — never the operation's
 * text, variables or a header's value.
 */
export function accessLog(logger: Logger, metrics: ServiceMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const graphql = req.path === '/graphql';
    if (graphql) metrics.activeRequests.inc();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const seen = observationOf(res);
      if (graphql) {
        metrics.activeRequests.dec();
        metrics.requestDuration.observe(
          {
            http_request_method: req.method,
            http_response_status_code: String(res.statusCode),
            graphql_operation_type: seen.operationType ?? 'none',
            graphql_operation_name: metrics.operationName(seen.operationName),
          },
          seconds,
        );
        for (const code of seen.errorCodes ?? []) metrics.errors.inc({ code });
      }
      if (req.path === '/metrics' || req.path === '/health' || req.path === '/healthz' || req.path === '/readyz') return;
      logger.access({
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
        requestId: res.locals.requestId,
        correlationId: res.locals.correlationId,
        subject: (res.locals.principal as { sub?: string } | undefined)?.sub,
        client: seen.clientName,
        operationName: seen.operationName ?? undefined,
        operationType: seen.operationType,
        errors: seen.errorCodes?.length ? seen.errorCodes : undefined,
      });
    });
    next();
  };
}

/** Tells the access line what GraphQL saw: the operation, and the codes of the errors answered. */
export function ApolloServerPluginObservation<C extends { observation?: Observation }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue, request }) {
      const observation = contextValue.observation;
      if (observation) observation.clientName = request.http?.headers.get('apollographql-client-name') ?? undefined;
      return {
        async willSendResponse({ operation, operationName, response }) {
          if (!observation) return;
          observation.operationName = operationName ?? undefined;
          observation.operationType = operation?.operation ?? 'invalid';
          if (response.body.kind === 'single') {
            observation.errorCodes = (response.body.singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'UNKNOWN'));
          }
        },
      };
    },
  };
}
