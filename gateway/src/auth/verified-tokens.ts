import type { CallerClaims } from './authenticate';

/**
 * Caller tokens already verified, each until its own `exp`: a client sends the same bearer token
 * with every request, and verifying it (HMAC or RSA/ECDSA, claim checks, schema parse) is the same
 * work with the same answer until the token expires. Bounded: past `maxEntries` the least recently
 * used token is forgotten (and verified again when it comes back).
 *
 * Safe because a verified token's answer cannot change before its expiry: Trellis has no token
 * revocation (no deny list, no introspection), and the checks that depend on the time (`exp`, `nbf`,
 * the longest lifetime) only get stricter for `exp`, which is checked on every hit. A key removed
 * from the JWKS does not un-verify the tokens it signed before their `exp` — as with any JWT
 * verifier that caches keys. Failures are never cached.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: CallerClaims; expiresAtMs: number }>();

  constructor(private readonly maxEntries = 10_000) {}

  get(token: string, now = Date.now()): CallerClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (now >= entry.expiresAtMs) return undefined;
    this.entries.set(token, entry);
    return entry.claims;
  }

  set(token: string, claims: CallerClaims, expiresAtSeconds: number): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(token);
    this.entries.set(token, { claims, expiresAtMs: expiresAtSeconds * 1000 });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
