import { createHash, KeyObject, randomBytes, sign as signBytes } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
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
   * `crypto.sign` directly: the gateway signs every subgraph fetch, and jose's generic path
   * (key checks, TextEncoder round trips, a promise per step) cost as much as the Ed25519 itself.
   * Verified by jose on the subgraph side, as before.
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
      jti: randomBytes(16).toString('base64url'),
    };
    const input = `${this.header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return Promise.resolve(`${input}.${signBytes(null, Buffer.from(input), this.keyObject).toString('base64url')}`);
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

  async verify(request: { method: string; body: Uint8Array | string; signature: string | undefined }, now = Date.now()): Promise<SignatureCheck> {
    if (!request.signature) return { ok: false, reason: 'the request is not signed by the gateway' };
    let kid: string | undefined;
    try {
      kid = decodeProtectedHeader(request.signature).kid;
    } catch {
      return { ok: false, reason: 'the gateway signature is malformed' };
    }
    const key = kid ? await this.keys.get(kid) : undefined;
    if (!key) return { ok: false, reason: 'the gateway signature was made with a key this subgraph does not trust' };
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(request.signature, key, {
        algorithms: ['EdDSA'],
        issuer: ISSUER,
        audience: this.audience,
        maxTokenAge: this.maxAgeSeconds,
        clockTolerance: 5,
        currentDate: new Date(now),
        requiredClaims: ['iat', 'exp', 'jti'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired || (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iat')) {
        return { ok: false, reason: `the gateway signature is stale (the window is ${this.maxAgeSeconds} s)` };
      }
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
        return { ok: false, reason: `the gateway signature is for another subgraph, not "${this.audience}"` };
      }
      return { ok: false, reason: 'the gateway signature does not verify' };
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'the signed claims are malformed' };
    if (claims.data.htm !== request.method.toUpperCase()) return { ok: false, reason: 'the gateway signature is for another method' };
    if (claims.data.bdh !== bodyHash(request.body)) return { ok: false, reason: 'the gateway signature is for another body' };
    return { ok: true, principal: claims.data.prn, requestId: claims.data.rid, nonce: claims.data.jti, expiresAt: new Date(claims.data.exp * 1000) };
  }
}
