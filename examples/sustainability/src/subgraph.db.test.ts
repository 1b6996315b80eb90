import { randomUUID } from 'node:crypto';
import { PublicKeySet } from '../../../shared/src/auth/keys';
import type { Principal } from '../../../shared/src/auth/principal';
import { RequestSigner, SIGNATURE_HEADER } from '../../../shared/src/auth/signing';
import { statementCount } from '../../../shared/src/db/data-source';
import { brandIdBySlug, demoCatalog } from '../../../shared/src/demo/portfolio';
import { createLogger } from '../../../shared/src/logger';
import { startSubgraph, type RunningSubgraph } from '../../../shared/src/subgraph/server';
import { testSigningKey } from '../../../test/support/stack';
import { FOOTPRINT_METHODOLOGY } from './footprint/footprint.resolver';
import { demoFootprint } from './seed';
import { sustainabilitySubgraph } from './subgraph';
import { testDatabaseUrl } from '../../../test/support/test-database';

const everyone: Principal = { sub: 'test:reader', roles: [], scopes: ['catalog:read'], brands: '*', brandIds: '*' };
const aureliaOnly: Principal = { ...everyone, brands: ['aurelia'], brandIds: [brandIdBySlug('aurelia')] };

let running: RunningSubgraph;
let signer: RequestSigner;

beforeAll(async () => {
  const gatewayKey = await testSigningKey();
  signer = new RequestSigner(gatewayKey);
  running = await startSubgraph(sustainabilitySubgraph, {
    databaseUrl: testDatabaseUrl('sustainability'),
    gatewayKeys: PublicKeySet.of([gatewayKey.publicJwk]),
    port: 0,
    seed: true,
    logLevel: 'error',
  });
});

afterAll(() => running?.stop());

async function ask(principal: Principal, query: string, variables?: Record<string, unknown>) {
  const body = JSON.stringify({ query, variables });
  const signature = await signer.sign({ audience: 'sustainability', method: 'POST', body, principal, requestId: randomUUID() });
  const response = await fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

const BRANDS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Brand { id sustainability { skusMeasured averageFootprintKg totalFootprintKg } } }
}`;
const SKUS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sku { id carbonFootprintKg } } }`;

describe('the sustainability subgraph, seeded', () => {
  const footprints = demoCatalog().skus.map((sku) => ({ ...demoFootprint(sku), code: sku.code }));
  const round3 = (n: number) => Math.round(n * 1000) / 1000;

  it('answers the methodology', async () => {
    expect(await ask(everyone, '{ footprintMethodology }')).toEqual({ data: { footprintMethodology: FOOTPRINT_METHODOLOGY } });
  });

  it('sums the footprints of every brand asked in one statement', async () => {
    const slugs = ['halden', 'aurelia', 'lumen'];
    const representations = [...slugs.map((s) => ({ __typename: 'Brand', id: brandIdBySlug(s) })), { __typename: 'Brand', id: randomUUID() }];
    const before = statementCount(running.dataSource);
    const { data, errors } = await ask(everyone, BRANDS, { representations });
    expect(statementCount(running.dataSource) - before).toBe(1);
    expect(errors).toBeUndefined();
    slugs.forEach((slug, i) => {
      const own = footprints.filter((f) => f.brandId === brandIdBySlug(slug)).map((f) => f.kgCo2e);
      const total = own.reduce((sum, kg) => sum + kg, 0);
      expect(data._entities[i].sustainability.skusMeasured).toBe(50);
      expect(data._entities[i].sustainability.totalFootprintKg).toBeCloseTo(total, 3);
      expect(data._entities[i].sustainability.averageFootprintKg).toBeCloseTo(round3(total / own.length), 3);
    });
    expect(data._entities[3].sustainability).toEqual({ skusMeasured: 0, averageFootprintKg: null, totalFootprintKg: null });
  });

  it('gives the footprint of each SKU, null when it was never measured', async () => {
    const [hal, aur] = [footprints.find((f) => f.code === 'HAL-001')!, footprints.find((f) => f.code === 'AUR-001')!];
    const unknown = randomUUID();
    const { data, errors } = await ask(everyone, SKUS, {
      representations: [hal, aur, { skuId: unknown }].map((f) => ({ __typename: 'Sku', id: f.skuId })),
    });
    expect(errors).toBeUndefined();
    expect(data._entities).toEqual([
      { id: hal.skuId, carbonFootprintKg: hal.kgCo2e },
      { id: aur.skuId, carbonFootprintKg: aur.kgCo2e },
      { id: unknown, carbonFootprintKg: null },
    ]);
  });

  it("refuses the footprint of another brand's SKU", async () => {
    const [hal, aur] = [footprints.find((f) => f.code === 'HAL-001')!, footprints.find((f) => f.code === 'AUR-001')!];
    const { data, errors } = await ask(aureliaOnly, SKUS, { representations: [hal, aur].map((f) => ({ __typename: 'Sku', id: f.skuId })) });
    expect(data._entities).toEqual([
      { id: hal.skuId, carbonFootprintKg: null },
      { id: aur.skuId, carbonFootprintKg: aur.kgCo2e },
    ]);
    expect(errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN_BRAND']);
  });

  it('seeds once: a second seed adds nothing', async () => {
    await sustainabilitySubgraph.seed!(running.dataSource, createLogger('sustainability', 'silent'));
    const [{ count }] = await running.dataSource.query('SELECT count(*)::int AS count FROM sku_footprint');
    expect(count).toBe(footprints.length);
  });
});
