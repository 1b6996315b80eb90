import { collapseRepresentations, expandEntities } from './entity-dedup';

const node = (id: string) => ({ __typename: 'FulfillmentNode', id });

describe('collapseRepresentations', () => {
  it('keeps each distinct representation once, in first-seen order, and where each one went', () => {
    const collapsed = collapseRepresentations([node('a'), node('b'), node('a'), node('c'), node('b')]);
    expect(collapsed).toEqual({ representations: [node('a'), node('b'), node('c')], distinctIndexOf: [0, 1, 0, 2, 1] });
  });

  it('leaves a fetch alone when nothing repeats or there is nothing to collapse', () => {
    expect(collapseRepresentations([node('a'), node('b')])).toBeUndefined();
    expect(collapseRepresentations([node('a')])).toBeUndefined();
    expect(collapseRepresentations(undefined)).toBeUndefined();
    expect(collapseRepresentations('not a list')).toBeUndefined();
  });

  it('tells apart representations that differ in any field, types included', () => {
    const collapsed = collapseRepresentations([node('a'), { __typename: 'Brand', id: 'a' }, { ...node('a'), code: 'X' }, node('a')]);
    expect(collapsed?.representations).toHaveLength(3);
    expect(collapsed?.distinctIndexOf).toEqual([0, 1, 2, 0]);
  });
});

describe('expandEntities', () => {
  const collapsed = collapseRepresentations([node('a'), node('b'), node('a'), node('a')])!;

  it('answers one entity per representation the executor sent, each place with its own object', () => {
    const answer = expandEntities({ data: { _entities: [{ operator: { name: 'A' } }, { operator: { name: 'B' } }] } }, collapsed);
    const entities = (answer.data as { _entities: { operator: { name: string } }[] })._entities;
    expect(entities).toEqual([{ operator: { name: 'A' } }, { operator: { name: 'B' } }, { operator: { name: 'A' } }, { operator: { name: 'A' } }]);
    // The executor merges later fetches into these: no two places may share an object.
    expect(entities[2]).not.toBe(entities[0]);
    expect(entities[2]!.operator).not.toBe(entities[0]!.operator);
    expect(entities[3]!.operator).not.toBe(entities[2]!.operator);
  });

  it('repeats an entity error at every place that entity was asked for; other errors stay as they are', () => {
    const answer = expandEntities(
      {
        data: { _entities: [null, { operator: { name: 'B' } }] },
        errors: [
          { message: 'no such node', path: ['_entities', 0, 'operator'], extensions: { code: 'NOT_FOUND' } },
          { message: 'whole fetch', extensions: { code: 'X' } },
        ],
      },
      collapsed,
    );
    expect((answer.data as { _entities: unknown[] })._entities).toEqual([null, { operator: { name: 'B' } }, null, null]);
    expect(answer.errors).toEqual([
      { message: 'no such node', path: ['_entities', 0, 'operator'], extensions: { code: 'NOT_FOUND' } },
      { message: 'no such node', path: ['_entities', 2, 'operator'], extensions: { code: 'NOT_FOUND' } },
      { message: 'no such node', path: ['_entities', 3, 'operator'], extensions: { code: 'NOT_FOUND' } },
      { message: 'whole fetch', extensions: { code: 'X' } },
    ]);
  });

  it('hands back an answer that does not fit the collapsed fetch unchanged, for the executor to report', () => {
    const short = { data: { _entities: [{ operator: null }] } };
    expect(expandEntities(short, collapsed)).toBe(short);
    const failed = { data: null, errors: [{ message: 'down' }] };
    expect(expandEntities(failed, collapsed)).toEqual(failed);
  });
});
