import { ConsecutiveBreaker, SamplingBreaker, type CircuitState, type IBreaker } from 'cockatiel';

/**
 * Opens the circuit when either of its breakers would: a run of consecutive failures (a subgraph
 * that is down), or a failure rate over a sliding window (a subgraph that fails often under load).
 */
export class CompositeBreaker implements IBreaker {
  private readonly breakers: IBreaker[];

  constructor(options: { consecutiveFailures: number; errorRate: number; windowMs: number; minimumRps: number }) {
    this.breakers = [
      new ConsecutiveBreaker(options.consecutiveFailures),
      new SamplingBreaker({ threshold: options.errorRate, duration: options.windowMs, minimumRps: options.minimumRps }),
    ];
  }

  get state(): unknown {
    return this.breakers.map((b) => b.state);
  }

  set state(value: unknown) {
    if (Array.isArray(value)) value.forEach((s, i) => this.breakers[i] && (this.breakers[i]!.state = s));
  }

  success(state: CircuitState): void {
    for (const breaker of this.breakers) breaker.success(state);
  }

  failure(state: CircuitState): boolean {
    // Every breaker sees every failure; any one may open the circuit.
    return this.breakers.map((b) => b.failure(state)).some(Boolean);
  }
}
