import { randomUUID } from 'node:crypto';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The id a request is known by in logs, subgraph signatures and ledger entries. A caller may pass
 * its own in `x-request-id` to correlate; anything that is not a short token of letters, digits
 * and `.` `_` `:` `-` is replaced by a fresh UUID rather than written into the ledger as given.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}
