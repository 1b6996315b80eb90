import { generateKeyPairSync } from 'node:crypto';
import { ed25519, nodeEd25519 } from './ed25519';

/**
 * libsodium and OpenSSL make the same Ed25519 signatures and accept each other's; each refuses the
 * same forgeries. (They differ on signatures made for a small-order public key, which libsodium
 * refuses and OpenSSL may accept: no such key is ever among a subgraph's trusted gateway keys.)
 */
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

  it.each([
    ['libsodium', ed25519],
    ['OpenSSL', nodeEd25519],
  ])('%s refuses another message, another key, a changed or truncated signature', (_, implementation) => {
    const signature = implementation.sign(message, privateKey);
    expect(implementation.verify(message, signature, publicKey)).toBe(true);
    expect(implementation.verify(Buffer.from(`${message}x`), signature, publicKey)).toBe(false);
    expect(implementation.verify(message, signature, other.publicKey)).toBe(false);
    const flipped = Buffer.from(signature);
    flipped[10]! ^= 1;
    expect(implementation.verify(message, flipped, publicKey)).toBe(false);
    expect(implementation.verify(message, signature.subarray(0, 63), publicKey)).toBe(false);
    expect(implementation.verify(message, Buffer.alloc(0), publicKey)).toBe(false);
  });
});
