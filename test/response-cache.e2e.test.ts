import { DEMO_NODES } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { appendEntries } from '../shared/src/ledger/ledger';
import type { RunningGateway } from '../gateway/src/gateway';
import { Stack, token } from './support/stack';

/**
 * The response cache and fetch deduplication on (one stack for the file, two gateways on it):
 * concurrent writers and readers, and no read that started after a write's response arrived shows
 * anything older than that write — whichever gateway wrote and whichever read.
 */
let stack: Stack;
let second: RunningGateway;
let operations: string;
let manager: string;
let storefront: string;

const SKU = stableId('sku:HAL-001');
const NODE = DEMO_NODES.find((n) => n.code === 'ST-LONDON')!.id;
const STOCK = `{ brand(slug: "halden") { lifecycle skus(first: 20) { nodes { id stock { onHand node { id } } } } } }`;

beforeAll(async () => {
  stack = await Stack.start({ fetchSharing: { dedup: true, cache: true } });
  second = await stack.startGateway({ fetchSharing: { dedup: true, cache: true } });
  operations = await token({ roles: ['operations'], sub: 'olga@ops' });
  manager = await token({ roles: ['portfolio-manager'], sub: 'pat@portfolio' });
  storefront = await token({ roles: ['storefront'], brands: ['halden'], sub: 'sam@halden' });
});
afterAll(async () => {
  await second?.stop();
  await stack?.stop();
});

async function post(url: string, bearer: string, query: string): Promise<{ data?: any; errors?: { message: string; extensions?: { code?: string } }[] }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query }) });
  return (await response.json()) as never;
}

function onHandOf(data: any): number {
  const sku = data.brand.skus.nodes.find((s: { id: string }) => s.id === SKU);
  return sku.stock.find((p: { node: { id: string } }) => p.node.id === NODE).onHand;
}

