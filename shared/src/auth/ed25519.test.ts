import { generateKeyPairSync } from 'node:crypto';
import { ed25519, nodeEd25519 } from './ed25519';

/** libsodium and OpenSSL make the same Ed25519 signatures and accept each other's, and nothing else. */
describe('Ed25519 for request signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');
  const message = Buffer.from('eyJhbGciOiJFZERTQSJ9.eyJhdWQiOiJpbnZlbnRvcnkifQ');

  it('loads libsodium here', () => {
    expect(ed25519.implementation).toBe('libsodium');
  });

  it('signs byte for byte as node:crypto does, and each verifies the other', () => {
    const fast = ed25519.sign(message, privateKey);
    const slow = nodeEd25519.sign(message, privateKey);
    expect(fast.equals(slow)).toBe(true);
    expect(nodeEd25519.verify(message, fast, publicKey)).toBe(true);
    expect(ed25519.verify(message, slow, publicKey)).toBe(true);
  });

  it('refuses another message, another key, a changed or truncated signature', () => {
    const signature = ed25519.sign(message, privateKey);
    expect(ed25519.verify(Buffer.from(`${message}x`), signature, publicKey)).toBe(false);
    expect(ed25519.verify(message, signature, other.publicKey)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10]! ^= 1;
    expect(ed25519.verify(message, flipped, publicKey)).toBe(false);
    expect(ed25519.verify(message, signature.subarray(0, 63), publicKey)).toBe(false);
    expect(ed25519.verify(message, Buffer.alloc(0), publicKey)).toBe(false);
  });
});
