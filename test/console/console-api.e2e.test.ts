import fs from 'node:fs';
import path from 'node:path';
import type { RunningGateway } from '../../gateway/src/gateway';
import { Stack, TEST_JWT_SECRET, token } from '../support/stack';

/**
 * The console's own endpoints, without a browser: how one signs in (dev sign-in only on a local
 * installation), who a token is, and the static files with their content security policy.
 */
let stack: Stack;
let deployed: RunningGateway;
const devSignIn = { secret: TEST_JWT_SECRET, issuer: 'trellis', audience: 'trellis', ttlSeconds: 900 };

beforeAll(async () => {
  stack = await Stack.start({ gateway: { console: { devSignIn } } });
  // A second gateway on the same registry, configured as a deployment: no dev sign-in, an OpenID Connect issuer.
  deployed = await stack.startGateway({
    gateway: { console: { oidc: { issuer: 'https://login.example.test/realms/trellis', clientId: 'trellis-console', scope: 'openid profile', tokenType: 'access_token' } } },
  });
});
afterAll(async () => {
  await deployed?.stop();
  await stack?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const loose = (body: unknown): any => body;
const at = (gateway: RunningGateway, p: string) => gateway.url.replace(/\/graphql$/, p);
const post = (url: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('sign-in', () => {
  it('a local installation offers the dev sign-in with every role and the demo brands; a deployment does not, and offers OpenID Connect', async () => {
    const local = await (await fetch(at(stack.gateway, '/console/api/config'))).json().then(loose);
    expect(local.devSignIn.roles).toEqual(expect.arrayContaining(['storefront', 'portfolio-manager', 'platform', 'auditor', 'admin']));
    expect(local.devSignIn.brands.map((b: { slug: string }) => b.slug)).toEqual(expect.arrayContaining(['halden', 'kestrel']));
    expect(local.oidc).toBeUndefined();

    const remote = await (await fetch(at(deployed, '/console/api/config'))).json().then(loose);
    expect(remote.devSignIn).toBeUndefined();
    expect(remote.oidc).toEqual({ issuer: 'https://login.example.test/realms/trellis', clientId: 'trellis-console', scope: 'openid profile', tokenType: 'access_token' });
    const refused = await post(at(deployed, '/console/api/dev-token'), { role: 'admin', brands: '*' });
    expect(refused.status).toBe(404);
    expect((await refused.json().then(loose)).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('mints a short-lived token of the role and brands picked, which the graph accepts with exactly those rights', async () => {
    const response = await post(at(stack.gateway, '/console/api/dev-token'), { role: 'storefront', brands: ['halden'] });
    expect(response.status).toBe(200);
    const minted = await response.json().then(loose);
    expect(minted).toMatchObject({ sub: 'console:storefront@halden', roles: ['storefront'], brands: ['halden'] });
    const lifetime = Date.parse(minted.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(800_000);
    expect(lifetime).toBeLessThanOrEqual(900_000);
    const { data, errors } = await stack.query('{ brands { slug } }', undefined, minted.token);
    expect(errors).toBeUndefined();
    expect(data.brands).toEqual([{ slug: 'halden' }]);
    const cost = await stack.query('{ skuByCode(code: "HAL-001") { unitCost } }', undefined, minted.token);
    expect(cost.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it.each([
    [{ role: 'storefront', brands: '*' }, 400, 'BAD_USER_INPUT', /own brands/],
    [{ role: 'storefront' }, 400, 'BAD_USER_INPUT', /own brands/],
    [{ role: 'root', brands: '*' }, 400, 'BAD_USER_INPUT', /role must be one of/],
    [{ role: 'admin', brands: ['Not A Slug'] }, 400, 'BAD_USER_INPUT', /brand slugs/],
    [{ role: 'admin', brands: [] }, 400, 'BAD_USER_INPUT', /brand slugs/],
  ])('refuses %j', async (body, status, code, message) => {
    const response = await post(at(stack.gateway, '/console/api/dev-token'), body);
    expect(response.status).toBe(status);
    const { errors } = await response.json().then(loose);
    expect(errors[0].extensions.code).toBe(code);
    expect(errors[0].message).toMatch(message);
  });

  it('takes JSON only, so a cross-site form cannot mint a token', async () => {
    const response = await post(at(stack.gateway, '/console/api/dev-token'), 'role=admin&brands=*', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
    expect((await response.json().then(loose)).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('session', () => {
  it('says who a token is, with the scopes its roles grant and when it expires', async () => {
    const bearer = await token({ roles: ['auditor'], brands: ['halden'], sub: 'ines' });
    const response = await fetch(at(stack.gateway, '/console/api/session'), { headers: { authorization: `Bearer ${bearer}` } });
    expect(response.status).toBe(200);
    const session = await response.json().then(loose);
    expect(session).toMatchObject({ sub: 'ines', roles: ['auditor'], brands: ['halden'] });
    expect(session.scopes).toEqual(expect.arrayContaining(['ledger:read', 'access-log:read', 'costs:read']));
    expect(session.scopes).not.toContain('registry:write');
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
  });

  it.each([
    ['no token', undefined],
    ['a forged token', `Bearer ${forgedToken()}`],
  ])('answers 401 for %s, in JSON', async (_what, authorization) => {
    const response = await fetch(at(stack.gateway, '/console/api/session'), { headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect((await response.json().then(loose)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

/** A token signed with another secret: well-formed, not ours. */
function forgedToken(): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256' })}.${part({ sub: 'eve', roles: ['admin'], brands: '*', exp: Math.floor(Date.now() / 1000) + 600, iss: 'trellis', aud: 'trellis' })}.${'A'.repeat(43)}`;
}

describe('the files', () => {
  it('serves the app for every console path, with a content security policy that allows only the gateway itself', async () => {
    for (const p of ['/console/', '/console/portfolio?brand=halden&capability=FULFILLMENT', '/console/brands/halden', '/console/explorer']) {
      const response = await fetch(at(stack.gateway, p));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    const remote = await fetch(at(deployed, '/console/'));
    expect(remote.headers.get('content-security-policy')).toContain("connect-src 'self' https://login.example.test");
  });

  it('loads nothing from another origin: every script, style and font of the page is the gateway’s', async () => {
    const html = await (await fetch(at(stack.gateway, '/console/'))).text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^(\/console\/assets\/|data:)/);
    const script = refs.find((r) => r.endsWith('.js'))!;
    const asset = await fetch(at(stack.gateway, script));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await fetch(at(stack.gateway, '/console/assets/nothing-here.js'));
    expect(missing.status).toBe(404);
  });

  it('sends a browser opening / or /graphql to the console, and answers its unknown API paths in JSON', async () => {
    const root = await fetch(at(stack.gateway, '/'), { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const unknown = await fetch(at(stack.gateway, '/console/api/nothing'));
    expect(unknown.status).toBe(404);
    expect((await unknown.json().then(loose)).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('is built from the sources by the project’s build (dist/console)', () => {
    expect(fs.existsSync(path.resolve(__dirname, '../../dist/console/index.html'))).toBe(true);
  });
});
