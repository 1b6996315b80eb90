import type { GraphQLError } from 'graphql';
import { trellisError } from '../../../shared/src/errors';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { serviceNameOf, verifyServiceAssertion, type ServiceKeys } from '../../../shared/src/auth/service-identity';
import { z } from 'zod';
import { VerifiedTokens } from './verified-tokens';

/** The claims Trellis reads from a caller's token. */
export interface CallerClaims {
  sub: string;
  roles: string[];
  scopes: string[];
  brands: string[] | '*';
  onBehalfOf?: string;
}

const ClaimsSchema = z.object({
  sub: z.string().min(1),
  roles: z.array(z.string()).default([]),
  // OAuth-style space-separated strings are accepted too.
  scopes: z.union([z.array(z.string()), z.string().transform((s) => s.split(/\s+/).filter(Boolean))]).default([]),
  // No brands claim means no brand: a token must say which brands it may see.
  brands: z.union([z.literal('*'), z.array(z.string())]).default([]),
  obo: z.string().optional(),
});

export interface AuthenticatorOptions {
  /** The longest lifetime (exp − iat) a caller token may have; tokens without `exp` are refused. */
  maxLifetimeSeconds?: number;
  /** The public keys of the services (subgraphs) that read the graph under their own identity. */
  services?: ServiceKeys;
  /** HS256 secret (the embedded default). */
  secret?: string;
  /** RS256/ES256 keys from a JWKS endpoint (production). Takes precedence over `secret`. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
  /** How many verified caller tokens are remembered until their expiry (default 10 000; 0: verify every time). */
  verifiedTokenCacheSize?: number;
}

export function unauthenticated(message: string): GraphQLError {
  return trellisError('UNAUTHENTICATED', message, { http: { status: 401 } });
}

/**
 * Verifies `Authorization: Bearer <JWT>` with jose and returns the caller's claims, or throws
 * UNAUTHENTICATED (HTTP 401) saying what is wrong and what to do.
 */
export function createAuthenticator(options: AuthenticatorOptions): (authorization: string | undefined) => Promise<CallerClaims> {
  const verifyWith = options.jwksUrl
    ? { key: createRemoteJWKSet(new URL(options.jwksUrl)) as JWTVerifyGetKey, algorithms: ['RS256', 'ES256'] }
    : { key: new TextEncoder().encode(options.secret ?? ''), algorithms: ['HS256'] };
  if (!options.jwksUrl && !options.secret) throw new Error('An authenticator needs an HS256 secret or a JWKS URL.');

  const maxLifetime = options.maxLifetimeSeconds ?? 86_400;
  const verified = new VerifiedTokens(options.verifiedTokenCacheSize ?? 10_000);
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) {
      throw unauthenticated('Authentication required: send "Authorization: Bearer <token>" (for the local default: npm run token -- --role <role>).');
    }
    const token = match[1]!;
    if (options.services && serviceNameOf(token)) {
      const service = await verifyServiceAssertion(token, options.services, options.audience);
      if (!service.ok) throw unauthenticated(service.reason);
      const { sub, roles, scopes } = service.principal;
      return { sub, roles, scopes, brands: '*' };
    }
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, verifyWith.key as never, {
        algorithms: verifyWith.algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired: get a new one.');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp') throw unauthenticated('The token has no expiry (`exp`): tokens must expire.');
      if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`The token is not for Trellis: ${error.message}.`);
      throw unauthenticated('The token is not valid: its signature or format does not verify.');
    }
    const now = Math.floor(Date.now() / 1000);
    const lifetime = payload.exp! - Math.min(payload.iat ?? now, now);
    if (lifetime > maxLifetime) {
      throw unauthenticated(`The token lives too long (${Math.round(lifetime / 3600)} h; at most ${Math.round(maxLifetime / 3600)} h are accepted): get a shorter-lived one.`);
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw unauthenticated(`The token's claims are malformed: ${claims.error.issues[0]!.path.join('.')}: ${claims.error.issues[0]!.message}.`);
    }
    const { obo, ...rest } = claims.data;
    const caller: CallerClaims = { ...rest, ...(obo ? { onBehalfOf: obo } : {}) };
    verified.set(token, caller, payload.exp!);
    return caller;
  };
}
