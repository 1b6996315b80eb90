import { randomUUID } from 'node:crypto';
import type { Principal } from '../../shared/src/auth/principal';
import { SIGNATURE_HEADER } from '../../shared/src/auth/signing';
import { DEMO_CONTRACTS, DEMO_NODES } from '../../shared/src/demo/portfolio';
import { stableId } from '../../shared/src/demo/stable-id';
import { encodeCursor } from '../../shared/src/graphql/cursor';
import { exportLedgers } from '../../scripts/audit/export-ledgers';
import { Stack, token, type GraphQLResponse } from '../support/stack';

/**
 * Hostile input through the real gateway and subgraphs: values PostgreSQL cannot store unchanged,
 * invisible or huge text, numbers that overflow their column, bad custom-scalar values, forged
 * cursors, unreadable bodies. Each is refused with a stable code naming the argument, changes
 * nothing, leaves every ledger chain verifying, and leaks no stack trace or file path.
 */
let stack: Stack;
let operations: string;
let auditor: string;
const SKU = stableId('sku:HAL-001');
const NODE = DEMO_NODES.find((n) => n.code === 'ST-LONDON')!.id;
const CONTRACT = DEMO_CONTRACTS.find((c) => c.key === 'swiftlane-halden')!.id;

beforeAll(async () => {
  stack = await Stack.start();
  operations = await token({ roles: ['operations'], sub: 'frank@ops' });
  auditor = await token({ roles: ['auditor'], sub: 'dave@audit' });
});
afterAll(async () => {
  await stack?.stop();
});

/** Everything a refused change must leave as it was: the stock position and the length of every ledger. */
async function state() {
  const [{ on_hand: onHand }] = await stack.subgraphs.inventory.dataSource.query('SELECT on_hand FROM stock_position WHERE sku_id = $1 AND node_id = $2', [SKU, NODE]);
  const { data } = await stack.query('{ p: portfolioLedger { length } i: inventoryLedger { length } q: partnerLedger { length } }', undefined, auditor);
  const contracts = await stack.subgraphs.partners.dataSource.query('SELECT count(*)::int AS n FROM contract');
  return { onHand, ledgers: [data.p.length, data.i.length, data.q.length], contracts: contracts[0].n };
}

async function everyChainVerifies() {
  const { data, errors } = await stack.query(
    '{ p: portfolioLedger { verify { ok firstBrokenSeq } } i: inventoryLedger { verify { ok firstBrokenSeq } } q: partnerLedger { verify { ok firstBrokenSeq } } }',
    undefined,
    auditor,
  );
  expect(errors).toBeUndefined();
  for (const v of [data.p.verify, data.i.verify, data.q.verify]) expect(v).toEqual({ ok: true, firstBrokenSeq: null });
}

/** No stack frame, no file path, no SQL in any response. */
function expectNoLeak(response: unknown) {
  const text = JSON.stringify(response);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\/srv\/|\.(ts|js):\d+|stacktrace|QueryFailedError|SELECT |INSERT /);
}

const refusal = (response: GraphQLResponse) => ({ code: response.errors?.[0]?.extensions?.code, field: response.errors?.[0]?.extensions?.field });

const ADJUST_LITERAL = (reason: string, delta = 1) => `mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: ${delta}, reason: ${reason}) { onHand } }`;
const ADJUST_VARIABLES = 'mutation($sku: ID!, $node: ID!, $delta: Int!, $reason: String!) { adjustStock(skuId: $sku, nodeId: $node, delta: $delta, reason: $reason) { onHand } }';
const adjust = (reason: string, delta = 1) => stack.query(ADJUST_VARIABLES, { sku: SKU, node: NODE, delta, reason }, operations);

