import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/** The hash of the entry before the first one. */
export const GENESIS_HASH = '0'.repeat(64);

/** Everything an entry's hash covers: the entry without its own `prevHash` and `hash`. */
export interface HashedEntry {
  seq: number;
  id: string;
  occurredAt: string;
  actor: { subject: string; roles: string[]; onBehalfOf: string | null };
  action: string;
  subject: { type: string; id: string; brandId: string | null; capability: string | null };
  before: unknown;
  after: unknown;
  reason: string;
  evidence: unknown;
  requestId: string | null;
}

/**
 * `hash = SHA-256(prevHash ‖ canonical JSON of the entry)`, hex. Canonical JSON is RFC 8785 (JCS):
 * keys sorted, numbers and strings in one fixed form, no whitespace — so anyone holding the rows
 * can recompute the chain with any JCS implementation.
 */
export function entryHash(prevHash: string, entry: HashedEntry): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalize(entry), 'utf8').digest('hex');
}
