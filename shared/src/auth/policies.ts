import type { Principal } from './principal';

/**
 * Named policies for `@policy(policies: [[...]])`: predicates over the verified caller, evaluated
 * by the gateway (and again by subgraphs). Names are public API.
 */
export const POLICIES: Record<string, { description: string; allows: (p: Principal) => boolean }> = {
  'portfolio-wide': {
    description: 'the caller may see every brand (no brand restriction on the token)',
    allows: (p) => p.brands === '*',
  },
};

/** `@policy(policies: [[a, b], [c]])` holds when every policy of at least one inner list allows. */
export function satisfiesPolicies(principal: Principal, alternatives: readonly (readonly string[])[]): boolean {
  return alternatives.some((all) => all.every((name) => POLICIES[name]?.allows(principal) ?? false));
}
