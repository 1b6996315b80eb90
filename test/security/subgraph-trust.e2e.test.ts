import { mintServiceAssertion } from '../../shared/src/auth/service-identity';
import { RequestSigner, SIGNATURE_HEADER } from '../../shared/src/auth/signing';
import { demoCatalog, DEMO_BRANDS, DEMO_NODES, partnerIdByKey } from '../../shared/src/demo/portfolio';
import type { RunningSubgraph } from '../../shared/src/subgraph/server';
import { Stack, testSigningKey, token } from '../support/stack';
import type { TappedRequest } from '../support/tap';

/**
 * Subgraph trust under attack: every request the gateway sends a subgraph is signed for that
 * subgraph, that body and that moment, and a mutation runs once. Requests are captured on the wire
 * (a proxy the gateway routes through, as a malicious routing URL would) and replayed: with another
 * body, to another subgraph, a second time, to another instance. All of it is refused with 401 and
 * nothing changes.
 */
let stack: Stack;
let second: RunningSubgraph | undefined;
beforeAll(async () => {
  stack = await Stack.start({ tap: ['inventory', 'brands'] });
});
afterAll(async () => {
  await second?.stop();
  await stack?.stop();
});

const halden = DEMO_BRANDS.find((b) => b.slug === 'halden')!;
const sku = demoCatalog().skus.find((s) => s.brandId === halden.id)!;
const london = DEMO_NODES.find((n) => n.code === 'ST-LONDON')!;
const ADJUST = `mutation { adjustStock(skuId: "${sku.id}", nodeId: "${london.id}", delta: 1, reason: "captured") { onHand } }`;

const replay = (to: string, captured: TappedRequest, body: string | Buffer = captured.body) =>
  fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: String(captured.headers[SIGNATURE_HEADER]) }, body });

async function state() {
  const { data } = await stack.query(
    `{ sku(id: "${sku.id}") { stock { node { code } onHand } } inventoryLedger { length } portfolioLedger { length } partnerLedger { length } }`,
  );
  return data;
}

describe('a captured signed request', () => {
  let query: TappedRequest;
  beforeAll(async () => {
    const admin = await token({ roles: ['admin'], sub: 'ada@admin' });
    const answer = await stack.query(`{ sku(id: "${sku.id}") { code unitCost } }`, undefined, admin);
    expect(answer.errors).toBeUndefined();
    query = stack.taps.inventory!.last(/unitCost/);
  });

  it('carries one signature header and nothing a subgraph would take on trust besides', () => {
    expect(query.headers[SIGNATURE_HEADER]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(Object.keys(query.headers).filter((h) => h.startsWith('x-trellis'))).toEqual([SIGNATURE_HEADER]);
  });

  it('is refused with another body: 401, nothing changes, no ledger entry', async () => {
    const before = await state();
    for (const body of [JSON.stringify({ query: ADJUST }), JSON.stringify({ query: '{ inventoryAccessLog(first: 5) { subject } }' })]) {
      const response = await replay(stack.subgraphs.inventory.url, query, body);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    expect(await state()).toEqual(before);
  });

  it('is refused by every other subgraph, whatever the body', async () => {
    for (const target of [stack.subgraphs.brands, stack.subgraphs.partners]) {
      const same = await replay(target.url, query);
      expect(same.status).toBe(401);
      const other = await replay(target.url, query, JSON.stringify({ query: `mutation { setPartnerStatus(partnerId: "${partnerIdByKey('marketa')}", status: PROBATION, reason: "x") { status } }` }));
      expect(other.status).toBe(401);
    }
  });
});

describe('a captured signed mutation', () => {
  it('runs once: replayed as it was, to the same or another instance, it is refused with 401', async () => {
    const ops = await token({ roles: ['operations'], sub: 'otto@ops' });
    const first = await stack.query(ADJUST, undefined, ops);
    expect(first.errors).toBeUndefined();
    const captured = stack.taps.inventory!.last(/adjustStock/);
    const before = await state();

    const again = await replay(stack.subgraphs.inventory.url, captured);
    expect(again.status).toBe(401);
    expect(((await again.json()) as any).errors[0].message).toMatch(/already executed/);

    second = await stack.startInstance('inventory');
    const elsewhere = await replay(second.url, captured);
    expect(elsewhere.status).toBe(401);

    expect(await state()).toEqual(before);
  });

  it('is refused at once when its signature is stale, even though never used', async () => {
    const body = JSON.stringify({ query: ADJUST });
    const old = await stack.signer.sign(
      { audience: 'inventory', method: 'POST', body, principal: { sub: 'x', roles: ['admin'], scopes: [], brands: '*', brandIds: '*' }, requestId: 'r' },
      Date.now() - 120_000,
    );
    const before = await state();
    const response = await fetch(stack.subgraphs.inventory.url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: old }, body });
    expect(response.status).toBe(401);
    expect(await state()).toEqual(before);
  });
});

