import { Stack, token } from './support/stack';

/**
 * Demand control over time: a caller that keeps sending refused or maximal operations spends its
 * cost budget and is answered 429 RATE_LIMITED — before its body is read — while another caller
 * is served as before; once its budget has refilled it is served again.
 */
let stack: Stack;
let halden: string;
let lumen: string;
beforeAll(async () => {
  // A tenth of a budget a second, five seconds of burst: a storefront may spend 2 500 of cost at once,
  // and a refusal (its whole budget, 5 000) leaves it 2 500 in debt — five seconds (500 a second) to wait.
  stack = await Stack.start({ gateway: { callerRate: { budgetsPerSecond: 0.1, burstSeconds: 5 } } });
  halden = await token({ roles: ['storefront'], brands: ['halden'], sub: 'halden-storefront' });
  lumen = await token({ roles: ['storefront'], brands: ['lumen'], sub: 'lumen-storefront' });
});
afterAll(async () => {
  await stack?.stop();
});

const tooExpensive = '{ brands { skus(first: 500) { nodes { brand { skus(first: 500) { nodes { code } } } } } } }';
const small = '{ brands { slug name } }';

async function post(body: string, bearer: string) {
  const response = await fetch(stack.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${bearer}` },
    body,
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { data?: any; errors?: { extensions?: any }[] } };
}

it('refuses a caller that spent its budget on refused operations, serves another meanwhile, and serves it again once refilled', async () => {
  const first = await post(JSON.stringify({ query: tooExpensive }), halden);
  expect(first.body.errors?.[0]?.extensions?.code).toBe('COST_LIMIT_EXCEEDED');

  // The refusal cost halden its whole budget: the next request is refused before anything is read,
  // and the refusal is held (up to a second) so that a client ignoring Retry-After cannot spin.
  const asked = Date.now();
  const second = await post(JSON.stringify({ query: small }), halden);
  expect(Date.now() - asked).toBeGreaterThanOrEqual(900);
  expect(second.status).toBe(429);
  expect(second.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
  expect(second.body.errors![0]!.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(4);
  expect(second.retryAfter).toBe(String(second.body.errors![0]!.extensions.retryAfterSeconds));
  // Not even a body too large to read is read: 429, not 413.
  const huge = await post(JSON.stringify({ query: small, variables: { pad: 'x'.repeat(2_000_000) } }), halden);
  expect(huge.status).toBe(429);
  const third = await post(JSON.stringify({ query: small }), halden);
  expect(third.status).toBe(429);

  // Another caller is served as usual.
  const other = await post(JSON.stringify({ query: small }), lumen);
  expect(other.status).toBe(200);
  expect(other.body.data.brands.map((b: { slug: string }) => b.slug)).toEqual(['lumen']);

  // Refilled after Retry-After: served again, and charged what its operation was estimated at.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const again = await post(JSON.stringify({ query: small }), halden);
  expect(again.status).toBe(200);
  expect(again.body.data.brands.map((b: { slug: string }) => b.slug)).toEqual(['halden']);
  const afterSmall = await post(JSON.stringify({ query: small }), halden);
  expect(afterSmall.status).toBe(200);
});

it('charges operations their estimated cost: a caller within its rate is never refused', async () => {
  const planner = await token({ roles: ['storefront'], brands: ['halden'], sub: 'steady-storefront' });
  // 20 small operations (a few units of cost each) in a row stay far within 2 500 at once.
  for (let i = 0; i < 20; i += 1) expect((await post(JSON.stringify({ query: small }), planner)).status).toBe(200);
});
