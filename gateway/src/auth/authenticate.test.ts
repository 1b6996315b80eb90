import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAuthenticator } from './authenticate';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const hs256 = createAuthenticator({ secret: SECRET, issuer: 'trellis', audience: 'trellis' });

function sign(claims: Record<string, unknown>, options: { alg?: string; key?: any; audience?: string; exp?: string | number } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? 'HS256', kid: 'k1' })
    .setSubject('alice')
    .setIssuer('trellis')
    .setAudience(options.audience ?? 'trellis')
    .setExpirationTime(options.exp ?? '5m')
    .sign(options.key ?? new TextEncoder().encode(SECRET));
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error: any) {
    return { code: error.extensions?.code, status: error.extensions?.http?.status, message: error.message as string };
  }
  throw new Error('expected a rejection');
}

describe('HS256 tokens', () => {
  it('yield the caller’s claims', async () => {
    const claims = await hs256(`Bearer ${await sign({ roles: ['storefront'], brands: ['halden'], scopes: 'costs:read orders:route' })}`);
    expect(claims).toEqual({ sub: 'alice', roles: ['storefront'], scopes: ['costs:read', 'orders:route'], brands: ['halden'] });
  });

  it('default to no brands when the token names none', async () => {
    expect((await hs256(`Bearer ${await sign({ roles: ['auditor'] })}`)).brands).toEqual([]);
  });

  it.each([
    ['no header', undefined, /Authorization: Bearer/],
    ['another scheme', 'Basic abc', /Authorization: Bearer/],
    ['garbage', 'Bearer abc.def.ghi', /not valid/],
  ])('are refused with 401 for %s', async (_what, header, message) => {
    expect(await rejection(hs256(header))).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, message: expect.stringMatching(message) });
  });

  it('are refused when expired, for another audience, or wrongly signed', async () => {
    expect(await rejection(hs256(`Bearer ${await sign({}, { exp: Math.floor(Date.now() / 1000) - 10 })}`))).toMatchObject({ message: expect.stringMatching(/expired/) });
    expect(await rejection(hs256(`Bearer ${await sign({}, { audience: 'someone-else' })}`))).toMatchObject({ message: expect.stringMatching(/not for Trellis/) });
    expect(await rejection(hs256(`Bearer ${await sign({}, { key: new TextEncoder().encode('x'.repeat(40)) })}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('are refused when claims are malformed', async () => {
    expect(await rejection(hs256(`Bearer ${await sign({ roles: 'admin' })}`))).toMatchObject({ message: expect.stringMatching(/roles/) });
  });
});

describe('RS256 and ES256 tokens from a JWKS', () => {
  let server: http.Server;
  let jwksUrl: string;
  const keys: Record<string, Parameters<SignJWT['sign']>[0]> = {};

  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    keys.rsa = rsa.privateKey;
    keys.ec = ec.privateKey;
    const jwks = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec', alg: 'ES256', use: 'sig' },
      ],
    };
    server = http.createServer((_req, res) => res.end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('verify against the published keys', async () => {
    const authenticate = createAuthenticator({ jwksUrl, issuer: 'trellis', audience: 'trellis' });
    for (const [alg, kid, key] of [['RS256', 'rsa', keys.rsa], ['ES256', 'ec', keys.ec]] as const) {
      const jwt = await new SignJWT({ roles: ['auditor'], brands: '*' })
        .setProtectedHeader({ alg, kid })
        .setSubject('auditor-1')
        .setIssuer('trellis')
        .setAudience('trellis')
        .setExpirationTime('5m')
        .sign(key);
      expect(await authenticate(`Bearer ${jwt}`)).toMatchObject({ sub: 'auditor-1', roles: ['auditor'], brands: '*' });
    }
  });

  it('refuse an HS256 token when a JWKS is configured', async () => {
    const authenticate = createAuthenticator({ jwksUrl, issuer: 'trellis', audience: 'trellis' });
    expect(await rejection(authenticate(`Bearer ${await sign({ roles: ['admin'] })}`))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
