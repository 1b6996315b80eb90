import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

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
  /** HS256 secret (the embedded default). */
  secret?: string;
  /** RS256/ES256 keys from a JWKS endpoint (production). Takes precedence over `secret`. */
  jwksUrl?: string;
  issuer: string;
  audience: string;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
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

  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) {
      throw unauthenticated('Authentication required: send "Authorization: Bearer <token>" (for the local default: npm run token -- --role <role>).');
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(match[1]!, verifyWith.key as never, {
        algorithms: verifyWith.algorithms,
        issuer: options.issuer,
        audience: options.audience,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired: get a new one.');
      if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthenticated(`The token is not for Trellis: ${error.message}.`);
      throw unauthenticated('The token is not valid: its signature or format does not verify.');
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw unauthenticated(`The token's claims are malformed: ${claims.error.issues[0]!.path.join('.')}: ${claims.error.issues[0]!.message}.`);
    }
    const { obo, ...rest } = claims.data;
    return { ...rest, ...(obo ? { onBehalfOf: obo } : {}) };
  };
}