describe('adjustStock with hostile input changes nothing and names the argument', () => {
  const MEGABYTE = 'x'.repeat(1_000_000);

  it.each([
    ['a lone high surrogate', () => adjust('Count \ud800'), 'BAD_USER_INPUT', 'reason'],
    ['a lone low surrogate at the end', () => adjust('Count \udc00'), 'BAD_USER_INPUT', 'reason'],
    ['NUL, through a variable', () => adjust('Count\u0000'), 'BAD_USER_INPUT', 'reason'],
    ['NUL, as a literal', () => stack.query(ADJUST_LITERAL('"Count\\u0000"'), undefined, operations), 'BAD_USER_INPUT', 'reason'],
    ['only zero-width spaces, through a variable', () => adjust('\u200b\u200b\u200b'), 'REASON_REQUIRED', 'reason'],
    ['only zero-width spaces, as a literal', () => stack.query(ADJUST_LITERAL('"\\u200b\\u200b"'), undefined, operations), 'REASON_REQUIRED', 'reason'],
    ['only invisible format characters', () => adjust('\u200e\u200f\ufeff\u2060 \u3164'), 'REASON_REQUIRED', 'reason'],
    ['a 1 MB reason, through a variable', () => adjust(MEGABYTE), 'BAD_USER_INPUT', 'reason'],
    ['a 1 MB reason, as a literal', () => stack.query(ADJUST_LITERAL(`"${MEGABYTE}"`), undefined, operations), 'BAD_USER_INPUT', 'reason'],
    ['a reason just over 2000 characters', () => adjust('y'.repeat(2001)), 'BAD_USER_INPUT', 'reason'],
    ['delta 2147483647, through a variable', () => adjust('Receipt', 2147483647), 'BAD_USER_INPUT', 'delta'],
    ['delta 2147483647, as a literal', () => stack.query(ADJUST_LITERAL('"Receipt"', 2147483647), undefined, operations), 'BAD_USER_INPUT', 'delta'],
  ])('%s', async (_what, send, code, field) => {
    const before = await state();
    const response = await send();
    expect(refusal(response)).toEqual({ code, field });
    expect(response.errors![0]!.message).toMatch(new RegExp(`^${field}: `));
    expectNoLeak(response);
    expect(await state()).toEqual(before);
  });

  it('never sends a 1 MB value to a subgraph', async () => {
    const calls = stack.received.inventory.length;
    expect(refusal(await adjust(MEGABYTE))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(stack.received.inventory.length).toBe(calls);
  });

  it('says the limits it applies', async () => {
    expect((await adjust(MEGABYTE)).errors![0]!.message).toMatch(/longer than 10000 characters/);
    expect((await adjust('y'.repeat(2001))).errors![0]!.message).toMatch(/at most 2000 characters/);
    expect((await adjust('Receipt', 2147483647)).errors![0]!.message).toMatch(/2147483647 units a position can hold/);
  });

  it('refuses a lone surrogate in a literal at parsing: a GraphQL string cannot hold one', async () => {
    const before = await state();
    for (const literal of ['"\\ud800"', '"Count \ud800"']) {
      const response = await stack.query(ADJUST_LITERAL(literal), undefined, operations);
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expectNoLeak(response);
    }
    expect(await state()).toEqual(before);
  });

  it('still accepts real text of every script, and the chain stays whole', async () => {
    const response = await adjust('Zählung: 3 beschädigt — 盘点 — جرد 😀 e\u0301 \u2028 done');
    expect(response.errors).toBeUndefined();
    await everyChainVerifies();
  });
});

describe('nested input', () => {
  it('names the path inside an input object and a list', async () => {
    const ROUTE = 'mutation($input: RouteOrderInput!) { routeOrder(input: $input) { id } }';
    const line = { skuId: SKU, quantity: 1 };
    const before = await state();
    const nul = await stack.query(ROUTE, { input: { brand: 'halden', orderRef: 'HOSTILE-1\u0000', lines: [line], destinationRegion: 'UK' } }, operations);
    expect(refusal(nul)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.orderRef' });
    const deep = await stack.query(ROUTE, { input: { brand: 'halden', orderRef: 'HOSTILE-2', lines: [line, { skuId: '\udfff', quantity: 1 }], destinationRegion: 'UK' } }, operations);
    expect(refusal(deep)).toEqual({ code: 'BAD_USER_INPUT', field: 'input.lines[1].skuId' });
    expect(await state()).toEqual(before);
  });

  it('refuses a Float literal that is not a finite number instead of failing to plan it', async () => {
    const response = await stack.query(`mutation { recordPerformance(contractId: "${CONTRACT}", period: "2026-06", actuals: [{ kpi: OTIF, value: 1e400 }]) { id } }`, undefined, operations);
    expect(response.status).toBe(400);
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'actuals[0].value' });
  });
});

