import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  handleAll,
  handleWhen,
  retry,
  TaskCancelledError,
  timeout,
  TimeoutStrategy,
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
    const deadline = timeout(timeoutMs, TimeoutStrategy.Aggressive);
    this.once = wrap(this.breaker, deadline);
    // One more try for a read that failed on the way (not when the circuit is open, and never for a mutation).
    this.withRetry = wrap(retry(handleWhen((e) => !(e instanceof BrokenCircuitError)), { maxAttempts: 1 }), this.breaker, deadline);
  }

  get state(): BreakerState {
    return STATES[this.breaker.state];
  }

  onStateChange(listener: (state: BreakerState) => void): void {
    this.breaker.onStateChange((state) => listener(STATES[state]));
  }

  /** Runs one fetch under the timeout and the breaker; `idempotent` fetches get one retry. */
  execute<T>(fetch: (signal: AbortSignal) => Promise<T>, options: { idempotent: boolean }): Promise<T> {
    return (options.idempotent ? this.withRetry : this.once).execute(({ signal }) => fetch(signal));
  }

  /** A human reason for a failure thrown by `execute`. */
  reasonOf(error: unknown): string {
    if (error instanceof BrokenCircuitError) return `its circuit is open after repeated failures; failing fast (a probe goes through every so often)`;
    if (error instanceof TaskCancelledError) return `it did not answer within ${this.timeoutMs} ms`;
    return error instanceof Error ? error.message : String(error);
  }
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
