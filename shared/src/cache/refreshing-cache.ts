/**
 * A value read from elsewhere and kept for `ttlMs`. A caller that needs fresher data can ask for a
 * refresh (at most every `minRefreshMs`). When the source cannot be reached the last known value
 * stays in use; until one is known, `get` rejects.
 */
export class RefreshingCache<T> {
  private value?: T;
  private loadedAt = 0;
  private triedAt = 0;
  private inflight?: Promise<void>;

  constructor(
    private readonly load: () => Promise<T>,
    private readonly ttlMs = 30_000,
    private readonly minRefreshMs = 2_000,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  /**
   * The value. `refresh` asks for a fresher one (honoured at most every `minRefreshMs`); `force`
   * always reads the source again (waiting for a load already under way first) — for someone who
   * was just told the source changed.
   */
  async get(options: { refresh?: boolean; force?: boolean } = {}): Promise<T> {
    if (options.force) {
      if (this.inflight) await this.inflight;
      this.triedAt = 0;
      await this.refresh();
      if (this.value === undefined) throw new Error('not known yet: its source could not be reached');
      return this.value;
    }
    const now = Date.now();
    const stale = now - this.loadedAt > this.ttlMs;
    const wanted = options.refresh && now - this.loadedAt > this.minRefreshMs;
    // Callers arriving while a load is under way wait for it rather than find nothing.
    if (this.inflight) await this.inflight;
    else if ((stale || wanted) && now - this.triedAt > this.minRefreshMs / 2) await this.refresh();
    if (this.value === undefined) throw new Error('not known yet: its source could not be reached');
    return this.value;
  }

  private refresh(): Promise<void> {
    this.inflight ??= (async () => {
      this.triedAt = Date.now();
      try {
        this.value = await this.load();
        this.loadedAt = Date.now();
      } catch (error) {
        this.onError(error as Error);
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
