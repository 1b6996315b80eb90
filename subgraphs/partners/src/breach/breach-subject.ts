import type { LedgerRecord } from '../../../../shared/src/ledger/ledger';
import type { BreachEntity } from '../performance/performance.entities';

/** How a breach is named in the partner ledger. */
export function breachSubject(breach: Pick<BreachEntity, 'id' | 'brandId'>): LedgerRecord['subject'] {
  return { type: 'Breach', id: breach.id, brandId: breach.brandId };
}
