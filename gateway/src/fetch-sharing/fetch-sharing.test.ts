import { buildSchema } from 'graphql';
import { GovernanceRules } from '../../../shared/src/governance/rules';
import { rightsKey } from '../operation-memo';
import { judge } from './fetch-classifier';
import { fetchKey, isQuery } from './fetch-key';
import { InFlight } from './in-flight';
import { ResponseCache } from './response-cache';

const storefront: { roles: string[]; scopes: string[]; brands: string[]; brandIds: string[] } = { roles: ['storefront'], scopes: [], brands: ['halden'], brandIds: ['b1'] };

describe('fetch keys', () => {
  test('equal rights in any order give one key; any difference in rights, query, variables or subgraph gives another', () => {
    const rights = rightsKey(storefront);
    expect(rightsKey({ roles: ['storefront'], scopes: [], brands: ['halden'], brandIds: ['b1'] })).toBe(rights);
    expect(rightsKey({ roles: ['a', 'b'], scopes: ['x', 'y'], brands: '*', brandIds: '*' })).toBe(rightsKey({ roles: ['b', 'a'], scopes: ['y', 'x'], brands: '*', brandIds: '*' }));
    const key = fetchKey('inventory', '{ a }', { x: 1 }, rights);
    expect(fetchKey('inventory', '{ a }', { x: 1 }, rights)).toBe(key);
    for (const other of [
      fetchKey('partners', '{ a }', { x: 1 }, rights),
      fetchKey('inventory', '{ b }', { x: 1 }, rights),
      fetchKey('inventory', '{ a }', { x: 2 }, rights),
      fetchKey('inventory', '{ a }', { x: 1 }, rightsKey({ ...storefront, brands: ['lumen'] })),
      fetchKey('inventory', '{ a }', { x: 1 }, rightsKey({ ...storefront, brandIds: ['b2'] })),
      fetchKey('inventory', '{ a }', { x: 1 }, rightsKey({ ...storefront, scopes: ['inventory:cost'] })),
      fetchKey('inventory', '{ a }', { x: 1 }, rightsKey({ ...storefront, roles: ['operations'] })),
    ]) {
      expect(other).not.toBe(key);
    }
  });

  test('only queries are shared', () => {
    expect(isQuery('query Q { a }')).toBe(true);
    expect(isQuery('{ a }')).toBe(true);
    expect(isQuery('mutation M { a }')).toBe(false);
    expect(isQuery('  subscription { a }')).toBe(false);
  });
});

describe('response cache epochs', () => {
  const answer = { status: 200, text: '{"data":{}}' };

  test('an answer is kept only if the epoch did not move while it was fetched', () => {
    const cache = new ResponseCache();
    expect(cache.set('k', 'inventory', 3, 4, answer)).toBe(false);
    expect(cache.get('k', 'inventory', 4)).toBeUndefined();
    expect(cache.set('k', 'inventory', 3, undefined, answer)).toBe(false); // the listener went away meanwhile
    expect(cache.set('k', 'inventory', 4, 4, answer)).toBe(true);
    expect(cache.get('k', 'inventory', 4)).toMatchObject(answer);
  });

  test('an entry is served only at the epoch it was stored at', () => {
    const cache = new ResponseCache();
    cache.set('k', 'inventory', 1, 1, answer);
    expect(cache.get('k', 'inventory', 2)).toBeUndefined();
    expect(cache.get('k', 'inventory', 1)).toBeUndefined(); // dropped when found stale
  });

  test('bounded: the least recently used entry goes first', () => {
    const cache = new ResponseCache(2);
    cache.set('a', 's', 0, 0, answer);
    cache.set('b', 's', 0, 0, answer);
    cache.get('a', 's', 0);
    cache.set('c', 's', 0, 0, answer);
    expect(cache.get('b', 's', 0)).toBeUndefined();
    expect(cache.get('a', 's', 0)).toBeDefined();
  });
});

describe('in-flight deduplication', () => {
  test('a fetch joins the identical one in flight, and nothing is kept after it settles', async () => {
    const inFlight = new InFlight<number>();
    let calls = 0;
    let release!: (n: number) => void;
    const fetch = () => {
      calls++;
      return new Promise<number>((resolve) => (release = resolve));
    };
    const a = inFlight.run('k', fetch);
    const b = inFlight.run('k', fetch);
    release(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(calls).toBe(1);
    expect(inFlight.hits).toBe(1);
    const c = inFlight.run('k', fetch);
    release(8);
    expect(await c).toBe(8);
    expect(calls).toBe(2);
  });
});

describe('which fetches may be shared', () => {
  const sdl = `
    directive @sensitive(class: String) on FIELD_DEFINITION | OBJECT
    type Query { brand(slug: String!): Brand, reviewsDue: [Brand] }
    type Brand { id: ID! slug: String! skus: [Sku] reviewOverdue: Boolean }
    type Sku { code: String! available: Int unitCost: Float @sensitive(class: "commercial") }`;
  const schema = buildSchema(sdl);
  const rules = GovernanceRules.fromSdl(sdl);
  const allowed = new Set(['Query.brand', 'Brand.id', 'Brand.slug', 'Brand.skus', 'Sku.code', 'Sku.available']);

  test('a query selecting only allowed fields is cached and shared, root or entity fetch', () => {
    expect(judge(schema, rules, allowed, '{ brand(slug: "h") { __typename id slug } }')).toEqual({ dedup: true, cache: true });
    expect(judge(schema, rules, allowed, 'query($representations:[_Any!]!){_entities(representations:$representations){...on Brand{skus{code available}}}}')).toEqual({ dedup: true, cache: true });
  });

  test('a clock-dependent or unlisted field is shared in flight but never cached', () => {
    expect(judge(schema, rules, allowed, '{ brand(slug: "h") { reviewOverdue } }')).toEqual({ dedup: true, cache: false });
    expect(judge(schema, rules, allowed, '{ reviewsDue { id } }')).toEqual({ dedup: true, cache: false });
  });

  test('a @sensitive field (access-logged by the subgraph) is neither shared nor cached, nor is an unknown field or a mutation', () => {
    expect(judge(schema, rules, new Set([...allowed, 'Sku.unitCost']), '{ brand(slug: "h") { skus { unitCost } } }')).toEqual({ dedup: false, cache: false });
    expect(judge(schema, rules, allowed, '{ brand(slug: "h") { secret } }')).toEqual({ dedup: false, cache: false });
    expect(judge(schema, rules, allowed, 'mutation { brand(slug: "h") { id } }')).toEqual({ dedup: false, cache: false });
  });
});
