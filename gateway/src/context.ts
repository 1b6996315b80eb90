import type { Principal } from '../../shared/src/auth/principal';
import type { Observation } from '../../shared/src/observability/request-observation';

/** Per-request state of the gateway, created in `context` for every operation. */
export interface GatewayContext {
  /** The gateway's own id for the request: forwarded to subgraphs and written to the ledger. */
  requestId: string;
  /** The client's `x-request-id`, if it sent one: kept only to correlate with its own logs. */
  correlationId?: string;
  /** What the request was, for its access line and metrics. */
  observation?: Observation;
  /** The verified caller; every operation has one (anonymous requests are refused with 401). */
  principal: Principal;
  /** The operation's estimated cost, once demand control has judged it (usage weighs requests by it). */
  estimatedCost?: number;
  /** What demand control judged, for the caller's rate limit: the estimate, or that it refused the operation (charged the whole budget). */
  demand?: { estimatedCost?: number; refusedByDemandControl?: boolean };
}
