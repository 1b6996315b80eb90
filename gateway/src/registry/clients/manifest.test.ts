import { parseManifest } from './manifest';

const manifest = (operations: unknown[]) => ({ format: 'apollo-persisted-query-manifest', version: 1, operations });
const op = { id: 'abc123', name: 'Brands', type: 'query', body: 'query Brands { brands { slug } }' };

describe('parseManifest', () => {
  it('reads Apollo’s persisted-query manifest', () => {
    expect(parseManifest(manifest([op, { ...op, id: 'def', name: 'Lifecycle', type: 'mutation', body: 'mutation Lifecycle { setBrandLifecycle(slug: "a", lifecycle: STABLE, reason: "r") { slug } }' }]))).toEqual({
      ok: true,
      operations: [op, expect.objectContaining({ id: 'def', type: 'mutation' })],
    });
  });

  it.each([
    [{ format: 'other', version: 1, operations: [] }, /format/],
    [{ ...manifest([]), version: 2 }, /version/],
    [manifest([{ ...op, id: '' }]), /operations\[0\]\.id/],
    [manifest([op, op]), /appears twice/],
    [manifest([{ ...op, type: 'fragment' }]), /type/],
    [manifest([{ ...op, body: 'query Brands {' }]), /does not parse/],
    [manifest([{ ...op, body: 'query Brands { a } query Other { b }' }]), /exactly one operation/],
    [manifest([{ ...op, name: 'Other' }]), /not query "Other"/],
  ])('refuses %j naming the problem', (value, message) => {
    const parsed = parseManifest(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });
});