describe('bad custom-scalar values are BAD_USER_INPUT naming the argument, not SUBGRAPH_UNAVAILABLE', () => {
  it.each([
    ['a literal', () => stack.query('{ nodeUtilisation(day: "2026-13-45") { day } }')],
    ['a variable', () => stack.query('query($day: Date) { nodeUtilisation(day: $day) { day } }', { day: '2026-13-45' })],
    ['a variable of the wrong type', () => stack.query('query($day: Date) { nodeUtilisation(day: $day) { day } }', { day: 20260101 })],
    ['year 0000, which the scalar takes and PostgreSQL does not', () => stack.query('{ nodeUtilisation(day: "0000-01-01") { day } }')],
    ['a field argument', () => stack.query('{ fulfillmentNodes { utilisation(day: "2026-02-30") { day } } }')],
  ])('%s', async (_what, send) => {
    const response = await send();
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'day' });
    expect(response.errors![0]!.message).toMatch(/^day: /);
    expectNoLeak(response);
  });

  it('names the path inside an input object, and the contract stays as it was', async () => {
    const before = await state();
    const response = await stack.query(
      'mutation($changes: ContractChangesInput!) { amendContract(contractId: "' + CONTRACT + '", changes: $changes, reason: "Extend") { id } }',
      { changes: { validTo: '2026-02-30' } },
      operations,
    );
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'changes.validTo' });
    const literal = await stack.query(`mutation { amendContract(contractId: "${CONTRACT}", changes: { validFrom: "2026-99-01" }, reason: "Extend") { id } }`, undefined, operations);
    expect(refusal(literal)).toEqual({ code: 'BAD_USER_INPUT', field: 'changes.validFrom' });
    expect(await state()).toEqual(before);
  });

  it('a bad DateTime filter too', async () => {
    const response = await stack.query('{ inventoryLedger { entries(from: "2026-13-01T00:00:00Z") { nodes { seq } } } }', undefined, auditor);
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  });
});

describe('other input that used to reach SQL and fail there', () => {
  it('a contract term too large to compute a date from', async () => {
    const before = await state();
    const response = await stack.query(
      `mutation { amendContract(contractId: "${CONTRACT}", changes: { exitTerms: { noticeDays: 2147483647, cureDays: 30, transitionDays: 30 } }, reason: "x") { id } }`,
      undefined,
      operations,
    );
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'exitTerms.noticeDays' });
    expect(await state()).toEqual(before);
  });

  it.each([
    ['a ledger cursor that is not a position', '{ inventoryLedger { entries(after: "CURSOR") { nodes { seq } } } }', encodeCursor('ledger', 'abc')],
    ['a ledger cursor beyond any position', '{ inventoryLedger { entries(after: "CURSOR") { nodes { seq } } } }', encodeCursor('ledger', '99999999999999999999')],
    ['a brand ledger cursor', '{ brand(slug: "halden") { inventoryLedger(after: "CURSOR") { nodes { seq } } } }', encodeCursor('ledger', '1 OR 1=1')],
    ['a SKU cursor hiding NUL', '{ brand(slug: "halden") { skus(after: "CURSOR") { totalCount } } }', encodeCursor('sku', 'HAL\u0000')],
  ])('%s', async (_what, query, cursor) => {
    const response = await stack.query(query.replace('CURSOR', cursor), undefined, auditor);
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expectNoLeak(response);
  });

  it.each([
    ['a slug', '{ brand(slug: "halden\\u0000") { name } }', 'slug'],
    ['a ledger filter', '{ inventoryLedger { entries(actions: ["stock.adjust", "\\u0000"]) { nodes { seq } } } }', 'actions[1]'],
    ['an access-log filter', '{ inventoryAccessLog(subject: "\\u0000") { subject } }', 'subject'],
  ])('NUL in %s, refused at the gateway before any subgraph is called', async (_what, query, field) => {
    const calls = stack.received.inventory.length + stack.received.brands.length;
    const response = await stack.query(query, undefined, auditor);
    expect(response.status).toBe(400);
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(stack.received.inventory.length + stack.received.brands.length).toBe(calls);
  });
});

