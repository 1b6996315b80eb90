import { composeSupergraph } from '../supergraph/compose';
import { SUBGRAPH_SCHEMA_HEADER } from '../../../shared/src/governance/directives';
import { breakingChanges } from './breaking-changes';

const subgraph = (fields: string) => ({
  name: 'catalog',
  url: 'http://catalog/graphql',
  sdl: `${SUBGRAPH_SCHEMA_HEADER}
    type Item @key(fields: "id") @owner(team: "t") { id: ID! name: String! }
    type Query { ${fields} }`,
});

function supergraph(fields: string): string {
  const result = composeSupergraph([subgraph(fields)]);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.supergraphSdl;
}

describe('breakingChanges', () => {
  const live = supergraph('items: [Item!]! @owner(team: "t") item(id: ID!): Item @owner(team: "t")');

  it('finds nothing when fields are only added', () => {
    expect(breakingChanges(live, supergraph('items: [Item!]! @owner(team: "t") item(id: ID!): Item @owner(team: "t") count: Int @owner(team: "t")'))).toEqual([]);
  });

  it('names a removed field by its coordinate', () => {
    expect(breakingChanges(live, supergraph('items: [Item!]! @owner(team: "t")'))).toEqual([
      { type: 'FIELD_REMOVED', coordinate: 'Query.item', description: 'Query.item was removed.' },
    ]);
  });

  it('names a field whose type changed incompatibly', () => {
    const changes = breakingChanges(live, supergraph('items: [Item] @owner(team: "t") item(id: ID!): Item @owner(team: "t")'));
    expect(changes.map((c) => [c.type, c.coordinate])).toEqual([['FIELD_CHANGED_KIND', 'Query.items']]);
  });

  it('has nothing to compare against before the first supergraph', () => {
    expect(breakingChanges(null, live)).toEqual([]);
  });
});
