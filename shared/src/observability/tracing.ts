import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RequestHandler } from 'express';

/**
 * OpenTelemetry traces, off unless configured (the standard `OTEL_*` variables, read once by the
 * configuration): one trace per client request, W3C `traceparent` carried from the gateway to every
 * subgraph it calls (and back when a subgraph asks the graph), spans for each request, each
 * subgraph fetch and each SQL statement. The instrumentation is explicit — Express middleware,
 * the data source, the pg clients — so it works the same in every process and in the test suite.
 */
export interface TracingConfig {
  enabled: boolean;
  /** The OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces. */
  endpoint: string;
  headers: Record<string, string>;
  /** `OTEL_SERVICE_NAME`, when set, instead of the service's own name. */
  serviceName?: string;
}

export interface Tracing {
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Registers the process's tracer provider and W3C propagation; null when tracing is off. */
export function startTracing(service: string, config: TracingConfig): Tracing | null {
  if (!config.enabled) return null;
  const provider = new NodeTracerProvider({
    resource: new Resource({ 'service.name': config.serviceName ?? `trellis-${service}`, 'service.namespace': 'trellis' }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.endpoint, headers: config.headers }), { scheduledDelayMillis: 1000 })],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return {
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

const SPAN = Symbol('trellis.span');
/** Probes and scrapes: frequent, and nobody's request. */
const UNTRACED = new Set(['/health', '/healthz', '/readyz', '/metrics']);

/**
 * The server span of an HTTP request, continuing the caller's trace (`traceparent`). Started as
 * early as possible; `enterRequestSpan` makes it current right before the GraphQL handler runs, so
 * everything the request does (subgraph fetches, SQL) is inside it.
 */
export function startRequestSpan(service: string): RequestHandler {
  return (req, res, next) => {
    if (UNTRACED.has(req.path)) return next();
    const parent = propagation.extract(context.active(), req.headers);
    const span = trace.getTracer(service).startSpan(
      `${req.method} ${req.path}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path, 'trellis.service': service } },
      parent,
    );
    (res.locals as Record<symbol, unknown>)[SPAN] = { span, context: trace.setSpan(parent, span) };
    res.once('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      const operation = res.locals.observation as { operationName?: string | null; operationType?: string } | undefined;
      if (operation?.operationName) span.setAttribute('graphql.operation.name', operation.operationName);
      if (operation?.operationType) span.setAttribute('graphql.operation.type', operation.operationType);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    next();
  };
}

export const enterRequestSpan: RequestHandler = (_req, res, next) => {
  const started = (res.locals as Record<symbol, { context: Context } | undefined>)[SPAN];
  if (started) context.with(started.context, next);
  else next();
};

/** Runs `work` in a client span (a subgraph fetch, a call to the gateway) and puts `traceparent` into `headers`. */
export async function withClientSpan<T>(service: string, name: string, attributes: Record<string, string>, headers: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const span = trace.getTracer(service).startSpan(name, { kind: SpanKind.CLIENT, attributes });
  const active = trace.setSpan(context.active(), span);
  propagation.inject(active, headers);
  try {
    return await context.with(active, work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

interface QueryableClient {
  query: (...args: unknown[]) => unknown;
  [key: symbol]: boolean | undefined;
}
const INSTRUMENTED = Symbol('trellis.instrumented');

/**
 * A span per SQL statement of a pg client, when a trace is active (nothing otherwise). Attached to
 * every client a pool makes (`pool.on('connect', …)`).
 */
export function traceSqlStatements(client: QueryableClient, service: string, database: string): void {
  if (client[INSTRUMENTED]) return;
  client[INSTRUMENTED] = true;
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const parent = trace.getSpan(context.active());
    if (!parent) return query(...args);
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
    const span: Span = trace.getTracer(service).startSpan(sqlOperation(text), {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.namespace': database, 'db.query.text': text.slice(0, 2000) },
    });
    const result = context.with(trace.setSpan(context.active(), span), () => query(...args));
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => span.end(),
        (error: Error) => {
          span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
          span.end();
        },
      );
    } else span.end();
    return result;
  };
}

function sqlOperation(text: string): string {
  return /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
}
