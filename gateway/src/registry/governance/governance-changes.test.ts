import { GovernanceRules } from '../../../../shared/src/governance/rules';
import { SUBGRAPH_SCHEMA_HEADER } from '../../../../shared/src/governance/directives';
import { composeSupergraph, type SubgraphSource } from '../../supergraph/compose';
import { distinctChanges, notAccepted, subgraphGovernanceChanges, supergraphGovernanceChanges } from './governance-changes';
import { coordinateRules } from './rule-weakenings';

const CATALOG = `
type Item @key(fields: "id") @owner(team: "catalog") {
  id: ID!
  name: String!
  cost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])
}
type Query {
  items: [Item!]! @owner(team: "catalog") @requiresScopes(scopes: [["catalog:read"]])
}`;
const catalog = (body = CATALOG): SubgraphSource => ({ name: 'catalog', url: 'http://127.0.0.1:4010/graphql', sdl: `${SUBGRAPH_SCHEMA_HEADER}${body}` });
const edit = (from: string, to: string) => catalog(CATALOG.replace(from, to));
const changesOf = (before: SubgraphSource | undefined, after: SubgraphSource | null) =>
  subgraphGovernanceChanges({ name: 'catalog', previous: before && { url: before.url, sdl: before.sdl }, next: after && { url: after.url, sdl: after.sdl } });

describe('a subgraph’s own governance changes', () => {
  it('finds none when nothing about governance changes, or for a new subgraph', () => {
    expect(changesOf(catalog(), edit('name: String!', 'name: String!\n  label: String'))).toEqual([]);
    expect(changesOf(undefined, catalog())).toEqual([]);
    expect(changesOf(catalog(), null)).toEqual([]);
  });

  it('names a moved routing URL, also against a removed version', () => {
    expect(changesOf(catalog(), { ...catalog(), url: 'http://127.0.0.1:9999/graphql' })).toEqual([
      { type: 'ROUTING_URL_CHANGED', coordinate: 'catalog', description: 'routing URL of catalog: http://127.0.0.1:4010/graphql → http://127.0.0.1:9999/graphql' },
    ]);
  });

  it('names each coordinate that asks less, and how', () => {
    const removed = edit(' @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])', '');
    expect(changesOf(catalog(), removed).map((c) => c.description)).toEqual([
      'Item.cost: @requiresScopes [["costs:read"]] → none',
      'Item.cost: @sensitive(class: "COMMERCIAL") removed',
    ]);
    const widened = edit('[["catalog:read"]]', '[["catalog:read"], ["partners:read"]]');
    expect(changesOf(catalog(), widened)).toEqual([
      { type: 'GOVERNANCE_WEAKENED', coordinate: 'Query.items', description: 'Query.items: @requiresScopes [["catalog:read"]] → [["catalog:read"],["partners:read"]]' },
    ]);
  });

  it('finds none when rules only get stricter, or a coordinate leaves the subgraph', () => {
    expect(changesOf(catalog(), edit('[["catalog:read"]]', '[["catalog:read", "partners:read"]]'))).toEqual([]);
    expect(changesOf(catalog(), edit('  cost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])\n', ''))).toEqual([]);
  });

  it('names an @override of another subgraph’s field, however the directive is named', () => {
    const overriding = (directive: string, header = '') =>
      edit('  name: String!', `  name: String! ${directive}(from: "brands")`).sdl.replace('extend schema', `extend schema${header}`);
    const expected = [{ type: 'FIELD_OVERRIDDEN', coordinate: 'Item.name', description: 'Item.name is taken over from brands by catalog (@override)' }];
    expect(changesOf(catalog(), { ...catalog(), sdl: overriding('@federation__override') })).toEqual(expected);
    expect(changesOf(catalog(), { ...catalog(), sdl: overriding('@override') })).toEqual(expected);
    const aliased = overriding('@takeOver', '\n  @link(url: "https://specs.apollo.dev/federation/v2.6", import: [{ name: "@override", as: "@takeOver" }])');
    expect(changesOf(catalog(), { ...catalog(), sdl: aliased })).toEqual(expected);
    const namespaced = overriding('@fed__override', '\n  @link(url: "https://specs.apollo.dev/federation/v2.6", as: "fed")');
    expect(changesOf(catalog(), { ...catalog(), sdl: namespaced })).toEqual(expected);
  });

  it('does not count an override kept from the previous version, or one from itself', () => {
    const overriding = edit('  name: String!', '  name: String! @federation__override(from: "brands")');
    expect(changesOf(overriding, overriding)).toEqual([]);
    expect(changesOf(catalog(), edit('  name: String!', '  name: String! @federation__override(from: "catalog")'))).toEqual([]);
  });

  it('leaves a schema that does not parse to composition', () => {
    expect(changesOf(catalog(), { ...catalog(), sdl: 'type {' })).toEqual([]);
  });
});

