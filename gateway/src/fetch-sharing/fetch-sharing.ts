import type { GraphQLSchema } from 'graphql';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { GovernanceRules } from '../../../shared/src/governance/rules';
import type { Logger } from '../../../shared/src/logger';
import { CACHEABLE_FIELDS } from './cacheable-fields';
import { FetchClassifier } from './fetch-classifier';
import { fetchKey } from './fetch-key';
import { InFlight } from './in-flight';
import { LedgerEpochs } from './ledger-epochs';
import { ResponseCache, type CachedAnswer } from './response-cache';

export interface FetchSharingOptions {
  /** In-flight deduplication (`FETCH_DEDUP`). */
  dedup: boolean;
  /** The response cache (`RESPONSE_CACHE`). */
  cache: boolean;
  cacheMaxEntries?: number;
  /** Each ledger-keeping subgraph's database: its notifications invalidate its cached answers. A subgraph not named here is never cached. */
  ledgerDatabases?: Readonly<Record<string, string>>;
}

/** One subgraph exchange: status and body text, and the parsed body for the caller that made it. */
export interface Exchange extends CachedAnswer {
  parsed: unknown;
}

/**
 * Fetch deduplication and the response cache, between the planner's fetches and the subgraphs
 * (README › Caching and deduplication). Both are off unless configured; `share` then calls
 * `exchange` and does nothing else.
 */
export class FetchSharing {
  private readonly classifier = new FetchClassifier(CACHEABLE_FIELDS);
  private readonly inFlight = new InFlight<Exchange>();
  private readonly cache: ResponseCache;
  readonly epochs?: LedgerEpochs;
  private readonly dedupHits: Counter<'subgraph'>;
  private readonly lookups: Counter<'subgraph' | 'result'>;
  private readonly invalidations: Counter<'subgraph' | 'reason'>;

  constructor(
    private readonly options: FetchSharingOptions,
    registry: Registry,
    logger: Logger,
  ) {
    this.cache = new ResponseCache(options.cacheMaxEntries ?? 10_000);
    if ((options.cache || options.dedup) && options.ledgerDatabases && Object.keys(options.ledgerDatabases).length) {
      this.epochs = new LedgerEpochs(options.ledgerDatabases, logger);
    }
    this.dedupHits = new Counter({
      name: 'trellis_fetch_dedup_hits_total',
      help: 'Subgraph fetches answered by an identical fetch already in flight for the same caller rights.',
      labelNames: ['subgraph'],
      registers: [registry],
    });
    this.lookups = new Counter({
      name: 'trellis_response_cache_requests_total',
      help: 'Response-cache lookups of subgraph queries: hit, miss, or bypass (the fetch may not be cached, or the subgraph’s ledger is not being listened to).',
      labelNames: ['subgraph', 'result'],
      registers: [registry],
    });
    this.invalidations = new Counter({
      name: 'trellis_response_cache_invalidations_total',
      help: 'Times a subgraph’s cached answers were invalidated: a ledger append (append) or the notification connection lost or (re)established (connection).',
      labelNames: ['subgraph', 'reason'],
      registers: [registry],
    });
    const cache = this.cache;
    new Gauge({
      name: 'trellis_response_cache_entries',
      help: 'Subgraph answers held by the response cache (some may be invalidated, awaiting eviction).',
      registers: [registry],
      collect() {
        this.set(cache.size);
      },
    });
    if (this.epochs) this.epochs.onInvalidation = (subgraph, reason) => this.invalidations.inc({ subgraph, reason });
  }

  get enabled(): boolean {
    return this.options.dedup || this.options.cache;
  }

  start(): Promise<void> {
    return this.epochs?.start() ?? Promise.resolve();
  }

  stop(): Promise<void> {
    return this.epochs?.stop() ?? Promise.resolve();
  }

  /** A new supergraph: which fetches may be shared is judged against it. */
  supergraphLoaded(schema: GraphQLSchema, rules: GovernanceRules): void {
    this.classifier.use(schema, rules);
  }

  /**
   * Runs `exchange` for one subgraph fetch, or shares it: an answer cached at the current ledger
   * epoch, or the answer of the identical fetch in flight. Answers are handed out as text: every
   * taker parses its own copy (the executor merges into what it gets).
   */
  async share(subgraph: string, query: string | undefined, variables: Record<string, unknown> | undefined, rights: string, exchange: () => Promise<Exchange>): Promise<Exchange> {
    if (!this.enabled) return exchange();
    const verdict = this.classifier.verdict(subgraph, query);
    if (!verdict.dedup) {
      if (this.options.cache) this.lookups.inc({ subgraph, result: 'bypass' });
      return exchange();
    }
    // After the barrier, every write committed before this fetch started has moved the epoch.
    const listened = this.epochs ? await this.epochs.barrier(subgraph) : false;
    const epoch = listened ? this.epochs!.epoch(subgraph) : undefined;
    const key = fetchKey(subgraph, query!, variables, rights);
    const cacheable = this.options.cache && verdict.cache && epoch !== undefined;
    if (this.options.cache) {
      const hit = cacheable ? this.cache.get(key, subgraph, epoch) : undefined;
      this.lookups.inc({ subgraph, result: hit ? 'hit' : cacheable ? 'miss' : 'bypass' });
      if (hit) return { ...hit, parsed: JSON.parse(hit.text) };
    }
    let shared = false;
    // The epoch is part of the in-flight key: a fetch that started before a write never answers one that started after it.
    const answer = this.options.dedup
      ? await this.inFlight.run(`${key}\u0000${epoch ?? ''}`, exchange, () => {
          shared = true;
          this.dedupHits.inc({ subgraph });
        })
      : await exchange();
    if (cacheable && !shared && answer.status < 300 && isCleanAnswer(answer.parsed)) {
      this.cache.set(key, subgraph, epoch, this.epochs!.epoch(subgraph), answer);
    }
    return shared ? { ...answer, parsed: JSON.parse(answer.text) } : answer;
  }
}

/** Only complete answers are kept: data and no errors. */
function isCleanAnswer(parsed: unknown): boolean {
  return !!parsed && typeof parsed === 'object' && 'data' in parsed && !(parsed as { errors?: unknown[] }).errors?.length;
}
