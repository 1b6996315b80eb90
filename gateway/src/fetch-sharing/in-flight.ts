/**
 * In-flight deduplication: while a fetch with a key is running, another fetch with the same key
 * waits for its answer instead of asking again. Nothing is kept once the fetch settles, so a fetch
 * that starts after another finished always asks the subgraph itself.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();
  hits = 0;

  run(key: string, fetch: () => Promise<T>, onShared?: () => void): Promise<T> {
    const existing = this.running.get(key);
    if (existing) {
      this.hits++;
      onShared?.();
      return existing;
    }
    const started = fetch().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  get size(): number {
    return this.running.size;
  }
}
