/**
 * Each role's cost budget per operation (see `cost.ts`): a storefront asks for one brand's page at
 * a time; planning and audit roles read across the portfolio; the admin reads everything. A caller
 * with several roles gets the largest budget; a service (a subgraph reading the graph) `service`;
 * a token with scopes but no role `default`.
 */
export const DEFAULT_COST_BUDGETS: Readonly<Record<string, number>> = {
  default: 1_000,
  storefront: 2_000,
  'portfolio-manager': 20_000,
  approver: 20_000,
  platform: 20_000,
  operations: 20_000,
  'governance-approver': 5_000,
  auditor: 50_000,
  service: 20_000,
  admin: 200_000,
};