describe('what a subgraph reads before the signature', () => {
  it('refuses a body over its limit with 413, before checking any signature, and still answers afterwards', async () => {
    const url = stack.subgraphs.brands.url;
    const huge = JSON.stringify({ query: '{ brands { slug } }', variables: { x: 'x'.repeat(2 * 1024 * 1024 + 1) } });
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    // A body that does not parse is judged only once it is signed: unsigned, it is a 401.
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(unsigned.status).toBe(401);
    const body = '{not json';
    const signature = await stack.signer.sign({ audience: 'brands', method: 'POST', body, principal: { sub: 'x', roles: ['admin'], scopes: [], brands: '*', brandIds: '*' }, requestId: 'r' });
    const malformed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
    const { errors } = await stack.query('{ brands { slug } }');
    expect(errors).toBeUndefined();
  });
});

describe('keys', () => {
  const body = JSON.stringify({ query: '{ brands { slug } }' });
  const admin = { sub: 'mallory', roles: ['admin'], scopes: [], brands: '*' as const, brandIds: '*' as const };

  it('a subgraph refuses a request signed with any key but the gateway’s — including a subgraph’s own service key', async () => {
    const serviceKey = stack.serviceKeys.get('inventory')!;
    for (const key of [serviceKey, await testSigningKey()]) {
      const signature = await new RequestSigner(key).sign({ audience: 'brands', method: 'POST', body, principal: admin, requestId: 'r' });
      const response = await fetch(stack.subgraphs.brands.url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
      expect(response.status).toBe(401);
    }
  });

  it('a subgraph’s service identity reads the graph with its own scopes only, never as a person', async () => {
    const assertion = await mintServiceAssertion({ service: 'inventory', key: stack.serviceKeys.get('inventory')! }, 'trellis');
    const read = await stack.query('{ brands { slug } }', undefined, assertion);
    expect(read.data.brands.length).toBe(DEMO_BRANDS.length);
    // Inventory reads contract fees and showback costs for the cost to serve (SERVICE_SCOPES), nothing more.
    const fees = await stack.query('{ brand(slug: "halden") { contracts { fees { monthlyFee } } } }', undefined, assertion);
    expect(fees.errors).toBeUndefined();
    const denied = await stack.query('{ portfolioLedger { length } inventoryAccessLog(first: 1) { coordinate } }', undefined, assertion);
    expect(denied.errors?.map((e) => e.extensions?.coordinate)).toEqual(['Query.portfolioLedger', 'Query.inventoryAccessLog']);
    const write = await stack.query(ADJUST, undefined, assertion);
    expect(write.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
  });

  it('a service assertion signed by another service’s key, or an unknown service, is refused: 401', async () => {
    const forged = await mintServiceAssertion({ service: 'partners', key: stack.serviceKeys.get('inventory')! }, 'trellis');
    expect((await stack.query('{ brands { slug } }', undefined, forged)).status).toBe(401);
    const stranger = await mintServiceAssertion({ service: 'stranger', key: await testSigningKey() }, 'trellis');
    expect((await stack.query('{ brands { slug } }', undefined, stranger)).status).toBe(401);
  });
});
