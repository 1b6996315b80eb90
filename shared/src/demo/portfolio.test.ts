import { DEMO_BRANDS, DEMO_CAPABILITIES, DEMO_CONTRACTS, DEMO_NODES, DEMO_PARTNERS, demoCatalog } from './portfolio';
import { stableId } from './stable-id';

describe('the demo portfolio', () => {
  it('has the shape the product promises', () => {
    expect(DEMO_BRANDS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(DEMO_BRANDS.map((b) => b.portfolioRole)).size).toBeGreaterThanOrEqual(4);
    expect(DEMO_BRANDS.some((b) => b.portfolioRole === 'HERITAGE' && b.lifecycle === 'DECLINING')).toBe(true);
    expect(DEMO_CAPABILITIES).toHaveLength(12);
    expect(DEMO_NODES).toHaveLength(8);
    expect(new Set(DEMO_NODES.map((n) => n.kind))).toEqual(new Set(['WAREHOUSE', 'STORE', 'THREE_PL', 'DROPSHIP']));
    expect(DEMO_NODES.filter((n) => n.operator.type === 'PARTNER').length).toBeGreaterThan(0);
    expect(DEMO_PARTNERS).toHaveLength(5);
    for (const p of DEMO_PARTNERS) expect(DEMO_CONTRACTS.some((c) => c.partnerKey === p.key)).toBe(true);
  });

  it('refers only to things that exist', () => {
    const nodeCodes = new Set(DEMO_NODES.map((n) => n.code));
    const capabilityCodes = new Set(DEMO_CAPABILITIES.map((c) => c.code));
    for (const b of DEMO_BRANDS) for (const code of b.network) expect(nodeCodes).toContain(code);
    for (const c of DEMO_CAPABILITIES) if (c.parentCode) expect(capabilityCodes).toContain(c.parentCode);
    for (const c of DEMO_CONTRACTS) {
      expect(DEMO_PARTNERS.map((p) => p.key)).toContain(c.partnerKey);
      expect(DEMO_BRANDS.map((b) => b.slug)).toContain(c.brandSlug);
      for (const code of c.capabilityScope) expect(capabilityCodes).toContain(code);
    }
  });

  it('generates 300 SKUs with stock, identically every time', () => {
    const first = demoCatalog();
    expect(first.skus).toHaveLength(300);
    expect(new Set(first.skus.map((s) => s.code)).size).toBe(300);
    for (const sku of first.skus) {
      expect(first.stock.some((p) => p.skuId === sku.id)).toBe(true);
      expect(sku.unitCost).toBeLessThan(sku.price);
    }
    for (const p of first.stock) expect(p.reserved).toBeLessThanOrEqual(p.onHand);
    expect(demoCatalog()).toEqual(first);
  });
});

describe('stableId', () => {
  it('derives the same UUID from the same name, different ones from different names', () => {
    expect(stableId('brand:halden')).toBe(stableId('brand:halden'));
    expect(stableId('brand:halden')).not.toBe(stableId('brand:lumen'));
    expect(stableId('brand:halden')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
