import { SUBGRAPH_SCHEMA_HEADER } from './directives';
import { formatViolation, lintSubgraph, lintSubgraphs, type LintViolation } from './lint';

const compliant = /* GraphQL */ `
${SUBGRAPH_SCHEMA_HEADER}
type Brand @key(fields: "id") @owner(team: "portfolio") @brandScoped(by: "id") {
  id: ID!
  name: String!
  margin: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["finance:read"]])
}

type StockLevel @owner(team: "inventory") @brandScoped(by: "brandId") @policy(policies: [["stock"]]) {
  brandId: ID!
  brand: Brand!
  cost: Float @sensitive(class: "COMMERCIAL")
}

type Query {
  brands: [Brand!]! @owner(team: "portfolio") @requiresScopes(scopes: [["catalog:read"]])
  _service: _Service!
  _entities(representations: [_Any!]!): [_Entity]!
}

type Mutation {
  adjustStock(skuId: ID!, reason: String!): Boolean @owner(team: "inventory") @audited(action: "stock.adjust") @brandsOf(entity: "Sku", id: "skuId")
}

type _Service { sdl: String }
scalar _Any
union _Entity = Brand
`;

/** The rule and coordinate of each violation, the part the tests assert on. */
const found = (violations: LintViolation[]) => violations.map(({ coordinate, rule }) => `${coordinate} ${rule}`);

