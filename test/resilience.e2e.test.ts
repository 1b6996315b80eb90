import { DEFAULT_RESILIENCE } from '../gateway/src/resilience/subgraph-policies';
import { Stack } from './support/stack';

/**
 * One failure does not spread: with the inventory subgraph hung (accepting connections, never
 * answering), operations that need only the others answer as usual; those that need inventory get
 * its part as null with SUBGRAPH_UNAVAILABLE after its timeout, then — once the circuit opens — at
 * once; /readyz shows the open circuit; when inventory answers again a probe closes it.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await Stack.start({
    tap: ['inventory'],
    gateway: { resilience: { ...DEFAULT_RESILIENCE, timeoutMs: 300, consecutiveFailures: 2, halfOpenAfterMs: 800 } },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const BRANDS_ONLY = '{ brands { slug lifecycle } }';
const WITH_INVENTORY = '{ brand(slug: "halden") { name } skuByCode(code: "HAL-001") { code } }';

async function timed(query: string) {
  const started = performance.now();
  const response = await stack.query(query);
  return { ...response, ms: performance.now() - started };
}

async function circuit(): Promise<string | undefined> {
  const body = (await (await fetch(`${stack.baseUrl}/readyz`)).json()) as { subgraphs: { name: string; circuit: string }[] };
  return body.subgraphs.find((s) => s.name === 'inventory')?.circuit;
}

it('serves the rest of the graph while a subgraph hangs, fails fast once the circuit opens, and recovers by itself', async () => {
  const healthy = await timed(WITH_INVENTORY);
  expect(healthy.data).toEqual({ brand: { name: 'Halden & Co.' }, skuByCode: { code: 'HAL-001' } });

  stack.taps.inventory!.hung = true;

  const others = await timed(BRANDS_ONLY);
  expect(others.errors).toBeUndefined();
  expect(others.data.brands).toHaveLength(6);

  // The first reads wait for the timeout (and their one retry), then answer without inventory's part.
  const slow = await timed(WITH_INVENTORY);
  expect(slow.data).toEqual({ brand: { name: 'Halden & Co.' }, skuByCode: null });
  expect(slow.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'inventory' }) })]);
  expect(slow.errors![0]!.message).toMatch(/did not answer within 300 ms|circuit is open/);
  expect(await circuit()).toBe('open');

  // Open: the same operation answers at once, its message saying why.
  const fast = await timed(WITH_INVENTORY);
  expect(fast.data).toEqual({ brand: { name: 'Halden & Co.' }, skuByCode: null });
  expect(fast.errors![0]!.message).toMatch(/circuit is open/);

  // Inventory answers again: after the half-open delay one probe goes through and closes the circuit.
  stack.taps.inventory!.hung = false;
  await new Promise((resolve) => setTimeout(resolve, 900));
  const recovered = await timed(WITH_INVENTORY);
  expect(recovered.errors).toBeUndefined();
  expect(recovered.data.skuByCode).toEqual({ code: 'HAL-001' });
  expect(await circuit()).toBe('closed');
});

it('never retries a mutation: a hung subgraph sees it once', async () => {
  stack.taps.inventory!.hung = true;
  try {
    const before = stack.taps.inventory!.captured.length;
    const response = await stack.query('mutation { releaseReservation(id: "00000000-0000-5000-8000-000000000000", reason: "once") { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    const sent = stack.taps.inventory!.captured.slice(before).filter((r) => /releaseReservation/.test(r.body.toString()));
    expect(sent.length).toBeLessThanOrEqual(1);
  } finally {
    stack.taps.inventory!.hung = false;
  }
});
