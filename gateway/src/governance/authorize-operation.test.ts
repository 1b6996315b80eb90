import { buildSchema, parse, print } from 'graphql';
import type { Principal } from '../../../shared/src/auth/principal';
import { applyDenials } from './apply-denials';
import { authorizeOperation } from './authorize-operation';
import { GovernanceRules } from '../../../shared/src/governance/rules';

/** A tiny supergraph-shaped SDL: the directives are what matters here. */
const SDL = /* GraphQL */ `
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  directive @policy(policies: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  directive @brandScoped(by: String!) on FIELD_DEFINITION | OBJECT
  type Query {
    brand(slug: String!): Brand @requiresScopes(scopes: [["catalog:read"]]) @brandScoped(by: "slug")
    brands: [Brand!]! @requiresScopes(scopes: [["catalog:read"]])
    secrets: [String!] @requiresScopes(scopes: [["admin:read"]])
    wide: Int @policy(policies: [["portfolio-wide"]])
  }
  type Brand @brandScoped(by: "id") {
    id: ID!
    slug: String!
    skus: [Sku!]!
    contract: Contract
  }
  type Sku {
    code: String!
    unitCost: Float @requiresScopes(scopes: [["costs:read"]])
    strictCost: Float! @requiresScopes(scopes: [["costs:read"]])
  }
  type Contract @requiresScopes(scopes: [["contracts:terms:read"]]) {
    id: ID!
  }
`;
const schema = buildSchema(SDL);
const rules = GovernanceRules.fromSdl(SDL);
const storefront: Principal = { sub: 's', roles: ['storefront'], scopes: [], brands: ['halden'], brandIds: ['1'] };

function authorize(query: string, principal: Principal = storefront, variables?: Record<string, unknown>) {
  return authorizeOperation({ schema, document: parse(query), rules, principal, variables });
}