describe('governance changes of the composed supergraph', () => {
  const SHADOW = `
type Item @key(fields: "id") @owner(team: "catalog") {
  id: ID!
  cost: Float @shareable
}
type Query {
  shadowItem: Item @owner(team: "catalog")
}`;
  const shadow: SubgraphSource = { name: 'shadow', url: 'http://127.0.0.1:4011/graphql', sdl: `${SUBGRAPH_SCHEMA_HEADER}${SHADOW}` };
  const compose = (...sources: SubgraphSource[]) => {
    const result = composeSupergraph(sources);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    return { sdl: result.supergraphSdl, rules: GovernanceRules.fromSdl(result.supergraphSdl) };
  };
  const shareableCost = edit('cost: Float', 'cost: Float @shareable');
  const noLastKnown = new Map();

  it('sees a removal that leaves a weaker copy of a field behind', () => {
    const live = compose(shareableCost, shadow);
    const proposed = compose(shadow);
    expect(supergraphGovernanceChanges({ live, proposed, lastKnown: noLastKnown }).map((c) => c.description)).toEqual(
      expect.arrayContaining(['Item.cost: @requiresScopes [["costs:read"]] → none', 'Item.cost: @sensitive(class: "COMMERCIAL") removed']),
    );
  });

  it('sees an override as the supergraph records it', () => {
    const live = compose(catalog(), { ...shadow, sdl: `${SUBGRAPH_SCHEMA_HEADER}\ntype Item @key(fields: "id") @owner(team: "catalog") { id: ID! }` });
    const proposed = compose(catalog(), {
      ...shadow,
      sdl: `${SUBGRAPH_SCHEMA_HEADER}\ntype Item @key(fields: "id") @owner(team: "catalog") { id: ID! cost: Float @federation__override(from: "catalog") @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]]) }`,
    });
    expect(supergraphGovernanceChanges({ live, proposed, lastKnown: noLastKnown })).toEqual([
      { type: 'FIELD_OVERRIDDEN', coordinate: 'Item.cost', description: 'Item.cost is taken over from catalog by shadow (@override)' },
    ]);
  });

  it('judges a coordinate that comes back against the rules it last had', () => {
    const withoutCost = compose(edit('  cost: Float @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])\n', ''));
    const before = compose(catalog());
    const lastKnown = new Map([['Item.cost', { ...coordinateRules(before.rules).get('Item.cost')!, supergraphVersion: 3 }]]);
    const back = compose(edit(' @sensitive(class: "COMMERCIAL") @requiresScopes(scopes: [["costs:read"]])', ''));
    expect(supergraphGovernanceChanges({ live: withoutCost, proposed: back, lastKnown }).map((c) => c.description)).toEqual([
      'Item.cost: @requiresScopes [["costs:read"]] → none (since it was last served, in supergraph version 3)',
      'Item.cost: @sensitive(class: "COMMERCIAL") removed (since it was last served, in supergraph version 3)',
    ]);
    expect(supergraphGovernanceChanges({ live: withoutCost, proposed: before, lastKnown })).toEqual([]);
  });

  it('judges a field that now returns another type by that type’s access rules', () => {
    const guarded = catalog(`${CATALOG}
type Secret @owner(team: "catalog") @requiresScopes(scopes: [["costs:read"]]) { value: String! }
type Plain @owner(team: "catalog") { value: String! }
extend type Query { secret: Secret @owner(team: "catalog") }`);
    const swapped = { ...guarded, sdl: guarded.sdl.replace('secret: Secret', 'secret: Plain') };
    expect(supergraphGovernanceChanges({ live: compose(guarded), proposed: compose(swapped), lastKnown: noLastKnown }).map((c) => c.description)).toEqual([
      'Query.secret: through its type (Secret → Plain): @requiresScopes [["costs:read"]] → none',
    ]);
  });
});

describe('comparing lists of changes', () => {
  const url = { type: 'ROUTING_URL_CHANGED' as const, coordinate: 'a', description: 'x' };
  const weaker = { type: 'GOVERNANCE_WEAKENED' as const, coordinate: 'T.f', description: 'T.f: y' };

  it('keeps each change once and finds what was not accepted', () => {
    expect(distinctChanges([url, weaker, { ...url }])).toEqual([url, weaker]);
    expect(notAccepted([url, weaker], [weaker])).toEqual([url]);
    expect(notAccepted([url], [{ ...url, description: 'other' }])).toEqual([url]);
  });
});
