import type { Principal } from '../auth/principal';
import { GovernanceRules, grants, weakenings, type ElementRules } from './rules';

const SDL = /* GraphQL */ `
  schema { query: Root mutation: Mutation }
  type Root {
    sku(id: ID!): Sku @owner(team: "inventory") @requiresScopes(scopes: [["catalog:read"]])
    _service: String
  }
  type Mutation {
    setStatus(partnerId: ID!): Boolean @audited(action: "partner.status.set") @brandsOf(entity: "Partner", id: "partnerId")
  }
  type Sku @owner(team: "inventory") @brandScoped(by: "brandId") { id: ID! cost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]]) }
  extend type Sku @policy(policies: [["portfolio-wide"]]) { margin: Float }
  interface Node @requiresScopes(scopes: [["catalog:read"]]) { id: ID! }
`;

describe('GovernanceRules', () => {
  const rules = GovernanceRules.fromSdl(SDL);

  it('reads types, fields, roots and every directive once, definitions and extensions merged', () => {
    expect(rules.rootOperation('Root')).toBe('query');
    expect(rules.rootOperation('Mutation')).toBe('mutation');
    expect(rules.brandKeyOf('Sku')).toBe('brandId');
    expect(rules.type('Sku')!.rules).toMatchObject({ owner: 'inventory', policies: [[['portfolio-wide']]] });
    expect(rules.field('Sku', 'cost')!.rules).toMatchObject({ sensitive: 'COMMERCIAL', scopes: [[['costs:read']]] });
    expect(rules.field('Mutation', 'setStatus')!.rules).toMatchObject({ audited: 'partner.status.set', brandsOf: { entity: 'Partner', id: 'partnerId' } });
    expect(rules.field('Root', 'sku')).toMatchObject({ returnType: 'Sku', arguments: ['id'] });
    expect(rules.type('Node')!.kind).toBe('interface');
    expect(rules.field('Root', '_service')).toBeUndefined();
  });

  it('asks of a field what the field and the type it returns ask', () => {
    expect(rules.accessFor('Root', 'sku')).toEqual({ scopes: [[['catalog:read']]], policies: [[['portfolio-wide']]], authenticated: false });
    expect(rules.accessFor('Sku', 'id')).toBeUndefined();
  });

  it('grants access when every requirement has an alternative the caller meets', () => {
    const caller = (scopes: string[], brands: string[] | '*' = '*'): Principal => ({ sub: 's', roles: [], scopes, brands, brandIds: brands });
    const access = rules.accessFor('Root', 'sku');
    expect(grants(access, caller(['catalog:read']))).toBe(true);
    expect(grants(access, caller(['catalog:read'], ['halden']))).toBe(false);
    expect(grants(access, caller([]))).toBe(false);
    expect(grants(undefined, caller([]))).toBe(true);
  });
});

describe('weakenings', () => {
  const rules = (r: Partial<ElementRules>): ElementRules => ({ scopes: [], policies: [], authenticated: false, ...r });

  it('finds a requirement removed or given an alternative that asks less', () => {
    const before = rules({ scopes: [[['costs:read']]] });
    expect(weakenings(before, rules({}))).toEqual(['@requiresScopes [["costs:read"]] → none']);
    expect(weakenings(before, rules({ scopes: [[['costs:read'], ['catalog:read']]] }))).toHaveLength(1);
    expect(weakenings(before, undefined)).toHaveLength(1);
  });

  it('does not count a requirement that asks as much or more', () => {
    const before = rules({ scopes: [[['costs:read'], ['admin']]] });
    expect(weakenings(before, rules({ scopes: [[['costs:read']]] }))).toEqual([]);
    expect(weakenings(before, rules({ scopes: [[['costs:read', 'catalog:read']]] }))).toEqual([]);
    expect(weakenings(before, rules({ scopes: [[['costs:read']], [['catalog:read']]] }))).toEqual([]);
    expect(weakenings(undefined, rules({}))).toEqual([]);
  });

  it('finds data rules that stopped applying', () => {
    const before = rules({ sensitive: 'COMMERCIAL', brandScopedBy: 'brandId', authenticated: true, brandsOf: { entity: 'Partner', id: 'partnerId' }, policies: [[['portfolio-wide']]] });
    expect(weakenings(before, rules({}))).toEqual([
      '@policy [["portfolio-wide"]] → none',
      '@authenticated removed',
      '@sensitive(class: "COMMERCIAL") removed',
      '@brandScoped(by: "brandId") removed',
      '@brandsOf(entity: "Partner", id: "partnerId") removed',
    ]);
  });
});
