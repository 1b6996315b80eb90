import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import type { GraphQLError } from 'graphql';
import { mintLocalToken } from '../../../shared/src/auth/local-token';
import { effectiveScopes, isRole, ROLES, ALL_ROLES } from '../../../shared/src/auth/scopes';
import { jsonError } from '../../../shared/src/http/request-errors';
import type { Logger } from '../../../shared/src/logger';
import type { CallerClaims } from '../auth/authenticate';
import { consoleContentSecurityPolicy } from './content-security-policy';

export interface DevSignInOptions {
  /** The HS256 secret the gateway verifies local tokens with. */
  secret: string;
  issuer: string;
  audience: string;
  /** How long a dev sign-in's token lives (at most the gateway's maximum lifetime). */
  ttlSeconds: number;
}

export interface OidcOptions {
  issuer: string;
  clientId: string;
  scope: string;
  /** Which of the identity provider's tokens the console sends as its bearer token. */
  tokenType: 'access_token' | 'id_token';
}

export interface ConsoleOptions {
  /** The built console (default: `dist/console` of this installation). */
  assetsDir?: string;
  /** Local installations only: a sign-in that picks a role and brands and mints a short-lived token. */
  devSignIn?: DevSignInOptions;
  /** A login at an OpenID Connect provider, whose tokens the gateway verifies (JWT_JWKS_URL). */
  oidc?: OidcOptions;
}

export interface ConsoleDependencies {
  authenticate(authorization: string | undefined): Promise<CallerClaims>;
  /** The brands a dev sign-in may pick from. */
  listBrands(): Promise<{ slug: string; name: string }[]>;
  logger: Logger;
}

/** The console's folder in this installation: `dist/console`, beside the compiled gateway. */
export function defaultConsoleAssets(): string {
  // Compiled: dist/gateway/src/console → dist/console. From the sources (tests): gateway/src/console → dist/console.
  const compiled = path.resolve(__dirname, '../../../console');
  if (path.basename(path.resolve(__dirname, '../../..')) === 'dist') return compiled;
  return path.resolve(__dirname, '../../../dist/console');
}

const BRAND_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * `/console`: the web console (static files built by the project's build, with a strict content
 * security policy) and the three small endpoints it needs besides the graph itself:
 *
 *   GET  /console/api/config     how one may sign in here (dev sign-in, OpenID Connect)
 *   GET  /console/api/session    who the bearer token is, as the gateway verifies it
 *   POST /console/api/dev-token  a short-lived token of a role and brands (local installations only)
 *
 * Everything else the console shows comes from `/graphql` with the caller's token.
 */
export function consoleRoutes(options: ConsoleOptions, deps: ConsoleDependencies): Router {
  const router = express.Router();
  const assets = options.assetsDir ?? defaultConsoleAssets();
  const csp = consoleContentSecurityPolicy(options.oidc?.issuer);
  const noStore = (res: Response) => res.setHeader('cache-control', 'no-store');

  router.get('/api/config', async (_req, res) => {
    noStore(res);
    const dev = options.devSignIn;
    const brands = dev ? await deps.listBrands().catch(() => []) : [];
    res.json({
      ...(dev ? { devSignIn: { roles: ALL_ROLES, brands, ttlMinutes: Math.round(dev.ttlSeconds / 60) } } : {}),
      ...(options.oidc ? { oidc: options.oidc } : {}),
    });
  });

  router.get('/api/session', async (req, res) => {
    noStore(res);
    try {
      const claims = await deps.authenticate(req.headers.authorization);
      const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')![1]!;
      res.json({
        sub: claims.sub,
        roles: claims.roles,
        scopes: [...effectiveScopes(claims.roles, claims.scopes)].sort(),
        brands: claims.brands,
        expiresAt: new Date(expiryOf(token) * 1000).toISOString(),
      });
    } catch (error) {
      const { message, extensions } = error as GraphQLError;
      jsonError(res, 401, 'UNAUTHENTICATED', extensions?.code === 'UNAUTHENTICATED' ? message : 'Authentication failed.');
    }
  });

  router.post('/api/dev-token', express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
    noStore(res);
    const dev = options.devSignIn;
    if (!dev) {
      jsonError(res, 404, 'NOT_FOUND', 'The dev sign-in is off: this installation is not local. Sign in with a token from your identity provider.');
      return;
    }
    // A JSON body only: a cross-site form cannot send one without the browser asking first.
    if (!req.is('application/json')) {
      jsonError(res, 415, 'BAD_REQUEST', 'Send {"role": …, "brands": […]} as application/json.');
      return;
    }
    const { role, brands } = (req.body ?? {}) as { role?: unknown; brands?: unknown };
    if (typeof role !== 'string' || !isRole(role)) {
      jsonError(res, 400, 'BAD_USER_INPUT', `role must be one of ${ALL_ROLES.join(', ')}.`, { argumentName: 'role' });
      return;
    }
    const list = brands === '*' || brands === undefined ? '*' : brands;
    if (list !== '*' && (!Array.isArray(list) || list.length === 0 || list.length > 50 || !list.every((b) => typeof b === 'string' && BRAND_SLUG.test(b)))) {
      jsonError(res, 400, 'BAD_USER_INPUT', 'brands must be "*" or a list of brand slugs.', { argumentName: 'brands' });
      return;
    }
    if (role === 'storefront' && list === '*') {
      jsonError(res, 400, 'BAD_USER_INPUT', 'A storefront token names its brands: storefront teams see their own brands only.', { argumentName: 'brands' });
      return;
    }
    const brandList = list as string[] | '*';
    const sub = `console:${role}${brandList === '*' ? '' : `@${brandList.join('+')}`}`;
    const token = await mintLocalToken(dev.secret, dev, { sub, roles: [role], brands: brandList, expiresIn: `${dev.ttlSeconds}s` });
    deps.logger.info(`console dev sign-in: ${sub}`);
    res.json({ token, sub, roles: [role], scopes: [...ROLES[role]], brands: brandList, expiresAt: new Date(expiryOf(token) * 1000).toISOString() });
  });

  router.use('/api', (_req, res) => jsonError(res, 404, 'NOT_FOUND', 'There is no such console endpoint.'));

  // The built files: hashed assets are immutable; every other path is the app (its router decides).
  router.use((_req, res, next) => {
    res.setHeader('content-security-policy', csp);
    next();
  });
  router.use('/assets', express.static(path.join(assets, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  router.get(/.*/, (_req, res) => {
    const index = path.join(assets, 'index.html');
    if (!fs.existsSync(index)) {
      jsonError(res, 503, 'SERVICE_UNAVAILABLE', 'The console is not built here: run `npm run build` (it needs the dev dependencies).');
      return;
    }
    noStore(res);
    res.sendFile(index);
  });
  return router;
}

function expiryOf(token: string): number {
  return (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp;
}
