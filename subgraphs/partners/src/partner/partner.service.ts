import type { DataSource } from 'typeorm';
import { notFound, requireUuid, trellisError } from '../../../../shared/src/errors';
import { audited, requireReason, type AuditContext } from '../../../../shared/src/ledger/ledger';
import { PartnerEntity } from './partner.entity';
import type { PartnerStatus } from './partner.type';

export async function setPartnerStatus(
  dataSource: DataSource,
  context: AuditContext,
  input: { partnerId: string; status: `${PartnerStatus}`; reason: string },
): Promise<PartnerEntity> {
  const partnerId = requireUuid('partnerId', input.partnerId);
  const reason = requireReason(input.reason);
  return audited(dataSource, context, async ({ manager, record }) => {
    const partner = await manager.getRepository(PartnerEntity).findOne({ where: { id: partnerId }, lock: { mode: 'pessimistic_write' } });
    if (!partner) throw notFound(`Partner ${partnerId}`);
    if (partner.status === input.status) throw trellisError('NO_CHANGE', `${partner.name} is already ${input.status}; nothing to change.`);
    const before = { status: partner.status };
    partner.status = input.status;
    await manager.save(partner);
    // A partner serves several brands: the entry has no brand of its own; Brand.partnerLedger
    // finds it through the brand's contracts.
    record({ subject: { type: 'Partner', id: partner.id }, before, after: { status: partner.status }, reason });
    return partner;
  });
}
