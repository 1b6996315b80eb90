import { bucketOf, emptyBuckets } from '../../../shared/src/usage/latency-histogram';

/** One operation as the gateway served it (or refused it), ready to be counted. */
export interface OperationRecord {
  at: number;
  clientName: string;
  clientVersion: string;
  /** The caller's brand ids, sorted and joined with ','; '*' for a portfolio-wide caller, '' for none. */
  brands: string;
  hash: string;
  name: string;
  type: string;
  coordinates: readonly string[];
  /** The subgraphs it fetched from, sorted and joined with ','. */
  subgraphs: string;
  durationMs: number;
  errorCodes: readonly string[];
  estimatedCost: number;
  /** How many requests this record stands for: 1/sampling rate. */
  weight: number;
}

export interface OperationRow {
  minute: Date;
  clientName: string;
  clientVersion: string;
  brands: string;
  hash: string;
  name: string;
  subgraphs: string;
  requests: number;
  errors: number;
  durationMsSum: number;
  /** Σ max(1, estimated cost) × weight: the request weight showback allocates by. */
  costSum: number;
  errorCodes: Record<string, number>;
}

export interface ShapeRow {
  hash: string;
  name: string;
  type: string;
  coordinates: readonly string[];
  firstSeen: Date;
  lastSeen: Date;
}

export interface FetchRow {
  minute: Date;
  subgraph: string;
  requests: number;
  errors: number;
  durationMsSum: number;
  buckets: number[];
}

export interface RefusalRow {
  minute: Date;
  clientName: string;
  code: string;
  requests: number;
}

/** Everything counted since the last drain, ready to be written. */
export interface UsageSnapshot {
  operations: OperationRow[];
  shapes: ShapeRow[];
  fetches: FetchRow[];
  refusals: RefusalRow[];
  /** Records dropped because the key limit was reached, since the last drain. */
  dropped: number;
}

const minuteOf = (at: number) => Math.floor(at / 60_000) * 60_000;
const SEP = '\u0001';

/**
 * Usage counted in memory per minute, until a flush drains it: operations by minute × client ×
 * version × brands × operation × subgraphs fetched; each operation's shape once; subgraph fetches
 * by minute × subgraph with a latency histogram; refusals by minute × client × code. Memory is
 * bounded: past `maxKeys` distinct keys a new key is dropped and counted (`dropped`), while keys
 * already present keep counting.
 */
export class UsageAggregator {
  private operations = new Map<string, OperationRow>();
  private shapes = new Map<string, ShapeRow>();
  private fetches = new Map<string, FetchRow>();
  private refusals = new Map<string, RefusalRow>();
  private dropped = 0;
  /** Dropped since start, for metrics. */
  droppedTotal = 0;

  constructor(private readonly maxKeys: number) {}

  get size(): number {
    return this.operations.size + this.shapes.size + this.fetches.size + this.refusals.size;
  }

  record(r: OperationRecord): void {
    const minute = minuteOf(r.at);
    const key = [minute, r.clientName, r.clientVersion, r.brands, r.hash, r.name, r.subgraphs].join(SEP);
    let row = this.operations.get(key);
    if (!row) {
      if (!this.room()) return;
      row = {
        minute: new Date(minute),
        clientName: r.clientName,
        clientVersion: r.clientVersion,
        brands: r.brands,
        hash: r.hash,
        name: r.name,
        subgraphs: r.subgraphs,
        requests: 0,
        errors: 0,
        durationMsSum: 0,
        costSum: 0,
        errorCodes: {},
      };
      this.operations.set(key, row);
    }
    row.requests += r.weight;
    row.durationMsSum += r.durationMs * r.weight;
    row.costSum += Math.max(1, r.estimatedCost) * r.weight;
    if (r.errorCodes.length > 0) {
      row.errors += r.weight;
      for (const code of new Set(r.errorCodes)) row.errorCodes[code] = (row.errorCodes[code] ?? 0) + r.weight;
    }
    if (!r.hash) return;
    const shape = this.shapes.get(r.hash);
    if (shape) shape.lastSeen = new Date(r.at);
    else if (this.room()) this.shapes.set(r.hash, { hash: r.hash, name: r.name, type: r.type, coordinates: r.coordinates, firstSeen: new Date(r.at), lastSeen: new Date(r.at) });
  }

  /** One fetch from a subgraph: how long it took and whether it failed (it threw, or answered an internal error). */
  recordFetch(subgraph: string, at: number, durationMs: number, failed: boolean): void {
    const minute = minuteOf(at);
    const key = `${minute}${SEP}${subgraph}`;
    let row = this.fetches.get(key);
    if (!row) {
      if (!this.room()) return;
      row = { minute: new Date(minute), subgraph, requests: 0, errors: 0, durationMsSum: 0, buckets: emptyBuckets() };
      this.fetches.set(key, row);
    }
    row.requests += 1;
    if (failed) row.errors += 1;
    row.durationMsSum += durationMs;
    row.buckets[bucketOf(durationMs)]! += 1;
  }

  recordRefusal(clientName: string, code: string, at: number): void {
    const minute = minuteOf(at);
    const key = [minute, clientName, code].join(SEP);
    let row = this.refusals.get(key);
    if (!row) {
      if (!this.room()) return;
      row = { minute: new Date(minute), clientName, code, requests: 0 };
      this.refusals.set(key, row);
    }
    row.requests += 1;
  }

  /** Everything counted so far; the aggregator starts again from nothing. */
  drain(): UsageSnapshot {
    const snapshot = {
      operations: [...this.operations.values()],
      shapes: [...this.shapes.values()],
      fetches: [...this.fetches.values()],
      refusals: [...this.refusals.values()],
      dropped: this.dropped,
    };
    this.operations = new Map();
    this.shapes = new Map();
    this.fetches = new Map();
    this.refusals = new Map();
    this.dropped = 0;
    return snapshot;
  }

  private room(): boolean {
    if (this.size < this.maxKeys) return true;
    this.dropped += 1;
    this.droppedTotal += 1;
    return false;
  }
}