async function metric(gateway: { url: string }, name: string, labels: string): Promise<number> {
  const text = await (await fetch(gateway.url.replace(/\/graphql$/, '/metrics'))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

test('with the cache on, a read answers from the cache and the hit rate shows it', async () => {
  for (let i = 0; i < 3; i++) expect((await post(stack.gateway.url, operations, STOCK)).errors).toBeUndefined();
  expect(await metric(stack.gateway, 'trellis_response_cache_requests_total', 'result="hit"')).toBeGreaterThan(0);
});

test('concurrent writers and readers on two gateways: no read that started after a write’s answer shows an older value', async () => {
  const gateways = [stack.gateway.url, second.url];
  // Every write's answer says the onHand it produced; deltas are +1, so values only grow.
  let highestAcknowledged = onHandOf((await post(stack.gateway.url, operations, STOCK)).data);
  /** Lifecycle writes in order, with when each was sent and acknowledged. */
  const lifecycleWrites: { value: string; sentAt: number; ackAt?: number }[] = [];
  const stale: string[] = [];
  const deadline = Date.now() + 4_000;
  let writes = 0;
  let reads = 0;

  const writer = async (w: number) => {
    while (Date.now() < deadline) {
      const result = await post(gateways[w % 2]!, operations, `mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: 1, reason: "cache test ${w}") { onHand } }`);
      expect(result.errors).toBeUndefined();
      highestAcknowledged = Math.max(highestAcknowledged, result.data.adjustStock.onHand);
      writes++;
    }
  };
  const lifecycles = ['STABLE', 'GROWING'];
  const lifecycleWriter = async () => {
    for (let i = 0; Date.now() < deadline; i++) {
      const lifecycle = lifecycles[i % 2]!;
      const write: { value: string; sentAt: number; ackAt?: number } = { value: lifecycle, sentAt: performance.now() };
      lifecycleWrites.push(write);
      const result = await post(gateways[i % 2]!, manager, `mutation { setBrandLifecycle(slug: "halden", lifecycle: ${lifecycle}, reason: "cache test ${i}") { lifecycle } }`);
      if (result.errors?.some((e) => e.extensions?.code === 'NO_CHANGE')) {
        lifecycleWrites.pop();
        continue;
      }
      expect(result.errors).toBeUndefined();
      write.ackAt = performance.now();
      writes++;
    }
  };
  const reader = async (r: number) => {
    for (let i = 0; Date.now() < deadline; i++) {
      // What had been acknowledged when this read started: the read must show it or something later.
      const floor = highestAcknowledged;
      const startedAt = performance.now();
      const result = await post(gateways[(r + i) % 2]!, operations, STOCK);
      const endedAt = performance.now();
      expect(result.errors).toBeUndefined();
      const seen = onHandOf(result.data);
      reads++;
      if (seen < floor) stale.push(`read ${r}/${i} saw onHand ${seen} after ${floor} was acknowledged`);
      // The last lifecycle acknowledged before the read started, or one written while it ran.
      const floor2 = lifecycleWrites.findLastIndex((w) => w.ackAt !== undefined && w.ackAt < startedAt);
      if (floor2 >= 0) {
        const allowed = new Set(lifecycleWrites.filter((w, j) => j === floor2 || (j > floor2 && w.sentAt < endedAt)).map((w) => w.value));
        if (!allowed.has(result.data.brand.lifecycle)) stale.push(`read ${r}/${i} saw lifecycle ${result.data.brand.lifecycle}; acknowledged before it: ${lifecycleWrites[floor2]!.value}`);
      }
    }
  };
  await Promise.all([writer(0), writer(1), lifecycleWriter(), ...Array.from({ length: 6 }, (_, r) => reader(r))]);
  expect(stale).toEqual([]);
  expect(writes).toBeGreaterThan(5);
  expect(reads).toBeGreaterThan(20);
  // Both gateways invalidated on the appends, whichever gateway wrote.
  for (const gateway of [stack.gateway, second]) {
    expect(await metric(gateway, 'trellis_response_cache_invalidations_total', 'reason="append"')).toBeGreaterThan(0);
  }
});

test('a write through a subgraph instance the gateway does not route to still invalidates (the ledger notifies, not the gateway)', async () => {
  const before = onHandOf((await post(stack.gateway.url, operations, STOCK)).data);
  expect(onHandOf((await post(stack.gateway.url, operations, STOCK)).data)).toBe(before); // cached now
  // As a sweep or another replica would: a change and its ledger entry in one transaction, no gateway involved.
  await stack.subgraphs.inventory.dataSource.transaction(async (manager) => {
    await manager.query('UPDATE stock_position SET on_hand = on_hand + 5 WHERE sku_id = $1 AND node_id = $2', [SKU, NODE]);
    await appendEntries(manager, { subject: 'test:direct', roles: [] }, null, [{ action: 'stock.adjusted', subject: { type: 'StockPosition', id: `${SKU}:${NODE}` }, reason: 'a direct write' }]);
  });
  expect(onHandOf((await post(stack.gateway.url, operations, STOCK)).data)).toBe(before + 5);
  expect(onHandOf((await post(second.url, operations, STOCK)).data)).toBe(before + 5);
});

test('callers with different rights never share an answer, in flight or cached', async () => {
  const brandQuery = '{ brands { slug } }';
  const [all, own] = await Promise.all([post(stack.gateway.url, operations, brandQuery), post(stack.gateway.url, storefront, brandQuery)]);
  const again = await Promise.all([post(stack.gateway.url, operations, brandQuery), post(stack.gateway.url, storefront, brandQuery)]);
  for (const [a, o] of [[all, own], again]) {
    expect(a!.data.brands.length).toBeGreaterThan(1);
    expect(o!.data.brands.map((b: { slug: string }) => b.slug)).toEqual(['halden']);
  }
});

test('mutations are never deduplicated or cached', async () => {
  const mutation = `mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: 1, reason: "twice") { onHand } }`;
  const [a, b] = await Promise.all([post(stack.gateway.url, operations, mutation), post(stack.gateway.url, operations, mutation)]);
  expect(a.errors).toBeUndefined();
  expect(b.errors).toBeUndefined();
  expect(Math.abs(a.data.adjustStock.onHand - b.data.adjustStock.onHand)).toBe(1);
});
