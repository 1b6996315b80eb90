import { createHash } from 'node:crypto';
import { entryHash, GENESIS_HASH, type HashedEntry } from './hash';

const entry: HashedEntry = {
  seq: 1,
  id: '00000000-0000-4000-8000-000000000001',
  occurredAt: '2026-11-21T10:00:00.000Z',
  actor: { subject: 'erin', roles: ['portfolio-manager'], onBehalfOf: null },
  action: 'brand.lifecycle.set',
  subject: { type: 'Brand', id: 'b', brandId: 'b', capability: null },
  before: { lifecycle: 'DECLINING' },
  after: { lifecycle: 'SUNSET' },
  reason: 'Board decision',
  evidence: null,
  requestId: 'r1',
};

describe('entryHash', () => {
  it('is SHA-256 over the previous hash then the RFC 8785 canonical JSON of the entry', () => {
    const canonical =
      '{"action":"brand.lifecycle.set","actor":{"onBehalfOf":null,"roles":["portfolio-manager"],"subject":"erin"},' +
      '"after":{"lifecycle":"SUNSET"},"before":{"lifecycle":"DECLINING"},"evidence":null,"id":"00000000-0000-4000-8000-000000000001",' +
      '"occurredAt":"2026-11-21T10:00:00.000Z","reason":"Board decision","requestId":"r1","seq":1,' +
      '"subject":{"brandId":"b","capability":null,"id":"b","type":"Brand"}}';
    const expected = createHash('sha256').update(GENESIS_HASH + canonical).digest('hex');
    expect(entryHash(GENESIS_HASH, entry)).toBe(expected);
  });

  it('does not depend on the order of keys', () => {
    const reordered = JSON.parse(JSON.stringify({ ...entry, after: { lifecycle: 'SUNSET' } }, Object.keys(entry).reverse()));
    expect(entryHash(GENESIS_HASH, { ...reordered, actor: entry.actor, subject: entry.subject, before: entry.before, after: entry.after })).toBe(
      entryHash(GENESIS_HASH, entry),
    );
  });

  it('changes with any field and with the previous hash', () => {
    const base = entryHash(GENESIS_HASH, entry);
    expect(entryHash(GENESIS_HASH, { ...entry, reason: 'Board decision.' })).not.toBe(base);
    expect(entryHash('f'.repeat(64), entry)).not.toBe(base);
  });
});
