import { Stack, token } from './support/stack';

/**
 * Demand control: operations too deep, too wide or too expensive for the caller are refused before
 * planning — with their own code, the limit and the measured value — and no subgraph is asked
 * anything for them. What an executed operation cost is reported with it.
 */
let stack: Stack;
let storefront: string;
beforeAll(async () => {
  stack = await Stack.start();
  storefront = await token({ roles: ['storefront'], brands: ['halden'] });
  // The gateway reads the brand directory once; later requests ask subgraphs only for what they select.
  await stack.query('{ brands { slug } }', undefined, storefront);
});
afterAll(async () => {
  await stack?.stop();
});

const calls = () => Object.values(stack.received).reduce((n, list) => n + list.length, 0);

async function refused(query: string, as = storefront) {
  const before = calls();
  const response = await stack.query(query, undefined, as);
  expect(calls()).toBe(before);
  expect(response.data ?? null).toBeNull();
  expect(response.errors).toHaveLength(1);
  return response.errors![0]!;
}

const nest = (levels: number, leaf = 'code') =>
  Array.from({ length: levels }).reduce<string>((inner) => `brand { skus(first: 500) { nodes { ${inner} } } }`, leaf);

describe('refused before planning, no subgraph called', () => {
  it('the three-deep nesting of 500-SKU pages: COST_LIMIT_EXCEEDED with the estimate and the budget', async () => {
    const error = await refused(`{ brands { skus(first: 500) { nodes { ${nest(2)} } } } }`);
    expect(error.extensions).toMatchObject({ code: 'COST_LIMIT_EXCEEDED', budget: 5000 });
    expect(error.extensions!.estimatedCost).toBeGreaterThan(5000);
    expect(error.message).toMatch(/estimated cost is \d+, over your budget of 5000/);
  });

  it('1 000 aliases of brand → skus → stock: refused by its size before it is even parsed', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: brand(slug: "halden") { skus(first: 20) { nodes { stock { available } } } }`).join(' ');
    const error = await refused(`{ ${aliases} }`);
    expect(error.extensions).toMatchObject({ code: 'TOKEN_LIMIT_EXCEEDED', limit: 5000, measured: 25_002 });
  });

  it('1 000 aliases in a short document: ALIAS_LIMIT_EXCEEDED, saying 1000 against the limit', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: slug`).join(' ');
    const error = await refused(`{ brand(slug: "halden") { ${aliases} } }`);
    expect(error.extensions).toMatchObject({ code: 'ALIAS_LIMIT_EXCEEDED', measured: 1000, limit: 30 });
    expect(error.message).toMatch(/1000 aliases; at most 30/);
  });

  it('too deep: DEPTH_LIMIT_EXCEEDED', async () => {
    const deep = `{ brand(slug: "halden") { skus(first: 1) { nodes { ${nest(4).replace(/first: 500/g, 'first: 1')} } } } }`;
    const error = await refused(deep, await token({ roles: ['admin'] }));
    expect(error.extensions).toMatchObject({ code: 'DEPTH_LIMIT_EXCEEDED', limit: 12, measured: 16 });
  });

  it('too many root fields', async () => {
    const roots = Array.from({ length: 21 }, (_, i) => `c${i}: brands { slug }`).join(' ');
    expect((await refused(`{ ${roots} }`, await token({ roles: ['admin'] }))).extensions).toMatchObject({ code: 'ROOT_FIELD_LIMIT_EXCEEDED', measured: 21, limit: 20 });
  });

  it('too many directives on a field, under a gateway configured for at most one', async () => {
    const strict = await stack.startGateway({ gateway: { limits: { maxDepth: 12, maxAliases: 30, maxRootFields: 20, maxTokens: 5000, maxDirectivesPerField: 1 } } });
    try {
      const response = await fetch(strict.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${storefront}` },
        body: JSON.stringify({ query: '{ brands @include(if: true) @skip(if: false) { slug } }' }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as any).errors[0].extensions).toMatchObject({ code: 'DIRECTIVE_LIMIT_EXCEEDED', measured: 2, limit: 1 });
    } finally {
      await strict.stop();
    }
  });

  it('too many tokens: TOKEN_LIMIT_EXCEEDED, before the document is even parsed', async () => {
    const before = calls();
    const padding = Array.from({ length: 6000 }, () => 'slug').join(' ');
    const response = await stack.query(`{ brands { ${padding} } }`, undefined, storefront);
    expect(calls()).toBe(before);
    expect(response.status).toBe(400);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'TOKEN_LIMIT_EXCEEDED', limit: 5000, measured: 6005 });
  });
});

describe('within the budget', () => {
  it('a storefront’s page answers, with its estimated and actual cost in x-trellis-cost', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${storefront}` },
      body: JSON.stringify({ query: '{ brand(slug: "halden") { name skus(first: 20) { nodes { code stock { available node { code } } } } partners { name } } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    const header = response.headers.get('x-trellis-cost')!;
    const [, estimated, actual, budget] = /estimated=(\d+), actual=(\d+), budget=(\d+)/.exec(header)!.map(Number);
    expect(budget).toBe(5000);
    expect(actual).toBeGreaterThan(20);
    expect(actual).toBeLessThanOrEqual(estimated!);
  });

  it('the same expensive query is within an auditor’s larger budget', async () => {
    const query = '{ brands { skus(first: 50) { nodes { code stock { available } } } } }';
    const asStorefront = await stack.query(query, undefined, await token({ roles: ['storefront'], brands: ['halden', 'lumen'] }));
    expect(asStorefront.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');
    const asAuditor = await stack.query(query, undefined, await token({ roles: ['auditor'] }));
    expect(asAuditor.errors).toBeUndefined();
    expect(asAuditor.data.brands).toHaveLength(6);
  });
});
