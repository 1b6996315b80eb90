import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import type { UsageSettings } from '../../../shared/src/config';
import type { Logger } from '../../../shared/src/logger';
import { analyzeOperation, literalFreeKey, type OperationShape } from './operation-analysis';
import { UsageAggregator, type OperationRecord } from './usage-aggregator';
import { deleteExpiredUsage, writeUsage } from './usage-writer';
import type { SubgraphFetchObserver } from './observed-data-source';
import { trackRequest } from './request-usage';
import type { GatewayContext } from '../context';

const RETENTION_EVERY_MS = 3_600_000;

/**
 * The gateway's usage recording: counts in memory (`UsageAggregator`), written to the registry's
 * database every `flushIntervalMs` by an unref'd timer — never on the request path — and old
 * minutes deleted once an hour. A failed write is logged and its counts are lost (counted in
 * `lostRecords`), so a database outage never grows the gateway's memory.
 */
export class UsageRecorder implements SubgraphFetchObserver {
  readonly aggregator: UsageAggregator;
  /** Operations sent by id that were refused, by client (since start; for metrics). */
  readonly refusalsByClient = new Map<string, number>();
  lostRecords = 0;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private retentionDoneAt = 0;
  private readonly shapes = new WeakMap<DocumentNode, Map<string, OperationShape | null>>();
  /** Per supergraph: what an operation's coordinates are depends on the schema it runs against. */
  private readonly shapesByText = new WeakMap<GraphQLSchema, Map<string, OperationShape | null>>();

  constructor(
    private readonly dataSource: DataSource,
    readonly settings: UsageSettings,
    private readonly logger: Logger,
  ) {
    this.aggregator = new UsageAggregator(settings.maxKeys);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.settings.flushIntervalMs);
    this.timer.unref();
  }

  /** Whether this request is recorded (`samplingRate`); a recorded one counts 1/rate. */
  sampled(): boolean {
    return this.settings.samplingRate >= 1 || Math.random() < this.settings.samplingRate;
  }

  get weight(): number {
    return 1 / this.settings.samplingRate;
  }

  /**
   * The operation's shape, computed once per parsed document (Apollo Server hands out the same
   * document for the same text) — and once per text that differs only in its literal values
   * (`literalFreeKey`), so a client writing values into its operations is not analysed anew per call.
   */
  shapeOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, source?: string): OperationShape | null {
    let byName = this.shapes.get(document);
    if (!byName) this.shapes.set(document, (byName = new Map()));
    const key = operationName ?? '';
    if (!byName.has(key)) {
      const textKey = source === undefined ? undefined : literalFreeKey(source);
      let byText = this.shapesByText.get(schema);
      if (!byText) this.shapesByText.set(schema, (byText = new Map()));
      const known = textKey === undefined ? undefined : byText.get(`${key}\u0000${textKey}`);
      const shape = known !== undefined ? known : analyzeOperation(schema, document, operationName);
      if (textKey !== undefined && known === undefined) {
        if (byText.size >= 1_000) byText.clear();
        byText.set(`${key}\u0000${textKey}`, shape);
      }
      byName.set(key, shape);
    }
    return byName.get(key)!;
  }

  record(record: OperationRecord): void {
    this.aggregator.record(record);
  }

  fetched(subgraph: string, durationMs: number, failed: boolean): void {
    this.aggregator.recordFetch(subgraph, Date.now(), durationMs, failed);
  }

  refused(clientName: string, code: string): void {
    this.aggregator.recordRefusal(clientName, code, Date.now());
    // Client names are the caller's to choose: past 1000 of them, the rest count together.
    const key = this.refusalsByClient.has(clientName) || this.refusalsByClient.size < 1000 ? clientName : '(other)';
    this.refusalsByClient.set(key, (this.refusalsByClient.get(key) ?? 0) + 1);
  }

  /** Writes what is counted so far (and, once an hour, deletes what is past retention). */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      const snapshot = this.aggregator.drain();
      if (snapshot.dropped > 0) this.logger.warn(`usage: ${snapshot.dropped} record(s) dropped, over USAGE_MAX_KEYS (${this.settings.maxKeys}) distinct keys per flush`);
      try {
        await writeUsage(this.dataSource, snapshot);
        if (Date.now() - this.retentionDoneAt > RETENTION_EVERY_MS) {
          this.retentionDoneAt = Date.now();
          await deleteExpiredUsage(this.dataSource, this.settings.retentionDays);
        }
      } catch (error) {
        const lost = snapshot.operations.length + snapshot.fetches.length + snapshot.refusals.length;
        this.lostRecords += lost;
        this.logger.warn(`usage: ${lost} aggregate(s) not written: ${(error as Error).message}`);
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return usagePlugin(this);
  }
}

const CLIENT_NAME = 'apollographql-client-name';
const CLIENT_VERSION = 'apollographql-client-version';

/** A header value as usage keeps it: printable, at most 64 characters. */
export function headerValue(value: string | undefined | null): string {
  return (value ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, 64);
}

/** The caller's brands as a usage key: '*' portfolio-wide, else the ids sorted and joined. */
export function brandsKey(brandIds: string[] | '*'): string {
  return brandIds === '*' ? '*' : [...brandIds].sort().join(',');
}

/**
 * Records every operation (that sampling picks): client app and version from Apollo's
 * `apollographql-client-name` / `-version` headers, the caller's brands, the operation's hash,
 * name and coordinates, the subgraphs it fetched, its duration, its errors' codes and its
 * estimated cost. Install it before the governance plugin: it must see the operation as the
 * client sent it, not as governance filtered it.
 */
function usagePlugin(recorder: UsageRecorder): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!recorder.sampled()) return;
      const started = Date.now();
      const usage = trackRequest(contextValue);
      let shape: OperationShape | null = null;
      return {
        async didResolveOperation({ schema, document, operationName, source }) {
          // Synchronously, before the governance plugin may replace `document` with a filtered one.
          shape = recorder.shapeOf(schema, document, operationName, source);
        },
        async willSendResponse({ request, response, contextValue: context }) {
          // After the other plugins' own willSendResponse (governance adds its errors there).
          await null;
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          recorder.record({
            at: started,
            clientName: headerValue(request.http?.headers.get(CLIENT_NAME)),
            clientVersion: headerValue(request.http?.headers.get(CLIENT_VERSION)),
            brands: brandsKey(context.principal.brandIds),
            hash: shape?.hash ?? '',
            name: shape?.name ?? '',
            type: shape?.type ?? 'query',
            coordinates: shape?.coordinates ?? [],
            subgraphs: [...usage.subgraphs].sort().join(','),
            durationMs: Date.now() - started,
            errorCodes: errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
            estimatedCost: context.estimatedCost ?? 0,
            weight: recorder.weight,
          });
        },
      };
    },
  };
}
