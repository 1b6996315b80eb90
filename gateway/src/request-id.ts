const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The gateway names every request itself (a fresh UUID: in logs, subgraph signatures and ledger
 * entries). A caller may pass its own `x-request-id` to correlate with its logs; it is kept beside
 * the gateway's id, and only when it is a short token of letters, digits and `.` `_` `:` `-`.
 */
export function correlationIdFrom(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && CORRELATION_ID.test(header) ? header : undefined;
}
