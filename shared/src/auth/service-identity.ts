import { decodeJwt, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { PrivateSigningKey, PublicKeySet } from './keys';
import type { Principal } from './principal';
import type { Scope } from './scopes';

/**
 * Subgraphs read facts other subgraphs own (inventory routes by the brands' fulfillment model and
 * the partners' status) through the gateway, like any client, under their own service identity:
 * each subgraph signs a short-lived assertion with its own key, and the gateway — which holds only
 * the public keys — gives it the scopes configured for that service here, never more. A subgraph
 * therefore cannot sign a request to another subgraph, nor act as a person.
 */
export const SERVICE_ISSUER_PREFIX = 'trellis-service:';
const ASSERTION_SECONDS = 120;

/**
 * What each service may read. A service not listed gets the catalogue only.
 *
 * - inventory reads partner statuses and contracts (routing, exits), and for the cost to serve the
 *   contracts' fees (`contracts:terms:read`) and the showback's allocations (`costs:read`);
 * - brands reads contracts (a rollout's DESIGN gate: a contract with SLA KPIs) and the partner
 *   performance readiness is judged on (`partners:read`).
 */
export const SERVICE_SCOPES: Record<string, readonly Scope[]> = {
  brands: ['catalog:read', 'partners:read'],
  inventory: ['catalog:read', 'partners:read', 'costs:read', 'contracts:terms:read'],
  partners: ['catalog:read'],
  /** The platform subgraph checks capability codes of shared services against the brands subgraph. */
  platform: ['catalog:read'],
};
const DEFAULT_SERVICE_SCOPES: readonly Scope[] = ['catalog:read'];

export function servicePrincipal(service: string): Principal {
  return { sub: `service:${service}`, roles: [], scopes: [...(SERVICE_SCOPES[service] ?? DEFAULT_SERVICE_SCOPES)], brands: '*', brandIds: '*' };
}

export interface ServiceCredentials {
  service: string;
  key: PrivateSigningKey;
}

/** Mints the assertion a subgraph sends as its bearer token to the gateway. */
export function mintServiceAssertion(credentials: ServiceCredentials, audience: string, now = Date.now()): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'EdDSA', kid: credentials.key.kid, typ: 'trellis-service+jwt' })
    .setIssuer(`${SERVICE_ISSUER_PREFIX}${credentials.service}`)
    .setSubject(`service:${credentials.service}`)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_SECONDS)
    .sign(credentials.key.key);
}

/** Whether a bearer token claims to be a service assertion (checked properly by `verifyServiceAssertion`). */
export function serviceNameOf(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' && iss.startsWith(SERVICE_ISSUER_PREFIX) ? iss.slice(SERVICE_ISSUER_PREFIX.length) : undefined;
  } catch {
    return undefined;
  }
}

/** The gateway's side: the public keys of each service it trusts. */
export type ServiceKeys = (service: string) => PublicKeySet | undefined;

export async function verifyServiceAssertion(
  token: string,
  keys: ServiceKeys,
  audience: string,
): Promise<{ ok: true; principal: Principal } | { ok: false; reason: string }> {
  const service = serviceNameOf(token);
  const keySet = service ? keys(service) : undefined;
  if (!service || !keySet) return { ok: false, reason: 'The service is not known to this gateway.' };
  try {
    const { payload } = await jwtVerify(token, async (header) => {
      const key = header.kid ? await keySet.get(header.kid) : undefined;
      if (!key) throw new joseErrors.JWKSNoMatchingKey();
      return key;
    }, {
      algorithms: ['EdDSA'],
      issuer: `${SERVICE_ISSUER_PREFIX}${service}`,
      subject: `service:${service}`,
      audience,
      maxTokenAge: ASSERTION_SECONDS + 5,
      requiredClaims: ['exp', 'iat'],
    });
    if (payload.exp! - payload.iat! > ASSERTION_SECONDS) return { ok: false, reason: 'The service assertion lives too long.' };
    return { ok: true, principal: servicePrincipal(service) };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) return { ok: false, reason: 'The service assertion has expired.' };
    return { ok: false, reason: 'The service assertion does not verify.' };
  }
}
