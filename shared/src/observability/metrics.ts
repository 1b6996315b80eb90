import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of one service, in its own registry (several services may share a process in
 * tests). Names and labels follow the OpenTelemetry semantic conventions as Prometheus spells them
 * (`http_server_request_duration_seconds`, `http_request_method`, …); Trellis's own are `trellis_*`.
 * No label takes an unbounded value: operation names are capped (see `boundedName`), and no id,
 * token or operation text is ever a label.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'http_request_method' | 'http_response_status_code' | 'graphql_operation_type' | 'graphql_operation_name'>;
  readonly activeRequests: Gauge;
  readonly errors: Counter<'code'>;
  private readonly operationNames = new BoundedNames(100);

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.requestDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of GraphQL requests, by operation type and (bounded) operation name.',
      labelNames: ['http_request_method', 'http_response_status_code', 'graphql_operation_type', 'graphql_operation_name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.activeRequests = new Gauge({ name: 'http_server_active_requests', help: 'Requests in flight.', registers: [this.registry] });
    this.errors = new Counter({ name: 'trellis_graphql_errors_total', help: 'Errors returned to callers, by extensions.code.', labelNames: ['code'], registers: [this.registry] });
  }

  /** An operation name as a label value: one of the first 100 well-formed names seen, else `other`. */
  operationName(name: string | null | undefined): string {
    return this.operationNames.of(name);
  }

  /** `GET /metrics`. */
  handler(): RequestHandler {
    return async (_req, res) => {
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}

/** Caps a label's distinct values: the first `max` well-formed names, then `other`; malformed ones `invalid`. */
export class BoundedNames {
  private readonly seen = new Set<string>();
  constructor(private readonly max: number) {}

  of(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'invalid';
    if (this.seen.has(name)) return name;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(name);
    return name;
  }
}
