import { generateSigningKey, importSigningKey, PublicKeySet, type PrivateSigningKey } from './keys';
import type { Principal } from './principal';
import { RequestSigner, RequestVerifier } from './signing';

const principal: Principal = { sub: 'alice', roles: ['storefront'], scopes: [], brands: ['halden'], brandIds: ['b-1'] };
const body = JSON.stringify({ query: '{ brands { id } }' });

let gatewayKey: PrivateSigningKey;
let otherKey: PrivateSigningKey;
let signer: RequestSigner;
let inventory: RequestVerifier;

beforeAll(async () => {
  gatewayKey = await importSigningKey((await generateSigningKey()).privateJwk);
  otherKey = await importSigningKey((await generateSigningKey()).privateJwk);
  signer = new RequestSigner(gatewayKey, 30);
  inventory = new RequestVerifier('inventory', PublicKeySet.of([gatewayKey.publicJwk]), 30);
});

const signed = (overrides: Partial<Parameters<RequestSigner['sign']>[0]> = {}, now?: number) =>
  signer.sign({ audience: 'inventory', method: 'POST', body, principal, requestId: 'req-1', ...overrides }, now);

describe('request signatures', () => {
  it('verify for the subgraph, method and body they were made for', async () => {
    const check = await inventory.verify({ method: 'POST', body: Buffer.from(body), signature: await signed() });
    expect(check).toMatchObject({ ok: true, principal, requestId: 'req-1', nonce: expect.any(String) });
  });

  it('carry a fresh nonce every time', async () => {
    const [a, b] = await Promise.all([signed(), signed()]);
    const [ca, cb] = await Promise.all([a, b].map((signature) => inventory.verify({ method: 'POST', body, signature })));
    expect(ca.ok && cb.ok && ca.nonce !== cb.nonce).toBe(true);
  });

  it('refuse a missing or malformed signature', async () => {
    expect(await inventory.verify({ method: 'POST', body, signature: undefined })).toMatchObject({ ok: false, reason: expect.stringMatching(/not signed/) });
    expect(await inventory.verify({ method: 'POST', body, signature: 'abc' })).toMatchObject({ ok: false, reason: expect.stringMatching(/malformed/) });
  });

  it('refuse another body, another method, another subgraph', async () => {
    const signature = await signed();
    expect(await inventory.verify({ method: 'POST', body: body.replace('id', 'slug'), signature })).toMatchObject({ ok: false, reason: expect.stringMatching(/another body/) });
    expect(await inventory.verify({ method: 'GET', body, signature })).toMatchObject({ ok: false, reason: expect.stringMatching(/another method/) });
    const partners = new RequestVerifier('partners', PublicKeySet.of([gatewayKey.publicJwk]), 30);
    expect(await partners.verify({ method: 'POST', body, signature })).toMatchObject({ ok: false, reason: expect.stringMatching(/another subgraph/) });
  });

  it('refuse a key the subgraph does not trust, and a tampered token', async () => {
    const forged = await new RequestSigner(otherKey).sign({ audience: 'inventory', method: 'POST', body, principal, requestId: 'x' });
    expect(await inventory.verify({ method: 'POST', body, signature: forged })).toMatchObject({ ok: false, reason: expect.stringMatching(/does not trust/) });
    const [header, payload, sig] = (await signed()).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, prn: { ...principal, brands: '*', brandIds: '*' } })).toString('base64url');
    expect(await inventory.verify({ method: 'POST', body, signature: `${header}.${widened}.${sig}` })).toMatchObject({ ok: false, reason: expect.stringMatching(/does not verify/) });
  });

  it('refuse a signature older than the window', async () => {
    const signedAt = Date.now() - 60_000;
    const signature = await signed({}, signedAt);
    expect(await inventory.verify({ method: 'POST', body, signature })).toMatchObject({ ok: false, reason: expect.stringMatching(/stale/) });
    expect(await inventory.verify({ method: 'POST', body, signature }, signedAt + 29_000)).toMatchObject({ ok: true });
  });

  it('pick up a rotated key: old and new both verify while both are published', async () => {
    const rotated = await importSigningKey((await generateSigningKey()).privateJwk);
    let published = [gatewayKey.publicJwk];
    const keys = new PublicKeySet(() => published, 0, 0);
    const verifier = new RequestVerifier('inventory', keys, 30);
    const byNew = await new RequestSigner(rotated).sign({ audience: 'inventory', method: 'POST', body, principal, requestId: 'r' });
    expect((await verifier.verify({ method: 'POST', body, signature: byNew })).ok).toBe(false);
    published = [gatewayKey.publicJwk, rotated.publicJwk];
    expect((await verifier.verify({ method: 'POST', body, signature: byNew })).ok).toBe(true);
    expect((await verifier.verify({ method: 'POST', body, signature: await signed() })).ok).toBe(true);
    published = [rotated.publicJwk];
    expect((await verifier.verify({ method: 'POST', body, signature: await signed() })).ok).toBe(false);
  });
});
