/**
 * Which partners a brand has left, for routing: a partner is exited for a brand from the exit date
 * of a contract under notice that covers routed work (FULFILLMENT or INVENTORY), unless another
 * contract of the brand with that partner still covers routed work. From that day routing excludes
 * the partner's nodes for the brand (`PARTNER_EXITED`) and the recovery sweep moves the brand's open
 * reservations off them. Days are UTC calendar days, compared as YYYY-MM-DD.
 */
export interface PartnerContractFact {
  partnerId: string;
  brandId: string;
  /** ACTIVE or NOTICE_GIVEN (superseded versions are not facts). */
  status: string;
  exitDate: string | null;
  capabilityScope: readonly string[];
}

export const ROUTED_CAPABILITIES: ReadonlySet<string> = new Set(['FULFILLMENT', 'INVENTORY']);

export function exitedPartnerIds(contracts: readonly PartnerContractFact[], brandId: string, today: string): Set<string> {
  const routed = (c: PartnerContractFact) => c.brandId === brandId && c.capabilityScope.some((s) => ROUTED_CAPABILITIES.has(s));
  const exited = new Set<string>();
  for (const c of contracts) if (routed(c) && c.status === 'NOTICE_GIVEN' && c.exitDate !== null && c.exitDate <= today) exited.add(c.partnerId);
  for (const c of contracts) if (routed(c) && c.status === 'ACTIVE') exited.delete(c.partnerId);
  return exited;
}
