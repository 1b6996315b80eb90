import { createLogger } from '../logger';
import { BrandLookup } from './brand-lookup';
import { requireBrandId } from './brand-of-input';

const directory = (brands: { id: string; slug: string }[] | Error) => {
  let asked = 0;
  const lookup = new BrandLookup(async <T>() => {
    asked += 1;
    if (brands instanceof Error) throw brands;
    return { brands } as T;
  }, createLogger('test', 'silent'));
  return { lookup, asked: () => asked };
};
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: { extensions?: { code?: string } }) => e.extensions?.code);

describe('requireBrandId', () => {
  const brands = [{ id: 'id-halden', slug: 'halden' }, { id: 'id-lumen', slug: 'lumen' }];

  it('gives the id of a slug the caller may act on', async () => {
    expect(await requireBrandId(directory(brands).lookup, { brandIds: '*' }, 'lumen')).toBe('id-lumen');
    expect(await requireBrandId(directory(brands).lookup, { brandIds: ['id-halden'] }, 'halden')).toBe('id-halden');
  });

  it('refuses a brand outside the caller’s brands, an unknown slug, and a directory never read', async () => {
    expect(await codeOf(requireBrandId(directory(brands).lookup, { brandIds: ['id-halden'] }, 'lumen'))).toBe('FORBIDDEN_BRAND');
    expect(await codeOf(requireBrandId(directory(brands).lookup, { brandIds: '*' }, 'nope'))).toBe('NOT_FOUND');
    expect(await codeOf(requireBrandId(directory(new Error('connection refused')).lookup, { brandIds: '*' }, 'halden'))).toBe('SUBGRAPH_UNAVAILABLE');
  });

  it('reads the directory once for slugs it knows', async () => {
    const { lookup, asked } = directory(brands);
    await requireBrandId(lookup, { brandIds: '*' }, 'halden');
    await requireBrandId(lookup, { brandIds: '*' }, 'lumen');
    expect(asked()).toBe(1);
  });
});
