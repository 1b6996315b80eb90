/** A subgraph's answer as it came over the wire: each reader parses its own copy. */
export interface CachedAnswer {
  status: number;
  text: string;
}

interface Entry extends CachedAnswer {
  subgraph: string;
  epoch: number;
}

/**
 * Subgraph answers by fetch key (`fetchKey`), each stamped with its subgraph's ledger epoch as it
 * was when the fetch STARTED. An entry is served only while its subgraph's epoch is still that
 * one; an answer is stored only if the epoch did not move while it was being fetched (a fetch that
 * began before a write committed may return the old value after the commit: it is used for that
 * request, never kept). At most `maxEntries` entries, least recently used first out.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, subgraph: string, epoch: number): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.subgraph !== subgraph || entry.epoch !== epoch) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  /** Keeps `answer` if `epochNow` is still `epochAtStart` (both as `LedgerEpochs.epoch` gave them). */
  set(key: string, subgraph: string, epochAtStart: number, epochNow: number | undefined, answer: CachedAnswer): boolean {
    if (epochNow !== epochAtStart || this.maxEntries <= 0) return false;
    this.entries.delete(key);
    this.entries.set(key, { subgraph, epoch: epochAtStart, status: answer.status, text: answer.text });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
