import { stableId } from './stable-id';

/**
 * The demo portfolio every subgraph seeds its own part of. Fictional brands, partners and
 * places; ids are derived from names so the three databases agree without sharing tables.
 */

export type PortfolioRole = 'CORE' | 'GROWTH' | 'HERITAGE' | 'NICHE' | 'INCUBATION';
export type Lifecycle = 'GROWING' | 'STABLE' | 'DECLINING' | 'SUNSET';
export type CapabilityLayer = 'EDGE' | 'CONTROL_PLANE';
export type NodeKind = 'WAREHOUSE' | 'STORE' | 'THREE_PL' | 'DROPSHIP';
export type PartnerKind = 'THREE_PL' | 'LICENSEE' | 'MARKETPLACE' | 'MANUFACTURER' | 'DROPSHIPPER';
export type Kpi = 'OTIF' | 'FILL_RATE' | 'ORDER_ACCURACY' | 'INVENTORY_ACCURACY' | 'ON_TIME_SHIP' | 'DOCK_TO_STOCK_HOURS';

export interface DemoBrand {
  id: string;
  slug: string;
  name: string;
  portfolioRole: PortfolioRole;
  lifecycle: Lifecycle;
  skuPrefix: string;
  /** What the brand sells, to name its SKUs. */
  products: string[];
  /** Nodes that hold the brand's stock. */
  network: string[];
  priceBand: [number, number];
}

const brand = (b: Omit<DemoBrand, 'id'>): DemoBrand => ({ ...b, id: stableId(`brand:${b.slug}`) });

export const DEMO_BRANDS: DemoBrand[] = [
  brand({ slug: 'aurelia', name: 'Aurelia Atelier', portfolioRole: 'CORE', lifecycle: 'STABLE', skuPrefix: 'AUR',
    products: ['Silk Scarf', 'Leather Tote', 'Cashmere Wrap', 'Evening Clutch', 'Wool Coat'], network: ['WH-CENTRAL', 'ST-PARIS'], priceBand: [120, 950] }),
  brand({ slug: 'northwind', name: 'Northwind Outdoor', portfolioRole: 'GROWTH', lifecycle: 'GROWING', skuPrefix: 'NWO',
    products: ['Trail Jacket', 'Down Vest', 'Hiking Boot', 'Base Layer', 'Daypack'], network: ['WH-NORTH', 'WH-CENTRAL', '3PL-ROTTERDAM'], priceBand: [35, 380] }),
  brand({ slug: 'halden', name: 'Halden & Co.', portfolioRole: 'HERITAGE', lifecycle: 'DECLINING', skuPrefix: 'HAL',
    products: ['Tweed Blazer', 'Oxford Shirt', 'Brogue', 'Flat Cap', 'Wax Jacket'], network: ['ST-LONDON', '3PL-LEEDS', 'WH-CENTRAL'], priceBand: [45, 420] }),
  brand({ slug: 'lumen', name: 'Lumen Beauty', portfolioRole: 'GROWTH', lifecycle: 'GROWING', skuPrefix: 'LUM',
    products: ['Serum', 'Night Cream', 'Cleanser', 'Lip Tint', 'Eye Balm'], network: ['WH-CENTRAL', 'WH-SOUTH'], priceBand: [12, 85] }),
  brand({ slug: 'kestrel', name: 'Kestrel Kids', portfolioRole: 'NICHE', lifecycle: 'STABLE', skuPrefix: 'KES',
    products: ['Rain Suit', 'Knit Jumper', 'Sneaker', 'Sun Hat', 'Backpack'], network: ['WH-SOUTH', '3PL-ROTTERDAM'], priceBand: [15, 120] }),
  brand({ slug: 'tidepool', name: 'Tidepool Home', portfolioRole: 'INCUBATION', lifecycle: 'GROWING', skuPrefix: 'TDP',
    products: ['Linen Throw', 'Ceramic Vase', 'Oak Tray', 'Table Lamp', 'Cotton Rug'], network: ['DS-MERIDIAN', 'WH-SOUTH'], priceBand: [18, 260] }),
];

