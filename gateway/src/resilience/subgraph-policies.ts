import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  handleAll,
  handleWhen,
  retry,
  TaskCancelledError,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { CompositeBreaker } from './composite-breaker';

/** How the gateway protects itself from each subgraph. */
export interface ResilienceSettings {
  /** How long a subgraph fetch may take, unless `timeouts` names the subgraph. */
  timeoutMs: number;
  timeouts: Readonly<Record<string, number>>;
  /** Open after this many failures in a row … */
  consecutiveFailures: number;
  /** … or when this share of fetches failed over `windowMs`, at `minimumRps` or more. */
  errorRate: number;
  windowMs: number;
  minimumRps: number;
  /** How long an open circuit answers at once before one probe is let through (half-open). */
  halfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE: ResilienceSettings = {
  timeoutMs: 10_000,
  timeouts: {},
  consecutiveFailures: 5,
  errorRate: 0.5,
  windowMs: 10_000,
  minimumRps: 5,
  halfOpenAfterMs: 5_000,
};

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Why a fetch failed, as the data source reports it: it never reached or never got a usable answer from the subgraph. */
export class SubgraphFetchFailure extends Error {}

export class SubgraphPolicy {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly once: IPolicy;
  private readonly withRetry: IPolicy;

  constructor(
    readonly name: string,
    readonly timeoutMs: number,
    settings: ResilienceSettings,
  ) {
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: settings.halfOpenAfterMs,
      breaker: new CompositeBreaker(settings),
    });
    this.once = this.breaker;
    // One more try for a read that failed on the way (not when the circuit is open, and never for a mutation).
    this.withRetry = wrap(retry(handleWhen((e) => !(e instanceof BrokenCircuitError)), { maxAttempts: 1 }), this.breaker);
  }

  get state(): BreakerState {
    return STATES[this.breaker.state];
  }

  onStateChange(listener: (state: BreakerState) => void): void {
    this.breaker.onStateChange((state) => listener(STATES[state]));
  }

  /** Runs one fetch under the timeout and the breaker; `idempotent` fetches get one retry (each attempt its own timeout). */
  execute<T>(fetch: (signal: AbortSignal) => Promise<T>, options: { idempotent: boolean }): Promise<T> {
    // No outer signal: without one cockatiel hands every call the same never-aborted signal, and
    // listening on it added (and removed) a listener per in-flight fetch of the whole process.
    return (options.idempotent ? this.withRetry : this.once).execute(() => withDeadline(this.timeoutMs, undefined, fetch));
  }

  /** A human reason for a failure thrown by `execute`. */
  reasonOf(error: unknown): string {
    if (error instanceof BrokenCircuitError) return `its circuit is open after repeated failures; failing fast (a probe goes through every so often)`;
    if (error instanceof TaskCancelledError) return `it did not answer within ${this.timeoutMs} ms`;
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * cockatiel's aggressive timeout, without its per-call cost: the attempt is given a signal that
 * aborts when `ms` pass (or the outer signal aborts), and the attempt fails at that moment with
 * `TaskCancelledError` whether or not the fetch has noticed. cockatiel's `TimeoutPolicy` also
 * aborts the signal after every successful return — a `DOMException` with a stack trace per
 * subgraph fetch, a few per cent of the gateway's CPU — and builds two event emitters per call;
 * here a finished fetch only clears its timer.
 */
export function withDeadline<T>(ms: number, outer: AbortSignal | undefined, fetch: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  if (outer?.aborted) controller.abort();
  return new Promise<T>((resolve, reject) => {
    const onOuterAbort = () => controller.abort();
    const timer = setTimeout(() => {
      controller.abort();
      reject(new TaskCancelledError(`Operation timed out after ${ms}ms`));
    }, ms);
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    };
    let attempt: Promise<T>;
    try {
      attempt = Promise.resolve(fetch(controller.signal));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    attempt.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

export class SubgraphPolicies {
  private readonly policies = new Map<string, SubgraphPolicy>();
  private readonly listeners: ((name: string, state: BreakerState) => void)[] = [];

  constructor(private readonly settings: ResilienceSettings = DEFAULT_RESILIENCE) {}

  for(name: string): SubgraphPolicy {
    let policy = this.policies.get(name);
    if (!policy) {
      policy = new SubgraphPolicy(name, this.settings.timeouts[name] ?? this.settings.timeoutMs, this.settings);
      policy.onStateChange((state) => this.listeners.forEach((l) => l(name, state)));
      this.policies.set(name, policy);
    }
    return policy;
  }

  onStateChange(listener: (name: string, state: BreakerState) => void): void {
    this.listeners.push(listener);
  }

  states(): Record<string, BreakerState> {
    return Object.fromEntries([...this.policies].map(([name, policy]) => [name, policy.state]));
  }
}
