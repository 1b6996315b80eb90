import type { RequestHandler } from 'express';
import { Gauge, Registry } from 'prom-client';
import type { Principal } from '../../../shared/src/auth/principal';
import type { RequestSigner } from '../../../shared/src/auth/signing';
import type { Logger } from '../../../shared/src/logger';
import { signedSubgraphQuery } from '../subgraph-query';
import type { UsageRecorder } from './usage-recorder';

/** Who the gateway is when it reads the shared services' health for `/metrics`: the catalogue only, no brand restriction. */
const METRICS_PRINCIPAL: Principal = { sub: 'system:gateway-metrics', roles: [], scopes: ['catalog:read'], brands: '*', brandIds: '*' };

const WINDOWS = { H1: '1h', H6: '6h', D30: '30d' } as const;
const HEALTH = 'window requests errorRate p99Ms errorBurnRate latencyBurnRate burnRate';
const QUERY = `{ sharedServices { code ${Object.keys(WINDOWS).map((w) => `${w}: health(window: ${w}) { ${HEALTH} }`).join(' ')} } }`;

type ServiceHealths = { code: string } & Record<keyof typeof WINDOWS, HealthFigures>;

interface HealthFigures {
  requests: number;
  errorRate: number | null;
  p99Ms: number | null;
  errorBurnRate: number;
  latencyBurnRate: number;
  burnRate: number;
}

/**
 * The SLO and usage gauges, in a prom-client registry of their own or the one given (the
 * gateway's metrics registry, so one `/metrics` serves both). The burn rates are the platform
 * subgraph's — one formula, `SharedService.health(window:)` — read at each scrape.
 */
export class SloMetrics {
  readonly registry: Registry;

  /** `registry`: register the gauges in the gateway's own metrics registry instead of a new one. */
  constructor(options: { platform: () => { name: string; url: string } | undefined; signer: RequestSigner; usage?: UsageRecorder; logger: Logger; registry?: Registry }) {
    const { platform, signer, usage, logger } = options;
    this.registry = options.registry ?? new Registry();
    let pending: Promise<ServiceHealths[]> | undefined;
    /** One read of the platform per scrape, shared by the gauges. */
    const health = () =>
      (pending ??= (async () => {
        try {
          const subgraph = platform();
          if (!subgraph) return [];
          return (await signedSubgraphQuery<{ sharedServices: ServiceHealths[] }>(subgraph, signer, METRICS_PRINCIPAL, QUERY, { timeoutMs: 2000 })).sharedServices;
        } catch (error) {
          logger.warn(`metrics: the shared services' health could not be read: ${(error as Error).message}`);
          return [];
        } finally {
          setTimeout(() => (pending = undefined), 0);
        }
      })());
    const perWindow = (name: string, help: string, labels: string[], set: (gauge: Gauge, code: string, window: string, h: HealthFigures) => void) =>
      new Gauge({
        name,
        help,
        labelNames: labels,
        registers: [this.registry],
        async collect() {
          this.reset();
          for (const service of await health()) {
            for (const [key, window] of Object.entries(WINDOWS)) set(this, service.code, window, service[key as keyof typeof WINDOWS]);
          }
        },
      });
    perWindow('trellis_slo_burn_rate', 'How fast a shared service burns its error budget over the window (1 = exactly the budget), by objective: errors, latency, or the larger (any).', ['service', 'window', 'objective'], (g, service, window, h) => {
      g.set({ service, window, objective: 'errors' }, h.errorBurnRate);
      g.set({ service, window, objective: 'latency' }, h.latencyBurnRate);
      g.set({ service, window, objective: 'any' }, h.burnRate);
    });
    perWindow('trellis_slo_requests', 'Fetches from a shared service’s subgraphs over the window.', ['service', 'window'], (g, service, window, h) => g.set({ service, window }, h.requests));
    perWindow('trellis_slo_error_rate', 'Share of a shared service’s fetches that failed over the window.', ['service', 'window'], (g, service, window, h) => {
      if (h.errorRate !== null) g.set({ service, window }, h.errorRate);
    });
    perWindow('trellis_slo_p99_ms', 'A shared service’s 99th percentile latency over the window, in ms.', ['service', 'window'], (g, service, window, h) => {
      if (h.p99Ms !== null) g.set({ service, window }, h.p99Ms);
    });
    if (usage) {
      new Gauge({
        name: 'trellis_persisted_operations_refused_total',
        help: 'Operations refused since start because they are not registered for their client app (PERSISTED_QUERY_NOT_FOUND / _NOT_SUPPORTED).',
        labelNames: ['client'],
        registers: [this.registry],
        collect() {
          for (const [client, count] of usage.refusalsByClient) this.set({ client: client || '(none)' }, count);
        },
      });
      new Gauge({
        name: 'trellis_usage_records_dropped_total',
        help: 'Usage records dropped since start: over USAGE_MAX_KEYS between two flushes, or not written.',
        labelNames: ['why'],
        registers: [this.registry],
        collect() {
          this.set({ why: 'key-limit' }, usage.aggregator.droppedTotal);
          this.set({ why: 'write-failed' }, usage.lostRecords);
        },
      });
    }
  }

  route(): RequestHandler {
    return async (_req, res, next) => {
      try {
        res.type(this.registry.contentType).send(await this.registry.metrics());
      } catch (error) {
        next(error);
      }
    };
  }
}
