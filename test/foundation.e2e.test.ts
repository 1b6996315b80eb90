import { createLogger } from '../shared/src/logger';
import { statementCount } from '../shared/src/db/data-source';
import { DEMO_BRANDS, SKUS_PER_BRAND } from '../shared/src/demo/portfolio';
import { seedBrands } from '../subgraphs/brands/src/seed';
import { Stack, token } from './support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await Stack.start();
});

afterAll(async () => {
  await stack?.stop();
});

const PORTFOLIO = /* GraphQL */ `
  query Portfolio($first: Int!) {
    brands {
      slug
      portfolioRole
      lifecycle
      skus(first: $first) {
        totalCount
        nodes {
          code
          available
          stock { available onHand reserved safetyStock node { code kind } }
        }
      }
      partners { name kind }
    }
  }
`;

describe('the federated graph', () => {
  it('returns the demo brands with availability per node (inventory) and partners (partners) in one operation', async () => {
    const { status, data, errors } = await stack.query(PORTFOLIO, { first: SKUS_PER_BRAND });
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    expect(data.brands).toHaveLength(DEMO_BRANDS.length);

    const halden = data.brands.find((b: any) => b.slug === 'halden');
    expect(halden).toMatchObject({ portfolioRole: 'HERITAGE', lifecycle: 'DECLINING' });
    expect(halden.partners.map((p: any) => p.name).sort()).toEqual(['Brightmark Licensing', 'Swiftlane Logistics']);

    const skus = data.brands.flatMap((b: any) => b.skus.nodes);
    expect(skus).toHaveLength(300);
    for (const sku of skus) {
      expect(sku.stock.length).toBeGreaterThan(0);
      for (const p of sku.stock) expect(p.available).toBe(Math.max(0, p.onHand - p.reserved - p.safetyStock));
      expect(sku.available).toBe(sku.stock.reduce((sum: number, p: any) => sum + p.available, 0));
    }
    const kinds = new Set(skus.flatMap((s: any) => s.stock.map((p: any) => p.node.kind)));
    expect([...kinds].sort()).toEqual(['DROPSHIP', 'STORE', 'THREE_PL', 'WAREHOUSE']);
  });

  it('resolves a partner-run node to its operator across subgraphs', async () => {
    const { data, errors } = await stack.query(`{
      brand(slug: "northwind") { fulfillmentNodes { code operatorType operator { name kind } operatorBrand { slug } } }
    }`);
    expect(errors).toBeUndefined();
    const byCode = Object.fromEntries(data.brand.fulfillmentNodes.map((n: any) => [n.code, n]));
    expect(byCode['3PL-ROTTERDAM']).toMatchObject({ operatorType: 'PARTNER', operator: { name: 'Swiftlane Logistics', kind: 'THREE_PL' } });
    expect(byCode['WH-NORTH']).toMatchObject({ operatorType: 'BRAND', operator: null, operatorBrand: { slug: 'northwind' } });
    expect(byCode['WH-CENTRAL']).toMatchObject({ operatorType: 'PLATFORM', operator: null, operatorBrand: null });
  });

  it('answers a malformed id like an unknown one: null, not an internal error', async () => {
    const { data, errors } = await stack.query(
      '{ sku(id: "abc") { code } fulfillmentNode(id: "abc") { code } partner(id: "abc") { name } contract(id: "abc") { id } routingDecision(id: "abc") { id } operatingModelDecision(id: "abc") { id } }',
    );
    expect(errors).toBeUndefined();
    expect(Object.values(data)).toEqual([null, null, null, null, null, null]);
  });

  it('answers an unknown brand with null, not an error', async () => {
    const { data, errors } = await stack.query('{ brand(slug: "no-such-brand") { name } }');
    expect(errors).toBeUndefined();
    expect(data.brand).toBeNull();
  });
});

describe('batching', () => {
  /** Statements each subgraph sends to PostgreSQL while the gateway runs one operation. */
  async function statementsFor(query: string, variables?: Record<string, unknown>) {
    const before = Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, statementCount(s.dataSource)]));
    const { errors } = await stack.query(query, variables);
    expect(errors).toBeUndefined();
    return Object.fromEntries(Object.entries(stack.subgraphs).map(([n, s]) => [n, statementCount(s.dataSource) - before[n]!]));
  }

  const DEEP = /* GraphQL */ `
    query Deep($first: Int!) {
      brands {
        slug
        skus(first: $first) { nodes { code available stock { available node { code operator { name } } } brand { name } } }
        partners { name contracts { capabilityScope brand { slug } } }
        contracts { partner { name } }
        fulfillmentNodes { code operator { name } }
      }
    }
  `;

  it('costs a small constant number of SQL statements for the whole portfolio', async () => {
    const counts = await statementsFor(DEEP, { first: SKUS_PER_BRAND });
    const total = counts.brands! + counts.inventory! + counts.partners!;
    expect(total).toBeLessThanOrEqual(14);
  });

  it('costs the same whether one brand or all of them are asked for', async () => {
    const one = await statementsFor(DEEP.replace('brands {', 'brands: brand(slug: "halden") {'), { first: SKUS_PER_BRAND });
    const all = await statementsFor(DEEP, { first: SKUS_PER_BRAND });
    expect(all).toEqual(one);
  });
});

