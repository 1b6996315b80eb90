import { byKey, groupedByKey, rowLoader } from './loader';

describe('byKey', () => {
  it('returns one row per key, in key order, null where missing', () => {
    const rows = [{ id: 'b' }, { id: 'a' }];
    expect(byKey(['a', 'x', 'b'], rows, (r) => r.id)).toEqual([{ id: 'a' }, null, { id: 'b' }]);
  });
});

describe('groupedByKey', () => {
  it('groups rows under their key in key order, empty lists for keys without rows', () => {
    const rows = [{ k: 2, v: 'x' }, { k: 1, v: 'y' }, { k: 2, v: 'z' }];
    expect(groupedByKey([1, 2, 3], rows, (r) => r.k)).toEqual([[{ k: 1, v: 'y' }], [{ k: 2, v: 'x' }, { k: 2, v: 'z' }], []]);
  });
});

describe('rowLoader', () => {
  it('batches the keys of one tick into one call', async () => {
    const calls: string[][] = [];
    const loader = rowLoader(async (ids: readonly string[]) => {
      calls.push([...ids]);
      return ids.map((id) => ({ id }));
    }, (r) => r.id);
    const results = await Promise.all([loader.load('a'), loader.load('b'), loader.load('a')]);
    expect(results).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'a' }]);
    expect(calls).toEqual([['a', 'b']]);
  });
});
