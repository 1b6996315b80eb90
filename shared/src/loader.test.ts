import { batchByArgs, byKey, groupedByKey, rowLoader } from './loader';

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

describe('batchByArgs', () => {
  interface PageKey {
    brandId: string;
    first: number;
    after: string | null;
  }
  const pageLoader = () => {
    const calls: { ids: string[]; first: number; after: string | null }[] = [];
    const loader = batchByArgs(
      async (ids: readonly string[], { first, after }: { first: number; after: string | null }) => {
        calls.push({ ids: [...ids], first, after });
        return ids.map((id) => `${id}:${first}:${after ?? '-'}`);
      },
      (k: PageKey) => ({ id: k.brandId, args: { first: k.first, after: k.after } }),
    );
    return { loader, calls };
  };

  it('reads the keys asking the same arguments in one call, one call per distinct set of arguments', async () => {
    const { loader, calls } = pageLoader();
    const results = await Promise.all([
      loader.load({ brandId: 'a', first: 2, after: null }),
      loader.load({ brandId: 'b', first: 5, after: null }),
      loader.load({ brandId: 'b', first: 2, after: null }),
      loader.load({ brandId: 'c', first: 2, after: 'x' }),
    ]);
    expect(results).toEqual(['a:2:-', 'b:5:-', 'b:2:-', 'c:2:x']);
    expect(calls).toEqual([
      { ids: ['a', 'b'], first: 2, after: null },
      { ids: ['b'], first: 5, after: null },
      { ids: ['c'], first: 2, after: 'x' },
    ]);
  });

  it('asks an id once per set of arguments, and answers repeated keys from the same result', async () => {
    const { loader, calls } = pageLoader();
    const key = { brandId: 'a', first: 2, after: null };
    expect(await Promise.all([loader.load(key), loader.load({ ...key })])).toEqual(['a:2:-', 'a:2:-']);
    expect(calls).toEqual([{ ids: ['a'], first: 2, after: null }]);
  });

  it('groups arguments by value: the same instant in two Date objects is one set of arguments', async () => {
    const calls: string[][] = [];
    const loader = batchByArgs(
      async (ids: readonly string[]) => {
        calls.push([...ids]);
        return ids;
      },
      (k: { id: string; from: Date }) => ({ id: k.id, args: { at: k.from.toISOString() } }),
    );
    await Promise.all([loader.load({ id: 'a', from: new Date(0) }), loader.load({ id: 'b', from: new Date(0) })]);
    expect(calls).toEqual([['a', 'b']]);
  });

  it('refuses a batch answered with the wrong number of results', async () => {
    const loader = batchByArgs(async () => ['only one'], (k: string) => ({ id: k, args: null }));
    await expect(Promise.all([loader.load('a'), loader.load('b')])).rejects.toThrow('a batch of 2 id(s) was answered with 1 result(s)');
  });
});