describe('entity fetches', () => {
  it('ask a subgraph for each distinct entity once, however often it occurs in the answer', async () => {
    const before = stack.receivedRepresentations.partners.length;
    const { data, errors } = await stack.query(`{ brand(slug: "halden") { skus(first: 20) { nodes { code stock { node { code operator { name } } } } } } }`);
    expect(errors).toBeUndefined();
    const stock = data.brand.skus.nodes.flatMap((s: any) => s.stock);
    const nodes = new Set(stock.map((p: any) => p.node.code));
    // Every stock row names its node's operator (or none), as if each had been fetched on its own…
    expect(stock.length).toBeGreaterThan(nodes.size);
    for (const p of stock) expect(p.node).toHaveProperty('operator');
    const operators = new Map(stock.map((p: any) => [p.node.code, JSON.stringify(p.node.operator)]));
    for (const p of stock) expect(JSON.stringify(p.node.operator)).toBe(operators.get(p.node.code));
    // …but the partners subgraph was asked for each node once.
    const sent = stack.receivedRepresentations.partners.slice(before).filter((r) => r.length > 0);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(nodes.size);
    expect(new Set(sent[0]!.map((r) => JSON.stringify(r))).size).toBe(nodes.size);
  });
});

describe('fetch batching', () => {
  const STOREFRONT = `{ brand(slug: "halden") { name skus(first: 20) { nodes { code stock { available node { code operator { name } } } } } partners { name kind } } }`;

  it('asks partners once for the brand’s partners and the nodes’ operators, with the answer of one request each', async () => {
    const before = stack.received.partners.length;
    const batched = await stack.query(STOREFRONT);
    expect(batched.errors).toBeUndefined();
    const asked = stack.received.partners.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/_0__entities/);
    expect(asked[0]).toMatch(/_1__entities/);

    const unbatched = await stack.startGateway({ gateway: { batchFetches: false } });
    try {
      const admin = await token({ roles: ['admin'] });
      const fromBefore = stack.received.partners.length;
      const response = await fetch(unbatched.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: STOREFRONT }) });
      const separate = (await response.json()) as { data: unknown };
      expect(stack.received.partners.length - fromBefore).toBe(2);
      expect(separate.data).toEqual(batched.data);
    } finally {
      await unbatched.stop();
    }
  });
});

describe('Brand.skus pagination', () => {
  const PAGE = `query($after: String) { brand(slug: "lumen") { skus(first: 20, after: $after) {
    totalCount edges { cursor node { code } } nodes { code } pageInfo { hasNextPage endCursor } } } }`;

  it('walks every SKU of a brand once, in code order', async () => {
    const codes: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { data, errors }: any = await stack.query(PAGE, { after });
      expect(errors).toBeUndefined();
      const { skus } = data.brand;
      expect(skus.totalCount).toBe(SKUS_PER_BRAND);
      expect(skus.nodes.map((n: any) => n.code)).toEqual(skus.edges.map((e: any) => e.node.code));
      codes.push(...skus.nodes.map((n: any) => n.code));
      if (!skus.pageInfo.hasNextPage) break;
      after = skus.pageInfo.endCursor;
    }
    expect(codes).toHaveLength(SKUS_PER_BRAND);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(SKUS_PER_BRAND);
  });

  it.each([
    ['a page size of 0', '{ brand(slug: "lumen") { skus(first: 0) { totalCount } } }'],
    ['a page size above the limit', '{ brand(slug: "lumen") { skus(first: 501) { totalCount } } }'],
    ['a cursor that is not one', '{ brand(slug: "lumen") { skus(after: "bogus") { totalCount } } }'],
  ])('refuses %s with BAD_USER_INPUT', async (_what, query) => {
    const { errors } = await stack.query(query);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('health and readiness', () => {
  it('answers /healthz and /readyz while everything is up', async () => {
    expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${stack.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('keeps serving when a subgraph dies, names it, and recovers when it is back', async () => {
    await stack.stopSubgraph('inventory');

    const notReady = await fetch(`${stack.baseUrl}/readyz`);
    expect(notReady.status).toBe(503);
    const body: any = await notReady.json();
    expect(body.subgraphs).toContainEqual(expect.objectContaining({ name: 'inventory', ok: false }));
    expect((await fetch(`${stack.baseUrl}/healthz`)).status).toBe(200);

    const onlyOthers = await stack.query('{ brands { slug partners { name } } }');
    expect(onlyOthers.errors).toBeUndefined();
    expect(onlyOthers.data.brands).toHaveLength(DEMO_BRANDS.length);

    const needsInventory = await stack.query('{ brands { slug skus { totalCount } } }');
    expect(needsInventory.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'inventory' });
    expect(needsInventory.errors?.[0]?.message).toContain('inventory');

    await stack.restartSubgraph('inventory');
    expect((await fetch(`${stack.baseUrl}/readyz`)).status).toBe(200);
    const recovered = await stack.query('{ brands { slug skus { totalCount } } }');
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data.brands.map((b: any) => b.skus.totalCount)).toEqual(DEMO_BRANDS.map(() => SKUS_PER_BRAND));
  });
});

describe('the demo seed', () => {
  it('runs once: seeding again changes nothing', async () => {
    const { dataSource } = stack.subgraphs.brands;
    const [{ count: before }] = await dataSource.query('SELECT count(*)::int AS count FROM brand');
    await seedBrands(dataSource, createLogger('brands', 'silent'));
    const [{ count: after }] = await dataSource.query('SELECT count(*)::int AS count FROM brand');
    expect(after).toBe(before);
  });
});
