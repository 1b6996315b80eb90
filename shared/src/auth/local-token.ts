import { SignJWT } from 'jose';

export interface LocalTokenClaims {
  sub: string;
  roles: string[];
  scopes?: string[];
  brands: string[] | '*';
  /** A jose time span ("10m", "8h") or an absolute expiry in epoch seconds. */
  expiresIn: string | number;
}

/**
 * An HS256 caller token as the gateway verifies it by default — what `npm run token`, the CLIs and
 * the tests hand out for a local installation. Production tokens come from an identity provider.
 */
export function mintLocalToken(secret: string, audience: { issuer: string; audience: string }, claims: LocalTokenClaims): Promise<string> {
  return new SignJWT({ roles: claims.roles, scopes: claims.scopes ?? [], brands: claims.brands })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuer(audience.issuer)
    .setAudience(audience.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn)
    .sign(new TextEncoder().encode(secret));
}