describe('lintSubgraph', () => {
  it('finds nothing in a compliant subgraph, federation internals included', () => {
    expect(lintSubgraph('inventory', compliant)).toEqual([]);
  });

  describe('owner-required', () => {
    it('wants @owner on every non-root object type', () => {
      const violations = lintSubgraph('inventory', `type Widget { id: ID! }`);
      expect(violations).toEqual([
        expect.objectContaining({ subgraph: 'inventory', coordinate: 'Widget', rule: 'owner-required' }),
      ]);
      expect(violations[0].message).toMatch(/@owner\(team:/);
    });

    it('wants @owner on every root field, not on the root type', () => {
      const violations = lintSubgraph('brands', `type Query @owner(team: "portfolio") { brands: [String!]! }`);
      expect(found(violations)).toEqual(['Query.brands owner-required']);
      expect(formatViolation(violations[0])).toMatch(/^\[brands\] Query\.brands: owner-required — add @owner\(team:/);
    });

    it('does not take a field-level @owner for the type', () => {
      expect(found(lintSubgraph('s', `type Widget { id: ID! @owner(team: "x") }`))).toEqual(['Widget owner-required']);
    });

    it('counts @owner on any one of a type and its extensions', () => {
      expect(lintSubgraph('s', `type Widget { id: ID! } extend type Widget @owner(team: "x") { size: Int }`)).toEqual([]);
      expect(lintSubgraph('s', `extend type Widget @key(fields: "id") { id: ID! }`).map((v) => v.rule)).toEqual(['owner-required']);
    });

    it('checks root fields that come in through extend type Query', () => {
      const sdl = `type Query { a: Int @owner(team: "x") } extend type Query { b: Int }`;
      expect(found(lintSubgraph('s', sdl))).toEqual(['Query.b owner-required']);
    });

    it('follows a schema definition that renames the root types', () => {
      const sdl = `schema { query: Root } type Root { a: Int } type Query { b: Int }`;
      expect(found(lintSubgraph('s', sdl))).toEqual(['Root.a owner-required', 'Query owner-required']);
    });
  });

  describe('audited-required', () => {
    it('wants @audited(action:) on every mutation', () => {
      const violations = lintSubgraph('inventory', `type Mutation { adjustStock: Boolean @owner(team: "inventory") @policy(policies: [["portfolio-wide"]]) }`);
      expect(violations).toEqual([
        expect.objectContaining({ subgraph: 'inventory', coordinate: 'Mutation.adjustStock', rule: 'audited-required' }),
      ]);
      expect(formatViolation(violations[0])).toContain('[inventory] Mutation.adjustStock: audited-required');
    });

    it('does not accept an empty action', () => {
      const sdl = `type Mutation { adjustStock: Boolean @owner(team: "inventory") @audited(action: " ") @policy(policies: [["portfolio-wide"]]) }`;
      expect(found(lintSubgraph('inventory', sdl))).toEqual(['Mutation.adjustStock audited-required']);
    });

    it('is not asked of queries', () => {
      expect(lintSubgraph('s', `type Query { a: Int @owner(team: "x") }`)).toEqual([]);
    });
  });

  describe('mutation-brands-required', () => {
    const mutation = (args: string, directives: string) =>
      `type Mutation { change(${args}): Boolean @owner(team: "x") @audited(action: "x.change") ${directives} }`;

    it('wants every mutation to say whose brands it changes', () => {
      const violations = lintSubgraph('inventory', mutation('id: ID!', ''));
      expect(found(violations)).toEqual(['Mutation.change mutation-brands-required']);
      expect(violations[0]!.message).toMatch(/@brandScoped\(by:.*@brandsOf\(entity:.*portfolio-wide/);
    });

    it('accepts a brand argument, the brands of the entity it changes, or the portfolio-wide policy', () => {
      expect(lintSubgraph('s', mutation('brand: String!', '@brandScoped(by: "brand")'))).toEqual([]);
      expect(lintSubgraph('s', mutation('input: In!', '@brandScoped(by: "input.brand")'))).toEqual([]);
      expect(lintSubgraph('s', mutation('partnerId: ID!', '@brandsOf(entity: "Partner", id: "partnerId")'))).toEqual([]);
      expect(lintSubgraph('s', mutation('id: ID!', '@policy(policies: [["portfolio-wide"]])'))).toEqual([]);
    });

    it('does not take a policy that some alternative lets a brand-restricted caller pass', () => {
      expect(found(lintSubgraph('s', mutation('id: ID!', '@policy(policies: [["portfolio-wide"], ["other"]])')))).toEqual(['Mutation.change mutation-brands-required']);
    });

    it('wants the named argument to exist', () => {
      expect(found(lintSubgraph('s', mutation('id: ID!', '@brandScoped(by: "brand")')))).toEqual(['Mutation.change mutation-brands-required']);
      expect(found(lintSubgraph('s', mutation('id: ID!', '@brandsOf(entity: "Partner", id: "partnerId")')))).toEqual(['Mutation.change mutation-brands-required']);
    });

    it('is not asked of queries', () => {
      expect(lintSubgraph('s', `type Query { a(id: ID!): Int @owner(team: "x") }`)).toEqual([]);
    });
  });

  describe('sensitive-needs-access-control', () => {
    it('wants @requiresScopes or @policy beside @sensitive', () => {
      const sdl = `type Partner @owner(team: "partners") { email: String @sensitive(class: "PERSONAL") }`;
      const violations = lintSubgraph('partners', sdl);
      expect(violations).toEqual([
        expect.objectContaining({ subgraph: 'partners', coordinate: 'Partner.email', rule: 'sensitive-needs-access-control' }),
      ]);
    });

    it('accepts access control on the field or on its type', () => {
      const onField = `type Partner @owner(team: "p") { email: String @sensitive(class: "PERSONAL") @policy(policies: [["pii"]]) }`;
      const onType = `type Partner @owner(team: "p") @requiresScopes(scopes: [["pii"]]) { email: String @sensitive(class: "PERSONAL") }`;
      const onExtension = `type Partner @owner(team: "p") { id: ID! } extend type Partner @requiresScopes(scopes: [["pii"]]) { email: String @sensitive(class: "PERSONAL") }`;
      expect(lintSubgraphs([{ name: 'a', sdl: onField }, { name: 'b', sdl: onType }, { name: 'c', sdl: onExtension }])).toEqual([]);
    });
  });

  describe('sensitive-class-unknown', () => {
    it('wants one of the known classes', () => {
      const sdl = `type Partner @owner(team: "p") { email: String @sensitive(class: "SECRET") @policy(policies: [["pii"]]) }`;
      const violations = lintSubgraph('partners', sdl);
      expect(found(violations)).toEqual(['Partner.email sensitive-class-unknown']);
      expect(violations[0]).toMatchObject({ subgraph: 'partners' });
      expect(violations[0].message).toContain('COMMERCIAL, PERSONAL');
    });
  });

  describe('brand-owned-needs-brand-scope', () => {
    it('wants @brandScoped on Brand itself', () => {
      const violations = lintSubgraph('brands', `type Brand @owner(team: "portfolio") { id: ID! }`);
      expect(violations).toEqual([
        expect.objectContaining({ subgraph: 'brands', coordinate: 'Brand', rule: 'brand-owned-needs-brand-scope' }),
      ]);
    });

    it('wants @brandScoped on a type that points at its Brand, through any list or non-null wrapping', () => {
      const sdl = `
        type Brand @owner(team: "portfolio") @brandScoped(by: "id") { id: ID! }
        type Store @owner(team: "retail") { brand: [Brand!]! }
        type Note @owner(team: "retail") { brand: String }`;
      expect(found(lintSubgraph('retail', sdl))).toEqual(['Store brand-owned-needs-brand-scope']);
    });

    it('does not take a field-level @brandScoped for the type', () => {
      const sdl = `type Brand @owner(team: "portfolio") { id: ID! @brandScoped(by: "id") }`;
      expect(found(lintSubgraph('brands', sdl))).toEqual(['Brand brand-owned-needs-brand-scope']);
    });

    it('finds the brand field in an extension, and the directive on an extension', () => {
      const missing = `type Brand @owner(team: "p") @brandScoped(by: "id") { id: ID! } type Store @owner(team: "r") { id: ID! } extend type Store { brand: Brand }`;
      const present = `type Store @owner(team: "r") { brand: Brand } extend type Store @brandScoped(by: "brandId")`;
      expect(found(lintSubgraph('r', missing))).toEqual(['Store brand-owned-needs-brand-scope']);
      expect(found(lintSubgraph('r', present))).toEqual([]);
    });

    it('leaves root fields returning a Brand to field-level rules', () => {
      expect(lintSubgraph('s', `type Query { brand(slug: String!): Brand @owner(team: "portfolio") }`)).toEqual([]);
    });
  });

  it('ignores federation internals, types and root fields alike', () => {
    const sdl = `type Query { _service: _Service! _entities(representations: [_Any!]!): [_Entity]! } type _Service { sdl: String }`;
    expect(lintSubgraph('s', sdl)).toEqual([]);
  });
});

describe('lintSubgraphs', () => {
  it('reports each violation under its own subgraph', () => {
    const violations = lintSubgraphs([
      { name: 'brands', sdl: compliant },
      { name: 'inventory', sdl: `type Query { stock: Int }` },
      { name: 'partners', sdl: `type Partner { id: ID! }` },
    ]);
    expect(violations.map(formatViolation).map((line) => line.split(' —')[0])).toEqual([
      '[inventory] Query.stock: owner-required',
      '[partners] Partner: owner-required',
    ]);
  });
});