export interface DemoCapability {
  id: string;
  code: string;
  name: string;
  layer: CapabilityLayer;
  parentCode?: string;
}

const capability = (code: string, name: string, layer: CapabilityLayer, parentCode?: string): DemoCapability => ({
  id: stableId(`capability:${code}`), code, name, layer, parentCode,
});

export const DEMO_CAPABILITIES: DemoCapability[] = [
  capability('STOREFRONT', 'Storefront', 'EDGE'),
  capability('PRODUCT_CONTENT', 'Product content', 'EDGE'),
  capability('PROMOTIONS', 'Promotions', 'EDGE', 'PRICING'),
  capability('CRM', 'Customer relationship management', 'EDGE'),
  capability('LOYALTY', 'Loyalty', 'EDGE', 'CRM'),
  capability('CUSTOMER_SERVICE', 'Customer service', 'EDGE'),
  capability('PRICING', 'Pricing', 'CONTROL_PLANE'),
  capability('ORDER_MANAGEMENT', 'Order management', 'CONTROL_PLANE'),
  capability('INVENTORY', 'Inventory', 'CONTROL_PLANE', 'ORDER_MANAGEMENT'),
  capability('FULFILLMENT', 'Fulfillment', 'CONTROL_PLANE', 'ORDER_MANAGEMENT'),
  capability('PAYMENTS', 'Payments', 'CONTROL_PLANE'),
  capability('ANALYTICS', 'Analytics', 'CONTROL_PLANE'),
];

export interface DemoPartner {
  id: string;
  key: string;
  name: string;
  kind: PartnerKind;
}

const partner = (key: string, name: string, kind: PartnerKind): DemoPartner => ({ id: stableId(`partner:${key}`), key, name, kind });

export const DEMO_PARTNERS: DemoPartner[] = [
  partner('swiftlane', 'Swiftlane Logistics', 'THREE_PL'),
  partner('meridian', 'Meridian Makers', 'DROPSHIPPER'),
  partner('brightmark', 'Brightmark Licensing', 'LICENSEE'),
  partner('marketa', 'Marketa Marketplace', 'MARKETPLACE'),
  partner('vellum', 'Vellum Textiles', 'MANUFACTURER'),
];

export type NodeOperator = { type: 'PLATFORM' } | { type: 'BRAND'; brandSlug: string } | { type: 'PARTNER'; partnerKey: string };

export interface DemoNode {
  id: string;
  code: string;
  name: string;
  kind: NodeKind;
  region: string;
  operator: NodeOperator;
  costPerUnit: number;
  handlingDays: number;
  dailyCapacity: number;
  active: boolean;
}

const node = (n: Omit<DemoNode, 'id'>): DemoNode => ({ ...n, id: stableId(`node:${n.code}`) });

