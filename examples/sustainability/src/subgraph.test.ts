import { composeSupergraph } from '../../../gateway/src/supergraph/compose';
import { demoCatalog } from '../../../shared/src/demo/portfolio';
import { lintSubgraph } from '../../../shared/src/governance/lint';
import { buildFederatedSchema } from '../../../shared/src/subgraph/build-schema';
import type { SubgraphDefinition } from '../../../shared/src/subgraph/definition';
import { brandsSubgraph } from '../../../subgraphs/brands/src/subgraph';
import { inventorySubgraph } from '../../../subgraphs/inventory/src/subgraph';
import { partnersSubgraph } from '../../../subgraphs/partners/src/subgraph';
import { FOOTPRINT_METHODOLOGY } from './footprint/footprint.resolver';
import { demoFootprint } from './seed';
import { sustainabilitySubgraph } from './subgraph';

const sdlOf = async ({ resolvers, orphanedTypes, referenceResolvers }: Pick<SubgraphDefinition, 'resolvers' | 'orphanedTypes' | 'referenceResolvers'>): Promise<string> =>
  (await buildFederatedSchema({ resolvers, orphanedTypes, referenceResolvers })).sdl;

describe('the sustainability subgraph', () => {
  let sdl: string;
  beforeAll(async () => {
    sdl = await sdlOf(sustainabilitySubgraph);
  });

  it('passes the governance lint', () => {
    expect(lintSubgraph('sustainability', sdl)).toEqual([]);
  });

  it('extends Sku and Brand by their keys', () => {
    expect(sdl).toContain('carbonFootprintKg: Float');
    expect(sdl).toContain('sustainability: BrandSustainability');
    expect(sdl).toContain('footprintMethodology: String!');
    expect(sdl).toContain('@key(fields: "id")');
  });

  it('explains every method a footprint is measured by', () => {
    const methods = new Set(demoCatalog().skus.map((sku) => demoFootprint(sku).method));
    expect([...methods].sort()).toEqual(['PROCESS_LCA', 'SPEND_BASED']);
    for (const method of methods) expect(FOOTPRINT_METHODOLOGY).toContain(method);
    expect(FOOTPRINT_METHODOLOGY).toMatch(/kg CO2e/);
  });

  it('composes with the brands, inventory and partners subgraphs', async () => {
    const subgraphs = { brands: brandsSubgraph, inventory: inventorySubgraph, partners: partnersSubgraph, sustainability: sustainabilitySubgraph };
    const sources = await Promise.all(
      Object.entries(subgraphs).map(async ([name, definition]) => ({ name, url: `http://${name}.test/graphql`, sdl: await sdlOf(definition) })),
    );
    const result = composeSupergraph(sources);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(result.ok).toBe(true);
    expect(result.supergraphSdl).toContain('carbonFootprintKg');
  });

  it('seeds a deterministic, non-negative footprint that fits numeric(8, 3) for every demo SKU', () => {
    const { skus } = demoCatalog();
    const footprints = skus.map(demoFootprint);
    expect(new Set(footprints.map((f) => f.skuId)).size).toBe(skus.length);
    expect(footprints).toEqual(demoCatalog().skus.map(demoFootprint));
    for (const f of footprints) {
      expect(f.kgCo2e).toBeGreaterThanOrEqual(0);
      expect(f.kgCo2e).toBeLessThan(100_000);
    }
  });
});
