import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from './principal';

/**
 * How the gateway vouches for a caller to the subgraphs: the verified claims travel in a header,
 * with a timestamp and the request id, under an HMAC-SHA256 signature with a secret only the
 * gateway and the subgraphs hold. A subgraph accepts a request only with a valid, fresh signature,
 * so its port reached directly is no way in, and a captured request stops working after the window.
 */
export const SIGNED_HEADERS = {
  claims: 'x-trellis-claims',
  timestamp: 'x-trellis-timestamp',
  signature: 'x-trellis-signature',
  requestId: 'x-request-id',
} as const;

const PrincipalSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.string()),
  scopes: z.array(z.string()),
  brands: z.union([z.literal('*'), z.array(z.string())]),
  brandIds: z.union([z.literal('*'), z.array(z.string())]),
  onBehalfOf: z.string().optional(),
});

function mac(secret: string, timestamp: string, requestId: string, claims: string): string {
  return createHmac('sha256', secret).update(`v1.${timestamp}.${requestId}.${claims}`).digest('base64url');
}

export function signClaims(principal: Principal, requestId: string, secret: string, now = Date.now()): Record<string, string> {
  const claims = Buffer.from(JSON.stringify(principal), 'utf8').toString('base64url');
  const timestamp = String(Math.floor(now / 1000));
  return {
    [SIGNED_HEADERS.claims]: claims,
    [SIGNED_HEADERS.timestamp]: timestamp,
    [SIGNED_HEADERS.requestId]: requestId,
    [SIGNED_HEADERS.signature]: mac(secret, timestamp, requestId, claims),
  };
}

export type SignatureCheck =
  | { ok: true; principal: Principal; requestId: string }
  | { ok: false; reason: string };

/** `headers` as Node gives them: lower-case names, string or string[] values. */
export function verifySignedClaims(
  headers: Record<string, string | string[] | undefined>,
  secret: string,
  options: { maxAgeSeconds: number; now?: number },
): SignatureCheck {
  const get = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const claims = get(SIGNED_HEADERS.claims);
  const timestamp = get(SIGNED_HEADERS.timestamp);
  const signature = get(SIGNED_HEADERS.signature);
  const requestId = get(SIGNED_HEADERS.requestId) ?? '';
  if (!claims || !timestamp || !signature) return { ok: false, reason: 'the request is not signed by the gateway' };
  const expected = Buffer.from(mac(secret, timestamp, requestId, claims));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'the gateway signature does not match' };
  }
  const age = Math.abs((options.now ?? Date.now()) / 1000 - Number(timestamp));
  if (!Number.isFinite(age) || age > options.maxAgeSeconds) {
    return { ok: false, reason: `the gateway signature is stale (${Math.round(age)} s old; the window is ${options.maxAgeSeconds} s)` };
  }
  try {
    const principal = PrincipalSchema.parse(JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')));
    return { ok: true, principal, requestId };
  } catch {
    return { ok: false, reason: 'the signed claims are malformed' };
  }
}
