import { Stack, token } from './support/stack';

/** GOVERNANCE_MODE=reject: an operation selecting anything the caller may not see is refused whole. */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start({ governanceMode: 'reject' });
});
afterAll(async () => {
  await stack?.stop();
});

it('refuses the whole operation, naming every denied field, and asks no subgraph', async () => {
  stack.received.inventory.length = 0;
  const storefront = await token({ roles: ['storefront'], brands: ['halden'] });
  const { data, errors } = await stack.query('{ brand(slug: "halden") { skus(first: 2) { nodes { code unitCost margin } } } }', undefined, storefront);
  expect(data).toBeUndefined();
  expect(errors).toHaveLength(1);
  expect(errors![0]!.extensions).toMatchObject({
    code: 'UNAUTHORIZED_FIELD_OR_TYPE',
    denials: [
      expect.objectContaining({ coordinate: 'Sku.unitCost' }),
      expect.objectContaining({ coordinate: 'Sku.margin' }),
    ],
  });
  expect(stack.received.inventory).toEqual([]);
});

it('serves an operation the caller may fully see', async () => {
  const storefront = await token({ roles: ['storefront'], brands: ['halden'] });
  const { data, errors } = await stack.query('{ brand(slug: "halden") { skus(first: 2) { nodes { code available } } } }', undefined, storefront);
  expect(errors).toBeUndefined();
  expect(data.brand.skus.nodes).toHaveLength(2);
});
