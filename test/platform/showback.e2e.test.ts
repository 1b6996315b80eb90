import { allocateByLargestRemainder } from '../../subgraphs/platform/src/showback/allocate';
import { asClient, thisMonth } from '../support/client-app';
import { Stack, token } from '../support/stack';

/**
 * Acceptance: after traffic from two brand apps of different brands, showback allocates each
 * service's monthly cost between them in proportion to their weighted usage, and the lines (with
 * the unallocated remainder) sum to the cost.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start();
});
afterAll(async () => {
  await stack?.stop();
});

const SKUS = (slug: string, first: number) => `query Skus { brand(slug: "${slug}") { skus(first: ${first}) { nodes { code available } } } }`;
const SHOWBACK = `query Showback($period: String!) { showback(period: $period) { period services { service { code } monthlyCost currency requests weightedUsage
  lines { brandId brand { slug } requests weightedUsage share allocated costPerRequest } unallocated { requests weightedUsage amount } } brands { brand { slug } totals { currency allocated } } } }`;

it('allocates each service’s monthly cost between the brands by weighted usage, to the cent', async () => {
  const halden = await token({ roles: ['storefront'], brands: ['halden'] });
  const lumen = await token({ roles: ['storefront'], brands: ['lumen'] });
  const estimated: Record<string, number> = { halden: 0, lumen: 0 };
  const send = async (app: string, as: string, slug: string, first: number) => {
    const r = await asClient(stack, app, as, { query: SKUS(slug, first) });
    expect(r.errors).toBeUndefined();
    estimated[slug]! += Number(/estimated=(\d+)/.exec(r.headers.get('x-trellis-cost') ?? '')![1]);
  };
  // Halden's app asks for bigger pages, more often: its requests weigh more.
  for (let i = 0; i < 6; i++) await send('halden-web', halden, 'halden', 20);
  for (let i = 0; i < 3; i++) await send('lumen-app', lumen, 'lumen', 5);
  await stack.gateway.usage!.flush();

  const { data, errors } = await stack.query(SHOWBACK, { period: thisMonth() }, { roles: ['portfolio-manager'] });
  expect(errors).toBeUndefined();
  const inventory = data.showback.services.find((s: any) => s.service.code === 'inventory-availability');
  const line = (slug: string) => inventory.lines.find((l: any) => l.brand.slug === slug);
  expect(line('halden')).toMatchObject({ requests: 6, weightedUsage: estimated.halden });
  expect(line('lumen')).toMatchObject({ requests: 3, weightedUsage: estimated.lumen });
  expect(estimated.halden).toBeGreaterThan(estimated.lumen!);

  // In proportion to weighted usage, by largest remainder over the brands and the unallocated usage.
  const weights = [...inventory.lines.map((l: any) => l.weightedUsage), inventory.unallocated.weightedUsage];
  const cents = allocateByLargestRemainder(Math.round(inventory.monthlyCost * 100), weights);
  expect([...inventory.lines.map((l: any) => Math.round(l.allocated * 100)), Math.round(inventory.unallocated.amount * 100)]).toEqual(cents);
  expect(line('halden').allocated / line('lumen').allocated).toBeCloseTo(estimated.halden! / estimated.lumen!, 2);
  expect(line('halden').costPerRequest).toBeCloseTo(line('halden').allocated / 6, 6);
  // Every line of every service sums to its monthly cost exactly.
  for (const service of data.showback.services) {
    const sum = service.lines.reduce((a: number, l: any) => a + Math.round(l.allocated * 100), 0) + Math.round(service.unallocated.amount * 100);
    expect(sum).toBe(Math.round(service.monthlyCost * 100));
  }
  expect(data.showback.brands.map((b: any) => b.brand.slug).sort()).toEqual(['halden', 'lumen']);

  // Brand.showback answers the same for one brand.
  const own = await stack.query(`{ brand(slug: "halden") { showback(period: "${thisMonth()}") { lines { serviceCode allocated } totals { currency allocated } } } }`, undefined, { roles: ['portfolio-manager'] });
  expect(own.data.brand.showback.lines.find((l: any) => l.serviceCode === 'inventory-availability').allocated).toBe(line('halden').allocated);
});

it('answers a brand-restricted caller over its own brands only, and costs need costs:read', async () => {
  const haldenFinance = await token({ roles: ['storefront'], scopes: ['costs:read'], brands: ['halden'] });
  const { data, errors } = await stack.query(
    `{ showback(period: "${thisMonth()}") { services { service { code } lines { brand { slug } allocated } unallocated { amount } requests } brands { brand { slug } } } }`,
    undefined,
    haldenFinance,
  );
  for (const service of data.showback.services) {
    expect(service.lines.every((l: any) => l.brand.slug === 'halden')).toBe(true);
    expect(service.unallocated).toBeNull();
    expect(service.requests).toBeNull();
  }
  expect(data.showback.brands.map((b: any) => b.brand.slug)).toEqual(['halden']);
  expect(new Set(errors!.map((e) => e.extensions!.code))).toEqual(new Set(['UNAUTHORIZED_FIELD_OR_TYPE']));

  const storefront = await token({ roles: ['storefront'], brands: ['halden'] });
  const denied = await stack.query(`{ showback(period: "${thisMonth()}") { period } }`, undefined, storefront);
  expect(denied.errors?.[0]?.extensions?.coordinate).toBe('Query.showback');
  const bad = await stack.query('{ showback(period: "2026-13") { period } }', undefined, { roles: ['portfolio-manager'] });
  expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});
