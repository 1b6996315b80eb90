import { createHash, KeyObject, randomUUID } from 'node:crypto';
import { ed25519 } from './ed25519';
import { z } from 'zod';
import type { PrivateSigningKey, PublicKeySet } from './keys';
import type { Principal } from './principal';

/**
 * How the gateway vouches for a caller to a subgraph: one header carrying a JWT signed with the
 * gateway's Ed25519 key, which no subgraph holds. The token is bound to the request it came with:
 *
 *   aud  the target subgraph          htm  the HTTP method        bdh  SHA-256 of the exact body
 *   iat/exp  a short validity window  jti  a unique nonce         rid  the gateway's request id
 *   prn  the verified caller
 *
 * So a captured header is no use with another body, at another subgraph, or after the window; and
 * a subgraph refuses a mutation whose nonce it has already accepted (see `NonceStore`).
 */
export const SIGNATURE_HEADER = 'x-trellis-signature';
const ISSUER = 'trellis-gateway';
const CLOCK_TOLERANCE_SECONDS = 5;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const PrincipalSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.string()),
  scopes: z.array(z.string()),
  brands: z.union([z.literal('*'), z.array(z.string())]),
  brandIds: z.union([z.literal('*'), z.array(z.string())]),
  onBehalfOf: z.string().optional(),
});

const ClaimsSchema = z.object({
  htm: z.string(),
  bdh: z.string(),
  jti: z.string().min(16),
  rid: z.string(),
  prn: PrincipalSchema,
  exp: z.number(),
});

export function bodyHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64url');
}

export interface RequestToSign {
  /** The subgraph's name: a signature made for one subgraph is refused by every other. */
  audience: string;
  method: string;
  /** Exactly the bytes sent. */
  body: string | Uint8Array;
  principal: Principal;
  requestId: string;
}

export class RequestSigner {
  constructor(
    private readonly key: PrivateSigningKey,
    private readonly ttlSeconds = 30,
  ) {}

  get keyId(): string {
    return this.key.kid;
  }

  /**
   * The same compact JWS jose's `SignJWT` makes (EdDSA, the same header and claims), made with
   * Ed25519 directly (libsodium's where it loads, see `ed25519.ts`): the gateway signs every subgraph fetch, and jose's generic path
   * (key checks, TextEncoder round trips, a promise per step) cost as much as the Ed25519 itself.
   * Verified the same way on the subgraph side (`RequestVerifier`).
   */
  sign(request: RequestToSign, now = Date.now()): Promise<string> {
    const iat = Math.floor(now / 1000);
    const claims = {
      htm: request.method.toUpperCase(),
      bdh: bodyHash(request.body),
      rid: request.requestId,
      prn: request.principal,
      iss: ISSUER,
      aud: request.audience,
      iat,
      exp: iat + this.ttlSeconds,
      // A v4 UUID: 122 random bits, from Node's batched entropy (randomBytes(16) read the OS per call).
      jti: randomUUID(),
    };
    const input = `${this.header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return Promise.resolve(`${input}.${ed25519.sign(Buffer.from(input), this.keyObject).toString('base64url')}`);
  }

  private get header(): string {
    return (this.encodedHeader ??= Buffer.from(JSON.stringify({ alg: 'EdDSA', kid: this.key.kid, typ: 'trellis-request+jwt' })).toString('base64url'));
  }

  private get keyObject(): KeyObject {
    const key = this.key.key as unknown;
    if (!(key instanceof KeyObject)) throw new Error('the gateway signing key is not a Node KeyObject');
    return key;
  }

  private encodedHeader?: string;
}

export type SignatureCheck =
  | { ok: true; principal: Principal; requestId: string; nonce: string; expiresAt: Date }
  | { ok: false; reason: string };

/** What a subgraph checks on every request before anything else runs. */
export class RequestVerifier {
  constructor(
    /** This subgraph's name. */
    private readonly audience: string,
    private readonly keys: PublicKeySet,
    private readonly maxAgeSeconds = 30,
  ) {}

  /**
   * The JWS is checked with Ed25519 on the trusted key directly (libsodium's where it loads), with jose's rules for the
   * claims (issuer, audience, iat/exp/jti required, exp and the maximum age with 5 s of clock
   * tolerance): jose's generic path (a promise per step, TextEncoder round trips) cost several
   * times the Ed25519 verification itself, on every subgraph request.
   */
  async verify(request: { method: string; body: Uint8Array | string; signature: string | undefined }, now = Date.now()): Promise<SignatureCheck> {
    if (!request.signature) return { ok: false, reason: 'the request is not signed by the gateway' };
    const parts = request.signature.split('.');
    let header: { kid?: unknown; alg?: unknown; crit?: unknown; b64?: unknown };
    try {
      if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) throw new Error('not a compact JWS');
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
      if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new Error('not a JSON object');
    } catch {
      return { ok: false, reason: 'the gateway signature is malformed' };
    }
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const key = kid ? await this.keys.get(kid) : undefined;
    if (!key) return { ok: false, reason: 'the gateway signature was made with a key this subgraph does not trust' };
    const payload = this.verifiedClaims(parts as [string, string, string], header, key, Math.floor(now / 1000));
    if (typeof payload === 'string') return { ok: false, reason: payload };
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'the signed claims are malformed' };
    if (claims.data.htm !== request.method.toUpperCase()) return { ok: false, reason: 'the gateway signature is for another method' };
    if (claims.data.bdh !== bodyHash(request.body)) return { ok: false, reason: 'the gateway signature is for another body' };
    return { ok: true, principal: claims.data.prn, requestId: claims.data.rid, nonce: claims.data.jti, expiresAt: new Date(claims.data.exp * 1000) };
  }

  /** The signed claims, or why they are refused. */
  private verifiedClaims(parts: [string, string, string], header: { alg?: unknown; crit?: unknown; b64?: unknown }, key: unknown, now: number): Record<string, unknown> | string {
    const refused = 'the gateway signature does not verify';
    if (header.alg !== 'EdDSA' || header.crit !== undefined || header.b64 !== undefined) return refused;
    let payload: Record<string, unknown>;
    try {
      const keyObject = key instanceof KeyObject ? key : KeyObject.from(key as Parameters<typeof KeyObject.from>[0]);
      if (!ed25519.verify(Buffer.from(`${parts[0]}.${parts[1]}`), Buffer.from(parts[2], 'base64url'), keyObject)) return refused;
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return refused;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return refused;
    const { iss, aud, iat, exp, nbf, jti } = payload;
    if (iat === undefined || exp === undefined || jti === undefined || iss === undefined || aud === undefined) return refused;
    if (typeof iat !== 'number' || typeof exp !== 'number' || (nbf !== undefined && typeof nbf !== 'number')) return refused;
    if (iss !== ISSUER) return refused;
    if (!(aud === this.audience || (Array.isArray(aud) && aud.includes(this.audience)))) return `the gateway signature is for another subgraph, not "${this.audience}"`;
    if (typeof nbf === 'number' && nbf > now + CLOCK_TOLERANCE_SECONDS) return refused;
    const stale = `the gateway signature is stale (the window is ${this.maxAgeSeconds} s)`;
    if (exp <= now - CLOCK_TOLERANCE_SECONDS) return stale;
    const age = now - iat;
    if (age - CLOCK_TOLERANCE_SECONDS > this.maxAgeSeconds || age < -CLOCK_TOLERANCE_SECONDS) return stale;
    return payload;
  }
}
