/** Per-request state of the gateway, created in `context` for every operation. */
export interface GatewayContext {
  requestId: string;
}
