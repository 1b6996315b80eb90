import { exitedPartnerIds } from './partner-exits';
import { pilotOverride } from './pilot-override';

describe('exitedPartnerIds', () => {
  const contract = (over: Partial<Parameters<typeof exitedPartnerIds>[0][number]>) => ({
    partnerId: 'swiftlane',
    brandId: 'halden',
    status: 'NOTICE_GIVEN',
    exitDate: '2026-05-31',
    capabilityScope: ['FULFILLMENT'],
    ...over,
  });

  it('counts a partner as left from the exit date of a contract under notice covering routed work', () => {
    expect(exitedPartnerIds([contract({})], 'halden', '2026-05-30')).toEqual(new Set());
    expect(exitedPartnerIds([contract({})], 'halden', '2026-05-31')).toEqual(new Set(['swiftlane']));
    expect(exitedPartnerIds([contract({})], 'kestrel', '2026-06-30')).toEqual(new Set());
  });

  it('ignores work nothing is routed for, and a partner the brand still contracts routed work with', () => {
    expect(exitedPartnerIds([contract({ capabilityScope: ['PRODUCT_CONTENT'] })], 'halden', '2026-06-30')).toEqual(new Set());
    expect(exitedPartnerIds([contract({}), contract({ status: 'ACTIVE', exitDate: null })], 'halden', '2026-06-30')).toEqual(new Set());
    expect(exitedPartnerIds([contract({ exitDate: null })], 'halden', '2026-06-30')).toEqual(new Set());
  });
});

describe('pilotOverride', () => {
  const pilot = { id: 'p1', brandId: 'northwind', capability: 'FULFILLMENT', model: 'PARTNER', regions: ['EU-WEST'], channels: [], skuIds: [] };
  const order = { destinationRegion: 'EU-WEST', channel: null, skuIds: ['a', 'b'] };

  it('routes an order in the pilot’s scope under the model on trial', () => {
    expect(pilotOverride([pilot], 'northwind', order)).toBe(pilot);
    expect(pilotOverride([pilot], 'northwind', { ...order, destinationRegion: 'EU-NORTH' })).toBeNull();
    expect(pilotOverride([pilot], 'halden', order)).toBeNull();
    expect(pilotOverride([{ ...pilot, capability: 'STOREFRONT' }], 'northwind', order)).toBeNull();
  });

  it('needs every part of the scope the pilot sets', () => {
    const web = { ...pilot, channels: ['web'] };
    expect(pilotOverride([web], 'northwind', order)).toBeNull();
    expect(pilotOverride([web], 'northwind', { ...order, channel: 'web' })).toBe(web);
    const skus = { ...pilot, regions: [], skuIds: ['a'] };
    expect(pilotOverride([skus], 'northwind', order)).toBeNull();
    expect(pilotOverride([skus], 'northwind', { ...order, skuIds: ['a'] })).toBe(skus);
  });

  it('never covers a whole brand: a pilot without scope covers nothing', () => {
    expect(pilotOverride([{ ...pilot, regions: [] }], 'northwind', order)).toBeNull();
  });

  it('chooses the same pilot whatever the order of the list', () => {
    const other = { ...pilot, id: 'p0' };
    expect(pilotOverride([pilot, other], 'northwind', order)!.id).toBe('p0');
    expect(pilotOverride([other, pilot], 'northwind', order)!.id).toBe('p0');
  });
});
