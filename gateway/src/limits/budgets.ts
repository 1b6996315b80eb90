/**
 * Each role's cost budget per operation (see `cost.ts`): a storefront asks for one brand's page at
 * a time; planning and audit roles read across the portfolio; the admin reads everything. A caller
 * with several roles gets the largest budget; a service (a subgraph reading the graph) `service`;
 * a token with scopes but no role `default`.
 */
export const DEFAULT_COST_BUDGETS: Readonly<Record<string, number>> = {
  default: 1_000,
  storefront: 5_000,
  'portfolio-manager': 50_000,
  approver: 50_000,
  platform: 50_000,
  operations: 50_000,
  'governance-approver': 10_000,
  auditor: 100_000,
  service: 50_000,
  admin: 500_000,
};
