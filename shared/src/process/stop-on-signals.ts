import type { Logger } from '../logger';

export interface StopOnSignalsOptions {
  logger: Logger;
  /** How long requests in flight may take; the process gives up `marginMs` after that. */
  graceMs: number;
  marginMs?: number;
  /** For tests: where signals come from, and how the process ends. */
  signals?: { on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown };
  exit?: (code: number) => void;
  /**
   * Stop as on SIGTERM when this stream ends: `npm start` gives each service a pipe as stdin
   * (TRELLIS_SUPERVISED=1), which closes when the supervisor is gone, however it ended (even
   * SIGKILL), so no service outlives it. Default: stdin when TRELLIS_SUPERVISED=1.
   */
  supervisor?: NodeJS.ReadableStream;
}

/**
 * How a Trellis service process ends: on the first SIGTERM or SIGINT it runs `stop` — which stops
 * taking requests, lets those in flight finish (up to the grace period), ends its background work
 * and closes its database pool — and exits 0, or 1 if stopping failed or did not end within the
 * grace period and a margin. A repeated signal changes nothing — one Ctrl-C reaches a process run
 * by `npm run` twice (from the terminal, and forwarded by npm) — the deadline bounds the stop. The
 * service's own listeners are the only ones: nothing else (Apollo Server, a library's exit hook)
 * may end the process half-way.
 */
export function stopOnSignals(stop: () => Promise<void>, options: StopOnSignalsOptions): void {
  const { logger, graceMs, marginMs = 5_000, signals = process, exit = (code: number) => process.exit(code) } = options;
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      logger.info(`${signal}: already stopping`);
      return;
    }
    stopping = true;
    logger.info(`${signal}: stopping — no new requests; those in flight get up to ${graceMs} ms`);
    const deadline = setTimeout(() => {
      logger.error(`did not stop within ${graceMs + marginMs} ms; exiting anyway`);
      exit(1);
    }, graceMs + marginMs);
    deadline.unref?.();
    stop().then(
      () => {
        clearTimeout(deadline);
        logger.info('stopped');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  signals.on('SIGINT', () => onSignal('SIGINT'));
  signals.on('SIGTERM', () => onSignal('SIGTERM'));
  const supervisor = options.supervisor ?? (process.env.TRELLIS_SUPERVISED === '1' ? process.stdin : undefined);
  if (supervisor) {
    supervisor.on('end', () => onSignal('supervisor gone'));
    supervisor.on('error', () => onSignal('supervisor gone'));
    supervisor.resume();
  }
}
