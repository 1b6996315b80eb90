import { Stack, token } from '../support/stack';

/**
 * Acceptance: latency injected into one subgraph raises its service's burn rate above 1 in
 * `health(window:)` and on `/metrics`; the other services keep theirs.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start({ tap: ['partners'] });
});
afterAll(async () => {
  await stack?.stop();
});

const HEALTH = '{ sharedServices { code slo { p99Ms errorRate } health(window: H1) { window requests errors p99Ms slowShare latencyBurnRate errorBurnRate burnRate meetsObjective } } }';
const health = async (code: string) => {
  const { data, errors } = await stack.query(HEALTH, undefined, await token({ roles: ['storefront'], brands: ['halden'] }));
  expect(errors).toBeUndefined();
  return data.sharedServices.find((s: any) => s.code === code);
};
const partnersQuery = () => stack.query('{ partners { name } brands { slug } }');

it('meets the objective while the subgraph is fast', async () => {
  for (let i = 0; i < 5; i++) expect((await partnersQuery()).errors).toBeUndefined();
  await stack.gateway.usage!.flush();
  const partners = await health('partner-management');
  expect(partners.health).toMatchObject({ window: 'H1', errors: 0, meetsObjective: true });
  expect(partners.health.requests).toBeGreaterThanOrEqual(5);
  expect(partners.health.burnRate).toBeLessThanOrEqual(1);
});

it('burns faster than the objective allows once latency is injected, in the graph and on /metrics', async () => {
  const objective = (await health('partner-management')).slo.p99Ms;
  stack.taps.partners!.delayMs = objective + 150;
  for (let i = 0; i < 5; i++) expect((await partnersQuery()).errors).toBeUndefined();
  stack.taps.partners!.delayMs = 0;
  await stack.gateway.usage!.flush();

  const partners = await health('partner-management');
  expect(partners.health.p99Ms).toBeGreaterThan(objective);
  expect(partners.health.latencyBurnRate).toBeGreaterThan(1);
  expect(partners.health).toMatchObject({ meetsObjective: false, errorBurnRate: 0 });
  expect((await health('portfolio-decisions')).health.meetsObjective).toBe(true);

  const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
  const burn = (service: string, objective: string) =>
    Number(new RegExp(`trellis_slo_burn_rate\\{service="${service}",window="1h",objective="${objective}"\\} ([0-9.e+-]+)`).exec(metrics)?.[1]);
  expect(burn('partner-management', 'latency')).toBeGreaterThan(1);
  expect(burn('partner-management', 'any')).toBeCloseTo(partners.health.burnRate, 6);
  expect(burn('portfolio-decisions', 'any')).toBeLessThanOrEqual(1);
  expect(metrics).toMatch(/trellis_slo_p99_ms\{service="partner-management",window="1h"\} \d+/);
});
