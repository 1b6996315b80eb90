import type { GraphQLError } from 'graphql';
import { toStorableRecord } from './storable-record';

const actor = { subject: 'frank@ops', roles: ['operations'] };
const record = {
  action: 'stock.adjust',
  subject: { type: 'StockPosition', id: 'HAL-001@ST-LONDON', brandId: '40732F66-C410-58B7-B958-20263006CA35' },
  before: { onHand: 1 },
  after: { onHand: 2, at: new Date('2026-01-01T00:00:00Z') },
  reason: '  Receipt  ',
};

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { code: (error as GraphQLError).extensions.code, field: (error as GraphQLError).extensions.field };
  }
  return null;
};

describe('toStorableRecord', () => {
  it('gives the entry as the row will hold it', () => {
    expect(toStorableRecord(actor, 'r1', record)).toEqual({
      actor: { subject: 'frank@ops', roles: ['operations'], onBehalfOf: null },
      action: 'stock.adjust',
      subject: { type: 'StockPosition', id: 'HAL-001@ST-LONDON', brandId: '40732f66-c410-58b7-b958-20263006ca35', capability: null },
      before: { onHand: 1 },
      after: { onHand: 2, at: '2026-01-01T00:00:00.000Z' },
      reason: 'Receipt',
      evidence: null,
      requestId: 'r1',
    });
  });

  it.each([
    ['reason', { ...record, reason: 'ok\ud800' }, actor, 'r1'],
    ['reason', { ...record, reason: 'a\u0000' }, actor, 'r1'],
    ['before.note', { ...record, before: { note: '\udfff' } }, actor, 'r1'],
    ['after.n', { ...record, after: { n: NaN } }, actor, 'r1'],
    ['evidence[0].source', { ...record, evidence: [{ source: 'x\u0000' }] }, actor, 'r1'],
    ['subject.id', { ...record, subject: { ...record.subject, id: '\ud800' } }, actor, 'r1'],
    ['subject.capability', { ...record, subject: { ...record.subject, capability: '\u0000' } }, actor, 'r1'],
    ['subject.brandId', { ...record, subject: { ...record.subject, brandId: 'halden' } }, actor, 'r1'],
    ['actor.subject', record, { ...actor, subject: 'x\ud800' }, 'r1'],
    ['actor.roles[1]', record, { ...actor, roles: ['a', '\u0000'] }, 'r1'],
    ['actor.onBehalfOf', record, { ...actor, onBehalfOf: '\ud800' }, 'r1'],
    ['requestId', record, actor, 'r\u0000'],
    ['action', { ...record, action: 'x\u0000' }, actor, 'r1'],
  ])('refuses an unstorable %s with BAD_USER_INPUT naming it', (field, rec, who, requestId) => {
    expect(refusal(() => toStorableRecord(who, requestId, rec))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses an invisible reason with REASON_REQUIRED', () => {
    expect(refusal(() => toStorableRecord(actor, null, { ...record, reason: '\u200b\u200b' }))).toEqual({ code: 'REASON_REQUIRED', field: 'reason' });
  });
});
