import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { grantedScopes, type Principal } from '../../../../shared/src/auth/principal';
import type { ErrorCode } from '../../../../shared/src/errors';
import { jsonError } from '../../../../shared/src/http/request-errors';
import type { RegistryCaller } from '../registry-context';

export type Authenticate = (req: Request) => Promise<Principal>;

export type Handler = (req: Request, res: Response, caller: RegistryCaller) => Promise<unknown>;

/**
 * A route that needs a verified caller holding `scope` (any of them, when several are given). No
 * token → 401 UNAUTHENTICATED; a missing scope → 403 UNAUTHORIZED_FIELD_OR_TYPE; malformed input
 * (a GraphQL error with a code, from reading the body) → 400 with that code. All in GraphQL's shape.
 */
export function guarded(authenticate: Authenticate, scope: string | readonly string[], handler: Handler) {
  const scopes = typeof scope === 'string' ? [scope] : scope;
  return async (req: Request, res: Response, next: NextFunction) => {
    let principal: Principal;
    try {
      principal = await authenticate(req);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      return jsonError(res, 401, 'UNAUTHENTICATED', code === 'UNAUTHENTICATED' ? (error as Error).message : 'Authentication failed.');
    }
    const granted = grantedScopes(principal);
    if (!scopes.some((s) => granted.has(s))) {
      return jsonError(res, 403, 'UNAUTHORIZED_FIELD_OR_TYPE', `This needs the ${scopes.join(' or ')} scope; your token lacks it.`, { scopes });
    }
    try {
      await handler(req, res, { principal, requestId: randomUUID() });
    } catch (error) {
      const extensions = (error as { extensions?: { code?: ErrorCode; field?: string } }).extensions;
      if (extensions?.code) return jsonError(res, 400, extensions.code, (error as Error).message, extensions.field ? { field: extensions.field } : {});
      next(error);
    }
  };
}