describe('a subgraph refuses the same input on its own', () => {
  it('whatever reaches it, even signed', async () => {
    const principal: Principal = { sub: 'frank@ops', roles: ['operations'], scopes: ['inventory:write', 'catalog:read'], brands: '*', brandIds: '*' };
    const before = await state();
    const body = JSON.stringify({ query: ADJUST_VARIABLES, variables: { sku: SKU, node: NODE, delta: 1, reason: 'a\ud800' } });
    const signature = await stack.signer.sign({ audience: 'inventory', method: 'POST', body, principal, requestId: randomUUID() });
    const response = await fetch(stack.subgraphs.inventory.url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
    const answer = (await response.json()) as Omit<GraphQLResponse, 'status'>;
    expect(response.status).toBe(400);
    expect(refusal({ ...answer, status: response.status })).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await state()).toEqual(before);
  });
});

describe('unreadable requests', () => {
  const post = (body: string) =>
    fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${operations}` }, body });

  it.each([
    ['a body that is not JSON', '{"query": ', 400],
    ['a body over the limit', JSON.stringify({ query: '{ brands { slug } }', variables: { x: 'x'.repeat(1_100_000) } }), 413],
  ])('%s is answered in JSON, without a stack trace', async (_what, body, status) => {
    const response = await post(body);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const json = (await response.json()) as GraphQLResponse;
    expect(json.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expectNoLeak(json);
  });
});

describe('the registry API', () => {
  const registry = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const platform = await token({ roles: ['platform', 'auditor'], sub: 'pat@platform' });
    const response = await fetch(`${stack.baseUrl}/registry${path}`, {
      method: init.method ?? 'GET',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${platform}` },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const json = (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] };
    expectNoLeak(json);
    return { status: response.status, json };
  };
  const publish = (fields: Record<string, unknown>) =>
    registry('/publish', { method: 'POST', body: { name: 'inventory', url: stack.subgraphs.inventory.url, sdl: stack.subgraphs.inventory.sdl, reason: 'Republish', ...fields } });

  it('refuses text it could not store, and an invisible reason, changing nothing', async () => {
    const head = await stack.gateway.registry.head();
    const nulInComment = await publish({ sdl: `# a comment with \u0000 in it\n${stack.subgraphs.inventory.sdl}` });
    expect(nulInComment).toMatchObject({ status: 400, json: { errors: [{ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringContaining('"sdl" contains the NUL character') }] } });
    expect(await publish({ reason: '\u200b\u200b' })).toMatchObject({ status: 400, json: { errors: [{ extensions: { code: 'REASON_REQUIRED' } }] } });
    expect(await publish({ reason: 'Republish \ud800' })).toMatchObject({ status: 400, json: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
    expect(await stack.gateway.registry.head()).toEqual(head);
  });

  it('reads its ledger whatever the page size or cursor asked', async () => {
    expect((await registry('/ledger?first=-5')).status).toBe(200);
    expect((await registry('/ledger?first=1.5')).status).toBe(200);
    expect(await registry(`/ledger?after=${encodeCursor('ledger', 'abc')}`)).toMatchObject({ status: 400, json: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
  });
});

describe('after all of it', () => {
  it('every chain verifies and the audit export succeeds', async () => {
    await everyChainVerifies();
    const lines: string[] = [];
    const result = await exportLedgers({ gatewayUrl: stack.gateway.url, token: auditor, brand: 'halden', write: (l) => lines.push(l) });
    expect(result.ok).toBe(true);
  });
});
