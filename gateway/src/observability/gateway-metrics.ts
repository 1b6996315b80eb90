import { Gauge, Histogram } from 'prom-client';
import { ServiceMetrics } from '../../../shared/src/observability/metrics';
import type { BreakerState } from '../resilience/subgraph-policies';

const STATES: BreakerState[] = ['closed', 'open', 'half-open', 'isolated'];

/**
 * The gateway's metrics beyond every service's: each subgraph fetch (duration and outcome), each
 * subgraph's circuit, and what operations cost (estimated before, actual after).
 */
export class GatewayMetrics extends ServiceMetrics {
  readonly subgraphFetch = new Histogram({
    name: 'trellis_subgraph_request_duration_seconds',
    help: 'Duration of the gateway’s fetches from each subgraph, by outcome (ok, graphql_error, unavailable).',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly circuit = new Gauge({
    name: 'trellis_subgraph_circuit_state',
    help: 'Each subgraph’s circuit: 1 for the state it is in, 0 for the others.',
    labelNames: ['subgraph', 'state'],
    registers: [this.registry],
  });

  readonly cost = new Histogram({
    name: 'trellis_operation_cost',
    help: 'Demand-control cost of executed operations: estimated before planning, actual from the response.',
    labelNames: ['kind'],
    buckets: [1, 5, 10, 50, 100, 500, 1_000, 5_000, 10_000, 50_000, 100_000, 500_000],
    registers: [this.registry],
  });

  constructor() {
    super('gateway');
  }

  circuitChanged(subgraph: string, state: BreakerState): void {
    for (const s of STATES) this.circuit.set({ subgraph, state: s }, s === state ? 1 : 0);
  }
}