export const DEMO_NODES: DemoNode[] = [
  node({ code: 'WH-CENTRAL', name: 'Central Platform DC, Kassel', kind: 'WAREHOUSE', region: 'EU-CENTRAL', operator: { type: 'PLATFORM' }, costPerUnit: 2.1, handlingDays: 1, dailyCapacity: 6000, active: true }),
  node({ code: 'WH-SOUTH', name: 'Southern Platform DC, Verona', kind: 'WAREHOUSE', region: 'EU-SOUTH', operator: { type: 'PLATFORM' }, costPerUnit: 2.4, handlingDays: 1, dailyCapacity: 3500, active: true }),
  node({ code: 'WH-NORTH', name: 'Northwind DC, Gothenburg', kind: 'WAREHOUSE', region: 'EU-NORTH', operator: { type: 'BRAND', brandSlug: 'northwind' }, costPerUnit: 2.9, handlingDays: 1, dailyCapacity: 1800, active: true }),
  node({ code: 'ST-PARIS', name: 'Aurelia Flagship, Rue Saint-Honoré', kind: 'STORE', region: 'EU-WEST', operator: { type: 'BRAND', brandSlug: 'aurelia' }, costPerUnit: 6.5, handlingDays: 0, dailyCapacity: 120, active: true }),
  node({ code: 'ST-LONDON', name: 'Halden Store, Jermyn Street', kind: 'STORE', region: 'UK', operator: { type: 'BRAND', brandSlug: 'halden' }, costPerUnit: 7.2, handlingDays: 0, dailyCapacity: 80, active: true }),
  node({ code: '3PL-ROTTERDAM', name: 'Swiftlane Rotterdam', kind: 'THREE_PL', region: 'EU-WEST', operator: { type: 'PARTNER', partnerKey: 'swiftlane' }, costPerUnit: 3.1, handlingDays: 2, dailyCapacity: 4000, active: true }),
  node({ code: '3PL-LEEDS', name: 'Swiftlane Leeds', kind: 'THREE_PL', region: 'UK', operator: { type: 'PARTNER', partnerKey: 'swiftlane' }, costPerUnit: 3.4, handlingDays: 2, dailyCapacity: 2500, active: true }),
  node({ code: 'DS-MERIDIAN', name: 'Meridian Makers drop-ship, Porto', kind: 'DROPSHIP', region: 'EU-SOUTH', operator: { type: 'PARTNER', partnerKey: 'meridian' }, costPerUnit: 4.8, handlingDays: 3, dailyCapacity: 600, active: true }),
];

export interface DemoSlaTarget {
  kpi: Kpi;
  target: number;
  direction: 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';
}

export interface DemoContract {
  id: string;
  key: string;
  partnerKey: string;
  brandSlug: string;
  capabilityScope: string[];
  slaTargets: DemoSlaTarget[];
  validFrom: string;
  validTo: string;
}

const logisticsSla: DemoSlaTarget[] = [
  { kpi: 'OTIF', target: 0.95, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'FILL_RATE', target: 0.98, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'ORDER_ACCURACY', target: 0.995, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'INVENTORY_ACCURACY', target: 0.99, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'ON_TIME_SHIP', target: 0.97, direction: 'HIGHER_IS_BETTER' },
  { kpi: 'DOCK_TO_STOCK_HOURS', target: 24, direction: 'LOWER_IS_BETTER' },
];

const contract = (c: Omit<DemoContract, 'id'>): DemoContract => ({ ...c, id: stableId(`contract:${c.key}`) });

