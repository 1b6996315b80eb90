import { randomUUID } from 'node:crypto';
import type { Principal } from '../shared/src/auth/principal';
import { SIGNATURE_HEADER } from '../shared/src/auth/signing';
import { brandIdBySlug } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { startSubgraph, type RunningSubgraph } from '../shared/src/subgraph/server';
import { brandsSubgraph } from '../subgraphs/brands/src/subgraph';
import { inventorySubgraph } from '../subgraphs/inventory/src/subgraph';
import { Stack } from './support/stack';

/**
 * A subgraph answers the gateway's plain queries without Apollo Server's request pipeline
 * (`shared/src/subgraph/direct-execution.ts`). Whatever a request is, the answer must be the one
 * Apollo Server gives: the same requests go to each subgraph as it runs by default and to a second
 * instance on the same database with direct execution off, and status, content type and body must
 * be byte for byte the same.
 */
let stack: Stack;
const apolloOnly: Record<'brands' | 'inventory', RunningSubgraph | undefined> = { brands: undefined, inventory: undefined };

beforeAll(async () => {
  stack = await Stack.start();
  apolloOnly.brands = await startSubgraph(brandsSubgraph, { ...(await stack.subgraphOptions('brands')), databaseUrl: stack.databaseUrl('brands'), seed: false, directExecution: false });
  apolloOnly.inventory = await startSubgraph(inventorySubgraph, { ...(await stack.subgraphOptions('inventory')), databaseUrl: stack.databaseUrl('inventory'), seed: false, directExecution: false });
});

afterAll(async () => {
  await Promise.all(Object.values(apolloOnly).map((s) => s?.stop()));
  await stack?.stop();
});

const ADMIN: Principal = { sub: 'test:admin', roles: ['admin'], scopes: [], brands: '*', brandIds: '*' };
const STOREFRONT: Principal = { sub: 'test:storefront', roles: ['storefront'], scopes: [], brands: ['halden'], brandIds: [brandIdBySlug('halden')] };
const GATEWAY_ACCEPT = 'application/graphql-response+json, application/json';

async function ask(subgraph: RunningSubgraph, name: 'brands' | 'inventory', body: string, principal: Principal, accept: string | undefined) {
  const signature = await stack.signer.sign({ audience: name, method: 'POST', body, principal, requestId: randomUUID() });
  const response = await fetch(subgraph.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept === undefined ? {} : { accept }), [SIGNATURE_HEADER]: signature },
    body,
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

const halden = brandIdBySlug('halden');
const brandSku = (code: string) => stableId(`sku:${code}`);
const lumen = brandIdBySlug('lumen');
const entities = (selection: string) => `query($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } }`;

const CASES: [string, 'brands' | 'inventory', object, Principal?, string?][] = [
  ['a plain query', 'brands', { query: '{ brands { id slug name lifecycle } }' }],
  // The same text, now with an empty operation name: a name no operation has, not none.
  ['an empty operation name', 'brands', { query: '{ brands { id slug name lifecycle } }', operationName: '' }],
  ['a plain query, brand-scoped caller', 'brands', { query: '{ brands { id slug name } }' }, STOREFRONT],
  ['variables', 'brands', { query: 'query B($slug: String!) { brand(slug: $slug) { id name portfolioRole } }', variables: { slug: 'halden' } }],
  ['a null answer', 'brands', { query: 'query B($slug: String!) { brand(slug: $slug) { id } }', variables: { slug: 'no-such-brand' } }],
  ['variables that do not coerce', 'brands', { query: 'query B($slug: String!) { brand(slug: $slug) { id } }', variables: {} }],
  ['a validation error', 'brands', { query: '{ brand(slug: "halden") { nope } }' }],
  ['a parse error', 'brands', { query: '{ brand(slug: ' }],
  ['introspection', 'brands', { query: '{ __schema { queryType { name } } }' }],
  ['an unknown operation name', 'brands', { query: 'query A { brands { id } }', operationName: 'Z' }],
  ['two operations, one named', 'brands', { query: 'query A { brands { id } } query B { brands { slug } }', operationName: 'B' }],
  ['a resolver error with a code', 'brands', { query: '{ brand(slug: "halden") { portfolioLedger(first: 100000) { nodes { seq } } } }' }],
  ['a hostile argument', 'brands', { query: 'query B($slug: String!) { brand(slug: $slug) { id } }', variables: { slug: 'a\u0000b' } }],
  ['an entity fetch, with an unknown entity and one outside the caller’s brands', 'brands', { query: entities('... on Brand { id slug name }'), variables: { representations: [{ __typename: 'Brand', id: halden }, { __typename: 'Brand', id: randomUUID() }, { __typename: 'Brand', id: lumen }] } }, STOREFRONT],
  ['the storefront page', 'inventory', { query: entities('... on Brand { skus(first: 20) { totalCount nodes { code name available stock { available node { __typename id code kind } } } } }'), variables: { representations: [{ __typename: 'Brand', id: halden }] } }, STOREFRONT],
  ['a sensitive field, read with its scope (access-logged)', 'inventory', { query: '{ skuByCode(code: "HAL-001") { code unitCost } }' }],
  ['a sensitive field, read without its scope', 'inventory', { query: '{ skuByCode(code: "HAL-001") { code unitCost } }' }, STOREFRONT],
  ['a mutation that fails', 'inventory', { query: 'mutation { adjustStock(skuId: "00000000-0000-0000-0000-000000000000", nodeId: "00000000-0000-0000-0000-000000000000", delta: 1, reason: "parity") { onHand } }' }],
  [
    'a mutation with an input object variable that leaves out a defaulted field',
    'inventory',
    { query: 'mutation($input: RouteOrderInput!) { routeOrder(input: $input) { id } }', variables: { input: { brand: 'no-such-brand', orderRef: 'PARITY-1', lines: [{ skuId: '00000000-0000-0000-0000-000000000000', quantity: 1 }], destinationRegion: 'EU-CENTRAL' } } },
  ],
  ['a mutation whose variables do not coerce', 'inventory', { query: 'mutation($d: Int!) { adjustStock(skuId: "00000000-0000-0000-0000-000000000000", nodeId: "00000000-0000-0000-0000-000000000000", delta: $d, reason: "parity") { onHand } }', variables: { d: 'x' } }],
  ['no accept header', 'brands', { query: '{ brands { id } }' }, ADMIN, ''],
  ['accept: */*', 'brands', { query: '{ brands { id } }' }, ADMIN, '*/*'],
  ['accept: application/json', 'brands', { query: '{ brands { id } }' }, ADMIN, 'application/json'],
];

