import { createHash } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { demoCatalog, DEMO_NODES } from '../../shared/src/demo/portfolio';
import { Stack, TEST_JWT_SECRET, token } from '../support/stack';

/**
 * One door, always locked: every method and content type of /graphql authenticates first, so an
 * anonymous caller learns nothing about the schema; tokens must expire, within the configured
 * lifetime; the gateway names its requests; operations by hash tell nobody what others ran; every
 * error is JSON with a stable code — never HTML, a stack trace or a file path.
 */
let stack: Stack;
const bodies: string[] = [];
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${stack.baseUrl}${path}`, init);
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, headers: response.headers, text, json: (() => { try { return JSON.parse(text); } catch { return undefined; } })() };
}

const jwt = (claims: Record<string, unknown>, build: (j: SignJWT) => SignJWT = (j) => j) =>
  build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('eve').setIssuer('trellis').setAudience('trellis')).sign(
    new TextEncoder().encode(TEST_JWT_SECRET),
  );

describe('without a token', () => {
  it.each(['*/*', 'application/json', 'application/graphql-response+json', 'text/html', 'text/html, */*', ''])(
    'GET /graphql?query=… with Accept "%s" answers 401 and nothing about the schema',
    async (accept) => {
      const { status, json, text } = await call('/graphql?query=%7B%20brandz%20%7B%20slug%20%7D%20%7D', { headers: accept ? { accept } : {} });
      expect(status).toBe(401);
      expect(json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(text).not.toMatch(/brands|Did you mean|Cannot query field/);
    },
  );

  it.each([
    ['application/json', JSON.stringify({ query: '{ brandz { slug } }' })],
    ['application/graphql-response+json', JSON.stringify({ query: '{ brands { slug } }' })],
    ['text/plain', JSON.stringify({ query: '{ brands { slug } }' })],
    ['application/x-www-form-urlencoded', 'query=%7Bbrands%7Bslug%7D%7D'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{"query":"{ brands { slug } }"}\r\n--x--'],
  ])('POST as %s answers 401', async (contentType, body) => {
    const { status, json, text } = await call('/graphql', { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(status).toBe(401);
    expect(json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(text).not.toMatch(/Did you mean|Cannot query field/);
  });

  it('a browser opening /graphql is sent to the console, whose page is static HTML that names no field', async () => {
    const { status, headers } = await call('/graphql', { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(status).toBe(302);
    expect(headers.get('location')).toBe('/console/explorer');
    const page = await call('/console/explorer', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).not.toMatch(/portfolioLedger|unitCost|brandScoped/);
  });
});

describe('tokens', () => {
  const query = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ brands { slug } }' }) };
  const as = async (bearer: string) => call('/graphql', { ...query, headers: { ...query.headers, authorization: `Bearer ${bearer}` } });

  it('without exp answers 401', async () => {
    const { status, json } = await as(await jwt({ roles: ['admin'], brands: '*' }));
    expect(status).toBe(401);
    expect(json.errors[0].message).toMatch(/expiry/);
  });

  it('living longer than the configured maximum answers 401', async () => {
    const { status, json } = await as(await jwt({ roles: ['admin'], brands: '*' }, (j) => j.setIssuedAt().setExpirationTime('400d')));
    expect(status).toBe(401);
    expect(json.errors[0].message).toMatch(/too long/);
  });

  it('unsigned (alg none), expired, or signed with another secret answers 401', async () => {
    const none = new UnsecuredJWT({ roles: ['admin'], brands: '*' }).setSubject('eve').setIssuer('trellis').setAudience('trellis').setExpirationTime('5m').encode();
    const expired = await jwt({ roles: ['admin'], brands: '*' }, (j) => j.setExpirationTime(Math.floor(Date.now() / 1000) - 60));
    const foreign = await new SignJWT({ roles: ['admin'], brands: '*' })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('eve').setIssuer('trellis').setAudience('trellis').setExpirationTime('5m')
      .sign(new TextEncoder().encode('another-secret-of-at-least-thirty-two-characters'));
    for (const bearer of [none, expired, foreign]) expect((await as(bearer)).status).toBe(401);
  });
});

describe('request ids', () => {
  it('a client’s x-request-id never becomes the ledger’s request id', async () => {
    const sku = demoCatalog().skus[0]!;
    const node = demoCatalog().stock.find((p) => p.skuId === sku.id)!.nodeId;
    const ops = await token({ roles: ['operations'] });
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ops}`, 'x-request-id': 'chosen-by-the-client' },
      body: JSON.stringify({ query: `mutation { adjustStock(skuId: "${sku.id}", nodeId: "${node}", delta: 1, reason: "request id") { onHand } }` }),
    });
    expect(response.status).toBe(200);
    const { data } = await stack.query('{ inventoryLedger { entries(first: 1) { nodes { requestId reason } } } }');
    const [entry] = data.inventoryLedger.entries.nodes;
    expect(entry.reason).toBe('request id');
    expect(entry.requestId).not.toBe('chosen-by-the-client');
    expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    void DEMO_NODES;
  });
});

describe('operations by hash', () => {
  it('are not accepted, so no caller learns from a hit what another one ran', async () => {
    const secretQuery = '{ portfolioLedger { length } }';
    await stack.query(secretQuery); // an auditor-ish caller runs it
    const sha256Hash = createHash('sha256').update(secretQuery).digest('hex');
    const storefront = await token({ roles: ['storefront'], brands: ['halden'] });
    const { json } = await call('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${storefront}` },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect(json.errors.map((e: any) => e.extensions.code)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    expect(json.data).toBeUndefined();
  });
});

describe('errors are JSON with a stable code', () => {
  const admin = () => token({ roles: ['admin'] });

  it.each([
    ['malformed JSON without a token', () => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' })],
    ['malformed JSON with a token', async () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await admin()}` }, body: '{"query": ' })],
    ['a body over the limit', async () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await admin()}` }, body: JSON.stringify({ query: `{ brands { slug } } #${'x'.repeat(1_100_000)}` }) })],
  ])('%s', async (_what, init) => {
    const { status, json, headers } = await call('/graphql', (await init()) as RequestInit);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(headers.get('content-type')).toMatch(/json/);
    expect(json.errors[0].extensions.code).toMatch(/^(BAD_REQUEST|UNAUTHENTICATED)$/);
  });

  it('an unknown path answers 404 in JSON', async () => {
    const { status, json } = await call('/wp-admin.php');
    expect(status).toBe(404);
    expect(json.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('standard security headers, no X-Powered-By, on every answer', async () => {
    for (const path of ['/graphql', '/healthz', '/nowhere']) {
      const { headers } = await call(path);
      expect(headers.get('x-powered-by')).toBeNull();
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('no answer in this file carried a stack trace or a file path', () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body).not.toMatch(/\bat .+:\d+:\d+\)|\/work\/|node_modules|\.ts:\d+|<pre>/);
  });
});
