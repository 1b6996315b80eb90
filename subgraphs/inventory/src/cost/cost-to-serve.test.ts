import { costToServe, type CostInputs, type CostNode } from './cost-to-serve';

// The worked example of docs/lifecycle.md ("Cost to serve"): Halden in April 2026. If you change a number here, change it there.
const LEEDS: CostNode = { id: 'leeds', code: '3PL-LEEDS', costPerUnit: 3.4, operatorType: 'PARTNER', operatorPartnerId: 'swiftlane' };
const LONDON: CostNode = { id: 'london', code: 'ST-LONDON', costPerUnit: 7.2, operatorType: 'BRAND', operatorPartnerId: null };

function april(overrides: Partial<CostInputs> = {}): CostInputs {
  return {
    period: { period: '2026-04', days: 30, firstDay: '2026-04-01', lastDay: '2026-04-30' },
    orders: [
      { plan: [{ nodeId: 'leeds', skuId: 'tee', quantity: 2 }] },
      { plan: [{ nodeId: 'leeds', skuId: 'tee', quantity: 1 }, { nodeId: 'leeds', skuId: 'cap', quantity: 1 }] },
      { plan: [{ nodeId: 'london', skuId: 'cap', quantity: 2 }, { nodeId: 'leeds', skuId: 'tee', quantity: 1 }] },
    ],
    nodes: new Map([
      ['leeds', LEEDS],
      ['london', LONDON],
    ]),
    contracts: [
      { id: 'c-swift', partnerId: 'swiftlane', partnerName: 'Swiftlane Logistics', capabilityScope: ['FULFILLMENT'], monthlyFee: 3200, feePerOrder: 1.1, validFrom: '2024-07-01', validTo: '2027-06-30', exitDate: null },
      { id: 'c-bright', partnerId: 'brightmark', partnerName: 'Brightmark Licensing', capabilityScope: ['PRODUCT_CONTENT', 'STOREFRONT'], monthlyFee: 2000, feePerOrder: 0, validFrom: '2025-09-01', validTo: '2030-08-31', exitDate: null },
      { id: 'c-old', partnerId: 'oldco', partnerName: 'Old Co', capabilityScope: ['FULFILLMENT'], monthlyFee: 999, feePerOrder: 9, validFrom: '2024-01-01', validTo: '2026-03-31', exitDate: null },
    ],
    stock: [
      { skuId: 'tee', onHand: 120, unitCost: 20 },
      { skuId: 'cap', onHand: 10, unitCost: 8 },
    ],
    reroutedOrders: 1,
    failedOrders: 0,
    unitsShipped: 5,
    sharedServices: [{ serviceCode: 'inventory-availability', capability: 'INVENTORY', amount: 120.5 }],
    ...overrides,
  };
}

describe('costToServe', () => {
  const result = costToServe(april());

  it('charges fulfillment at each node’s cost per unit for the units routed there', () => {
    expect(result.orders).toBe(3);
    expect(result.unitsRouted).toBe(7);
    expect(result.fulfillment).toEqual({
      amount: 31.4,
      lines: [
        { nodeId: 'leeds', nodeCode: '3PL-LEEDS', operatorType: 'PARTNER', partnerId: 'swiftlane', units: 5, costPerUnit: 3.4, amount: 17 },
        { nodeId: 'london', nodeCode: 'ST-LONDON', operatorType: 'BRAND', partnerId: null, units: 2, costPerUnit: 7.2, amount: 14.4 },
      ],
    });
  });

  it('charges the fees of the contracts in force: the monthly fee, and the fee per order shipped from the partner’s nodes', () => {
    expect(result.partnerFees.amount).toBe(5203.3);
    expect(result.partnerFees.lines.map((l) => [l.contractId, l.orders, l.amount])).toEqual([
      ['c-bright', 0, 2000],
      ['c-swift', 3, 3203.3],
    ]);
  });

  it('charges carrying on the stock value and ageing on the units beyond 90 days of cover', () => {
    expect(result.inventory).toEqual({ amount: 94.32, stockValue: 2480, daysOfCover: 557.1, carrying: 50.96, ageing: 43.36, unitsBeyondCover: 109 });
  });

  it('charges exceptions and the showback, and the breakdown adds up to the total, per order and per unit shipped', () => {
    expect(result.exceptions).toEqual({ amount: 6, reroutedOrders: 1, failedOrders: 0 });
    expect(result.sharedServices).toEqual({ available: true, amount: 120.5, lines: [{ serviceCode: 'inventory-availability', capability: 'INVENTORY', amount: 120.5 }] });
    expect(result.total).toBe(5455.52);
    const parts = [result.fulfillment, result.partnerFees, result.sharedServices, result.inventory, result.exceptions].reduce((s, p) => s + Math.round(p.amount * 100), 0);
    expect(parts).toBe(545552);
    expect(result.perOrder).toBe(1818.51);
    expect(result.perUnitShipped).toBe(1091.1);
  });

  it('attributes every cent to a capability', () => {
    expect(result.byCapability).toEqual([
      { capability: 'FULFILLMENT', amount: 3240.7 },
      { capability: 'PRODUCT_CONTENT', amount: 1000 },
      { capability: 'STOREFRONT', amount: 1000 },
      { capability: 'INVENTORY', amount: 214.82 },
    ]);
    expect(result.byCapability.reduce((s, c) => s + Math.round(c.amount * 100), 0)).toBe(545552);
  });

  it('stops charging a contract after its exit date, and says when there is no showback', () => {
    const exited = costToServe(april({ sharedServices: null, contracts: [{ ...april().contracts[0]!, exitDate: '2026-03-31' }] }));
    expect(exited.partnerFees.amount).toBe(0);
    expect(exited.sharedServices).toEqual({ available: false, amount: 0, lines: [] });
    const lastDay = costToServe(april({ contracts: [{ ...april().contracts[0]!, exitDate: '2026-04-01' }] }));
    expect(lastDay.partnerFees.amount).toBe(3203.3);
  });

  it('has no per-order or per-unit cost without orders or shipments, and counts all unsold stock as ageing', () => {
    const quiet = costToServe(april({ orders: [], unitsShipped: 0, reroutedOrders: 0, contracts: [], sharedServices: [] }));
    expect(quiet).toMatchObject({ orders: 0, perOrder: null, perUnitShipped: null, fulfillment: { amount: 0 } });
    expect(quiet.inventory).toMatchObject({ daysOfCover: null, unitsBeyondCover: 130, ageing: 49.6 });
  });

  it('splits a fee over its capabilities to the cent', () => {
    const odd = costToServe(april({ orders: [], contracts: [{ ...april().contracts[1]!, monthlyFee: 0.01 }], stock: [], sharedServices: [], reroutedOrders: 0 }));
    expect(odd.byCapability).toEqual([{ capability: 'PRODUCT_CONTENT', amount: 0.01 }]);
    expect(odd.total).toBe(0.01);
  });
});
