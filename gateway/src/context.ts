import type { Principal } from '../../shared/src/auth/principal';

/** Per-request state of the gateway, created in `context` for every operation. */
export interface GatewayContext {
  requestId: string;
  /** The verified caller; every operation has one (anonymous requests are refused with 401). */
  principal: Principal;
}