describe('authorizeOperation', () => {
  it('leaves an allowed operation untouched (same document object)', () => {
    const document = parse('{ brands { slug skus { code } } }');
    const result = authorizeOperation({ schema, document, rules, principal: storefront });
    expect(result.denials).toEqual([]);
    expect(result.document).toBe(document);
  });

  it('removes a field the caller lacks the scope for, with its path through lists', () => {
    const { document, denials } = authorize('{ brands { slug skus { code cost: unitCost } } }');
    expect(print(document)).not.toContain('unitCost');
    expect(denials).toEqual([
      expect.objectContaining({ code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'Sku.unitCost', path: ['brands', '@', 'skus', '@', 'cost'], nullPath: ['brands', '@', 'skus', '@', 'cost'] }),
    ]);
  });

  it('gives a rewritten document no source location: its text is no longer the one sent', () => {
    // The executor keys the plans of lifted operations by the text the document was parsed from
    // (literal-variables.ts); a filtered document that kept `loc` would share the unfiltered one's plan.
    const { document } = authorize('{ brands { slug skus { code cost: unitCost } } }');
    expect(document.loc).toBeUndefined();
  });

  it('judges no field that @skip or @include leave out with the variables sent', () => {
    const query = 'query($c: Boolean!) { brands { slug skus { code unitCost @include(if: $c) strictCost @skip(if: true) } } }';
    const off = authorize(query, storefront, { c: false });
    expect(off.denials).toEqual([]);
    const on = authorize(query, storefront, { c: true });
    expect(on.denials.map((d) => d.coordinate)).toEqual(['Sku.unitCost']);
    expect(print(on.document)).not.toMatch(/unitCost|strictCost/);
    // A fragment left out is not judged either; one included is.
    const spread = 'query($c: Boolean!) { brands { contract @include(if: $c) { id } ...F @include(if: $c) } } fragment F on Brand { contract { id } }';
    expect(authorize(spread, storefront, { c: false }).denials).toEqual([]);
    expect(authorize(spread, storefront, { c: true }).denials.map((d) => d.coordinate)).toEqual(['Brand.contract', 'Brand.contract']);
  });

  it('counts a selection as included when its condition cannot be read', () => {
    const { denials } = authorize('query($c: Boolean!) { brands { skus { unitCost @include(if: $c) } } }', storefront, {});
    expect(denials.map((d) => d.coordinate)).toEqual(['Sku.unitCost']);
  });

  it('removes fields of a type the caller lacks the scope for', () => {
    const { denials } = authorize('{ brands { contract { id } } }');
    expect(denials[0]).toMatchObject({ coordinate: 'Brand.contract', path: ['brands', '@', 'contract'] });
  });

  it('sends null up to the nearest nullable position when the removed field is non-null', () => {
    const { denials } = authorize('{ brands { skus { strictCost } } }');
    // Sku is non-null in a non-null list in a non-null field of a non-null list: nothing nullable until the root.
    expect(denials[0]!.nullPath).toEqual([]);
    const single = authorize('{ brand(slug: "halden") { skus { strictCost } } }');
    expect(single.denials[0]!.nullPath).toEqual(['brand']);
  });

  it('keeps the selection set valid when every field of it is removed', () => {
    const { document } = authorize('{ brands { skus { unitCost } } }');
    expect(print(document)).toContain('__trellis_placeholder: __typename');
    const root = authorize('{ secrets }');
    expect(print(root.document)).toContain('__trellis_placeholder: __typename');
  });

  it('follows named fragments and drops the variables only removed fields used', () => {
    const { document, denials } = authorize(
      `query Q($slug: String!) { brands { ...B } x: brand(slug: $slug) { slug } }
       fragment B on Brand { slug skus { unitCost } }`,
      { ...storefront, brands: '*', brandIds: '*' },
      { slug: 'halden' },
    );
    expect(denials.map((d) => d.path)).toEqual([['brands', '@', 'skus', '@', 'unitCost']]);
    expect(print(document)).not.toContain('fragment');
    expect(print(document)).toContain('$slug');
  });

  it('refuses a root argument naming a brand outside the token, literal or variable', () => {
    expect(authorize('{ brand(slug: "lumen") { slug } }').denials[0]).toMatchObject({ code: 'FORBIDDEN_BRAND', path: ['brand'] });
    expect(authorize('query($s: String!) { brand(slug: $s) { slug } }', storefront, { s: 'lumen' }).denials[0]).toMatchObject({ code: 'FORBIDDEN_BRAND' });
    expect(authorize('query($s: String! = "lumen") { brand(slug: $s) { slug } }').denials[0]).toMatchObject({ code: 'FORBIDDEN_BRAND' });
    expect(authorize('{ brand(slug: "halden") { slug } }').denials).toEqual([]);
  });

  it('evaluates policies', () => {
    expect(authorize('{ wide }').denials[0]).toMatchObject({ coordinate: 'Query.wide' });
    expect(authorize('{ wide }', { ...storefront, brands: '*', brandIds: '*' }).denials).toEqual([]);
  });
});

describe('applyDenials', () => {
  it('puts null and an error at each denied path, and removes placeholders', () => {
    const { denials } = authorize('{ brands { slug skus { code unitCost } } }');
    const result = applyDenials(
      { data: { brands: [{ slug: 'halden', skus: [{ code: 'A' }, { code: 'B' }] }, { slug: 'x', skus: [] }] } },
      denials,
    );
    expect(result.data).toEqual({
      brands: [{ slug: 'halden', skus: [{ code: 'A', unitCost: null }, { code: 'B', unitCost: null }] }, { slug: 'x', skus: [] }],
    });
    expect(result.errors).toEqual([
      { message: expect.stringContaining('Sku.unitCost'), path: ['brands', '@', 'skus', '@', 'unitCost'], extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE', coordinate: 'Sku.unitCost' } },
    ]);
  });

  it('nulls the whole data when nothing nullable stands above a non-null denied field', () => {
    const { denials } = authorize('{ brands { skus { strictCost } } }');
    expect(applyDenials({ data: { brands: [] } }, denials).data).toBeNull();
  });

  it('strips the placeholder of an emptied selection set', () => {
    const { denials } = authorize('{ secrets brands { slug } }');
    const result = applyDenials({ data: { __trellis_placeholder: 'Query', brands: [{ slug: 'a' }] } as never }, denials);
    expect(result.data).toEqual({ brands: [{ slug: 'a' }], secrets: null });
  });
});