export const DEMO_CONTRACTS: DemoContract[] = [
  contract({ key: 'swiftlane-northwind', partnerKey: 'swiftlane', brandSlug: 'northwind', capabilityScope: ['FULFILLMENT', 'INVENTORY'], slaTargets: logisticsSla, validFrom: '2025-01-01', validTo: '2027-12-31' }),
  contract({ key: 'swiftlane-halden', partnerKey: 'swiftlane', brandSlug: 'halden', capabilityScope: ['FULFILLMENT'], slaTargets: logisticsSla, validFrom: '2024-07-01', validTo: '2027-06-30' }),
  contract({ key: 'swiftlane-kestrel', partnerKey: 'swiftlane', brandSlug: 'kestrel', capabilityScope: ['FULFILLMENT'], slaTargets: logisticsSla, validFrom: '2025-04-01', validTo: '2028-03-31' }),
  contract({ key: 'meridian-tidepool', partnerKey: 'meridian', brandSlug: 'tidepool', capabilityScope: ['FULFILLMENT'],
    slaTargets: [{ kpi: 'OTIF', target: 0.92, direction: 'HIGHER_IS_BETTER' }, { kpi: 'ON_TIME_SHIP', target: 0.95, direction: 'HIGHER_IS_BETTER' }], validFrom: '2026-01-01', validTo: '2027-12-31' }),
  contract({ key: 'brightmark-halden', partnerKey: 'brightmark', brandSlug: 'halden', capabilityScope: ['PRODUCT_CONTENT', 'STOREFRONT'],
    slaTargets: [{ kpi: 'ORDER_ACCURACY', target: 0.99, direction: 'HIGHER_IS_BETTER' }], validFrom: '2025-09-01', validTo: '2030-08-31' }),
  contract({ key: 'marketa-kestrel', partnerKey: 'marketa', brandSlug: 'kestrel', capabilityScope: ['STOREFRONT'],
    slaTargets: [{ kpi: 'FILL_RATE', target: 0.97, direction: 'HIGHER_IS_BETTER' }, { kpi: 'ON_TIME_SHIP', target: 0.96, direction: 'HIGHER_IS_BETTER' }], validFrom: '2025-03-01', validTo: '2027-02-28' }),
  contract({ key: 'marketa-lumen', partnerKey: 'marketa', brandSlug: 'lumen', capabilityScope: ['STOREFRONT'],
    slaTargets: [{ kpi: 'FILL_RATE', target: 0.97, direction: 'HIGHER_IS_BETTER' }], validFrom: '2026-02-01', validTo: '2028-01-31' }),
  contract({ key: 'vellum-aurelia', partnerKey: 'vellum', brandSlug: 'aurelia', capabilityScope: ['PRODUCT_CONTENT'],
    slaTargets: [{ kpi: 'OTIF', target: 0.9, direction: 'HIGHER_IS_BETTER' }, { kpi: 'DOCK_TO_STOCK_HOURS', target: 48, direction: 'LOWER_IS_BETTER' }], validFrom: '2024-01-01', validTo: '2026-12-31' }),
];

export interface DemoSku {
  id: string;
  brandId: string;
  code: string;
  name: string;
  price: number;
  unitCost: number;
}

export interface DemoStock {
  skuId: string;
  nodeId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
}

export const SKUS_PER_BRAND = 50;
const VARIANTS = ['Ivory', 'Charcoal', 'Navy', 'Sage', 'Rust', 'Sand', 'Plum', 'Slate', 'Ochre', 'Moss'];

/** Deterministic pseudo-random numbers (mulberry32), so every seed of the demo is identical. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 50 SKUs per brand (300 in all) and their stock across the brand's network of nodes. */
export function demoCatalog(): { skus: DemoSku[]; stock: DemoStock[] } {
  const rnd = random(20261121);
  const nodeByCode = new Map(DEMO_NODES.map((n) => [n.code, n]));
  const skus: DemoSku[] = [];
  const stock: DemoStock[] = [];
  for (const b of DEMO_BRANDS) {
    for (let i = 0; i < SKUS_PER_BRAND; i++) {
      const product = b.products[i % b.products.length]!;
      const variant = VARIANTS[Math.floor(i / b.products.length) % VARIANTS.length]!;
      const code = `${b.skuPrefix}-${String(i + 1).padStart(3, '0')}`;
      const [lo, hi] = b.priceBand;
      const price = round2(lo + rnd() * (hi - lo));
      const unitCost = round2(price * (0.25 + rnd() * 0.35));
      const sku: DemoSku = { id: stableId(`sku:${code}`), brandId: b.id, code, name: `${product}, ${variant}`, price, unitCost };
      skus.push(sku);
      b.network.forEach((nodeCode, position) => {
        // The brand's first node always holds stock; the others hold most of the range.
        if (position > 0 && rnd() < 0.25) return;
        const onHand = Math.floor(rnd() * (position === 0 ? 240 : 120));
        const reserved = Math.min(onHand, Math.floor(rnd() * 8));
        const safetyStock = Math.floor(rnd() * 6);
        stock.push({ skuId: sku.id, nodeId: nodeByCode.get(nodeCode)!.id, onHand, reserved, safetyStock });
      });
    }
  }
  return { skus, stock };
}

export const brandIdBySlug = (slug: string): string => stableId(`brand:${slug}`);
export const partnerIdByKey = (key: string): string => stableId(`partner:${key}`);
