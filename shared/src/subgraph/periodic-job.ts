import type { Logger } from '../logger';

export interface PeriodicJob {
  /** Stops the schedule and waits for a run under way, so nothing is left writing to a closing database. */
  stop(): Promise<void>;
}

/**
 * Background work of a subgraph (sweeps): run once right away — so work that fell due while the
 * process was down is done at start, not a whole interval later — and then every `intervalMs`.
 * Never two runs at once: a run still going when the next is due makes that one skip. A run
 * reports what it did in a line (or null for nothing); a failure is logged and the schedule goes on.
 */
export function startPeriodicJob(name: string, intervalMs: number, run: () => Promise<string | null>, logger: Logger): PeriodicJob {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = run()
      .then(
        (done) => done && logger.info(`${name}: ${done}`),
        (error: Error) => logger.warn(`${name} failed: ${error.message}`),
      )
      .then(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