/** What some answers must hold, so that the comparison is not between two empty answers. */
const HOLDS: Record<string, RegExp> = {
  'variables that do not coerce': /BAD_USER_INPUT/,
  'a validation error': /GRAPHQL_VALIDATION_FAILED/,
  'a resolver error with a code': /BAD_USER_INPUT/,
  'a hostile argument': /BAD_USER_INPUT/,
  'an entity fetch, with an unknown entity and one outside the caller’s brands': /"slug":"halden"/,
  'the storefront page': /"code":"HAL-001"/,
  'a sensitive field, read with its scope (access-logged)': /"unitCost":\d/,
  'a sensitive field, read without its scope': /UNAUTHORIZED_FIELD_OR_TYPE/,
  'a mutation that fails': /NOT_FOUND/,
  'a mutation with an input object variable that leaves out a defaulted field': /no-such-brand/,
  'a mutation whose variables do not coerce': /BAD_USER_INPUT/,
};

it.each(CASES)('%s: the same answer as Apollo Server', async (what, name, body, principal = ADMIN, accept = GATEWAY_ACCEPT) => {
  const text = JSON.stringify(body);
  const header = accept === '' ? undefined : accept;
  const expected = await ask(apolloOnly[name]!, name, text, principal, header);
  const actual = await ask(stack.subgraphs[name], name, text, principal, header);
  expect(actual).toEqual(expected);
  if (HOLDS[what]) expect(actual.body).toMatch(HOLDS[what]!);
});

it('runs a mutation directly once, and answers its replay as Apollo Server does: 401, nothing changed', async () => {
  const sku = brandSku('HAL-001');
  const [position] = await stack.subgraphs.inventory.dataSource.query('SELECT node_id, on_hand FROM stock_position WHERE sku_id = $1 LIMIT 1', [sku]);
  const mutation = (subgraph: RunningSubgraph, ref: string) => async () => {
    const body = JSON.stringify({ query: `mutation { adjustStock(skuId: "${sku}", nodeId: "${position.node_id}", delta: 1, reason: "parity ${ref}") { onHand } }` });
    const signature = await stack.signer.sign({ audience: 'inventory', method: 'POST', body, principal: ADMIN, requestId: randomUUID() });
    const send = async () => {
      const response = await fetch(subgraph.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: GATEWAY_ACCEPT, [SIGNATURE_HEADER]: signature }, body });
      return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
    };
    return [await send(), await send()];
  };
  const [directFirst, directReplay] = await mutation(stack.subgraphs.inventory, 'direct')();
  const [apolloFirst, apolloReplay] = await mutation(apolloOnly.inventory!, 'apollo')();
  expect(JSON.parse(directFirst!.body).data.adjustStock.onHand).toBe(position.on_hand + 1);
  expect(JSON.parse(apolloFirst!.body).data.adjustStock.onHand).toBe(position.on_hand + 2);
  expect(directReplay).toEqual(apolloReplay);
  expect(directReplay!.status).toBe(401);
  const [after] = await stack.subgraphs.inventory.dataSource.query('SELECT on_hand FROM stock_position WHERE sku_id = $1 AND node_id = $2', [sku, position.node_id]);
  expect(after.on_hand).toBe(position.on_hand + 2);
});

it('answers the plain queries directly and the rest through Apollo Server', async () => {
  const counts = async () => {
    const text = await (await fetch(stack.subgraphs.brands.url.replace(/\/graphql$/, '/metrics'))).text();
    const count = (pipeline: string) => Number(new RegExp(`trellis_graphql_pipeline_requests_total\\{pipeline="${pipeline}"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? 0);
    return { direct: count('direct'), apollo: count('apollo') };
  };
  const before = await counts();
  await ask(stack.subgraphs.brands, 'brands', JSON.stringify({ query: '{ brands { id } }' }), ADMIN, GATEWAY_ACCEPT);
  await ask(stack.subgraphs.brands, 'brands', JSON.stringify({ query: '{ brand(slug: ' }), ADMIN, GATEWAY_ACCEPT);
  const after = await counts();
  expect(after).toEqual({ direct: before.direct + 1, apollo: before.apollo + 1 });
});

it('writes an access-log record for a sensitive read answered directly', async () => {
  const before = await stack.subgraphs.inventory.dataSource.query('SELECT count(*)::int AS n FROM access_log');
  const answer = await ask(stack.subgraphs.inventory, 'inventory', JSON.stringify({ query: '{ skuByCode(code: "HAL-002") { code unitCost } }' }), ADMIN, GATEWAY_ACCEPT);
  expect(JSON.parse(answer.body).data.skuByCode.unitCost).toEqual(expect.any(Number));
  const after = await stack.subgraphs.inventory.dataSource.query('SELECT count(*)::int AS n FROM access_log');
  expect(after[0].n).toBe(before[0].n + 1);
});
