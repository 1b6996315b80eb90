/**
 * Scopes and roles, defined in one place. A role is a named bundle of scopes; a token may carry
 * roles, extra scopes, or both, and what it may do is the union. Names are public API.
 */
export const SCOPES = {
  'catalog:read': 'brands, capabilities, SKUs, stock and fulfillment nodes',
  'costs:read': 'unit costs, margins and node costs',
  'partners:read': 'partners and contracts, without commercial terms',
  'contracts:terms:read': 'commercial terms of contracts',
  'portfolio:write': 'change brands; assess capabilities and propose operating models',
  'decisions:approve': 'approve or reject operating-model decisions',
  'pilots:write': 'plan, start, measure and conclude pilots of operating models (success metrics are fixed at the start)',
  'inventory:write': 'adjust stock, set sourcing policies, commit and release reservations',
  'orders:promise': 'ask for availability promises',
  'orders:route': 'route orders and reserve stock',
  'partners:write': 'change partners, contracts, performance and breaches',
  'ledger:read': 'read the decision ledgers',
  'access-log:read': 'read the access log of sensitive data',
  'registry:read': 'read the subgraph registry',
  'registry:write': 'check, publish and roll back subgraphs; propose governance changes',
  'registry:approve': 'approve or reject governance changes to the graph that someone else proposed',
  'services:write': 'define and change shared services in the service catalogue (objectives, cost, roadmap)',
} as const;

export type Scope = keyof typeof SCOPES;
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

export const ROLES = {
  storefront: ['catalog:read', 'partners:read', 'orders:promise'],
  'portfolio-manager': ['catalog:read', 'costs:read', 'partners:read', 'portfolio:write', 'pilots:write', 'ledger:read'],
  approver: ['catalog:read', 'costs:read', 'partners:read', 'decisions:approve', 'ledger:read'],
  platform: ['catalog:read', 'partners:read', 'registry:read', 'registry:write', 'services:write'],
  operations: [
    'catalog:read', 'costs:read', 'partners:read', 'contracts:terms:read', 'inventory:write',
    'orders:promise', 'orders:route', 'partners:write', 'pilots:write', 'ledger:read',
  ],
  auditor: ['catalog:read', 'costs:read', 'partners:read', 'contracts:terms:read', 'ledger:read', 'access-log:read', 'registry:read'],
  'governance-approver': ['catalog:read', 'registry:read', 'registry:approve'],
  admin: ALL_SCOPES,
} as const satisfies Record<string, readonly Scope[]>;

export type Role = keyof typeof ROLES;
export const ALL_ROLES = Object.keys(ROLES) as Role[];

export function isRole(name: string): name is Role {
  return Object.prototype.hasOwnProperty.call(ROLES, name);
}

/** Everything the roles grant plus the scopes named directly. Unknown roles grant nothing. */
export function effectiveScopes(roles: readonly string[], scopes: readonly string[]): Set<string> {
  const result = new Set<string>(scopes);
  for (const role of roles) if (isRole(role)) for (const scope of ROLES[role]) result.add(scope);
  return result;
}
