import type { Principal } from './principal';
import { SIGNED_HEADERS, signClaims, verifySignedClaims } from './signing';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const principal: Principal = { sub: 'alice', roles: ['storefront'], scopes: [], brands: ['halden'], brandIds: ['b-1'] };

describe('signed claims', () => {
  it('verify when fresh and untouched', () => {
    const headers = signClaims(principal, 'req-1', SECRET);
    const check = verifySignedClaims(headers, SECRET, { maxAgeSeconds: 30 });
    expect(check).toEqual({ ok: true, principal, requestId: 'req-1' });
  });

  it('refuse a missing signature', () => {
    expect(verifySignedClaims({}, SECRET, { maxAgeSeconds: 30 })).toMatchObject({ ok: false, reason: expect.stringMatching(/not signed/) });
  });

  it('refuse another secret', () => {
    const headers = signClaims(principal, 'req-1', 'another-secret-of-at-least-thirty-two-chars');
    expect(verifySignedClaims(headers, SECRET, { maxAgeSeconds: 30 })).toMatchObject({ ok: false, reason: expect.stringMatching(/does not match/) });
  });

  it('refuse tampered claims, timestamp or request id', () => {
    const headers = signClaims(principal, 'req-1', SECRET);
    const forged = Buffer.from(JSON.stringify({ ...principal, brands: '*', brandIds: '*' })).toString('base64url');
    for (const change of [
      { [SIGNED_HEADERS.claims]: forged },
      { [SIGNED_HEADERS.timestamp]: String(Number(headers[SIGNED_HEADERS.timestamp]) + 1) },
      { [SIGNED_HEADERS.requestId]: 'req-2' },
    ]) {
      expect(verifySignedClaims({ ...headers, ...change }, SECRET, { maxAgeSeconds: 30 }).ok).toBe(false);
    }
  });

  it('refuse a replay after the freshness window', () => {
    const signedAt = Date.now();
    const headers = signClaims(principal, 'req-1', SECRET, signedAt);
    expect(verifySignedClaims(headers, SECRET, { maxAgeSeconds: 30, now: signedAt + 29_000 }).ok).toBe(true);
    expect(verifySignedClaims(headers, SECRET, { maxAgeSeconds: 30, now: signedAt + 31_000 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/stale/),
    });
  });
});
