import { effectiveScopes } from './scopes';

/**
 * The verified caller, as the gateway forwards it to subgraphs. `brands` are slugs (or '*');
 * `brandIds` are the same brands as ids, resolved by the gateway, so subgraphs can filter rows.
 */
export interface Principal {
  sub: string;
  roles: string[];
  scopes: string[];
  brands: string[] | '*';
  brandIds: string[] | '*';
  /** Acting for someone else (a service acting for a person), if any. */
  onBehalfOf?: string;
}

export function grantedScopes(principal: Pick<Principal, 'roles' | 'scopes'>): Set<string> {
  return effectiveScopes(principal.roles, principal.scopes);
}

/** `@requiresScopes(scopes: [[a, b], [c]])` holds when every scope of at least one inner list is granted. */
export function satisfiesAny(granted: ReadonlySet<string>, alternatives: readonly (readonly string[])[]): boolean {
  return alternatives.some((all) => all.every((s) => granted.has(s)));
}

export function mayAccessBrandSlug(principal: Pick<Principal, 'brands'>, slug: string): boolean {
  return principal.brands === '*' || principal.brands.includes(slug);
}

export function mayAccessBrandId(principal: Pick<Principal, 'brandIds'>, brandId: string | null | undefined): boolean {
  if (principal.brandIds === '*') return true;
  return brandId != null && principal.brandIds.includes(brandId);
}

/** The identity the gateway itself uses for its own calls (schema introspection, brand directory). */
export const GATEWAY_PRINCIPAL: Principal = {
  sub: 'system:gateway',
  roles: ['platform'],
  scopes: ['catalog:read'],
  brands: '*',
  brandIds: '*',
};
