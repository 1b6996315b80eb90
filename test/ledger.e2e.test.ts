import { brandIdBySlug, DEMO_NODES, partnerIdByKey } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { exportLedgers } from '../scripts/audit/export-ledgers';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Stack, token } from './support/stack';

let stack: Stack;
let auditor: string;
const HALDEN = brandIdBySlug('halden');
const SKU = stableId('sku:HAL-001');
const NODE = DEMO_NODES.find((n) => n.code === 'ST-LONDON')!.id;
const SWIFTLANE = partnerIdByKey('swiftlane');

const ENTRY = 'seq action actor { subject roles } subject { type id brandId } before after reason requestId hash prevHash occurredAt';

beforeAll(async () => {
  stack = await Stack.start();
  auditor = await token({ roles: ['auditor'], sub: 'dave@audit' });
});
afterAll(async () => {
  await stack?.stop();
});

async function ledgerLengths() {
  const { data } = await stack.query('{ p: portfolioLedger { length } i: inventoryLedger { length } q: partnerLedger { length } }', undefined, auditor);
  return { portfolio: data.p.length, inventory: data.i.length, partners: data.q.length };
}

async function verifyAll() {
  const { data } = await stack.query(
    '{ p: portfolioLedger { verify { ok checkedEntries firstBrokenSeq } } i: inventoryLedger { verify { ok checkedEntries firstBrokenSeq } } q: partnerLedger { verify { ok checkedEntries firstBrokenSeq } } }',
    undefined,
    auditor,
  );
  return { portfolio: data.p.verify, inventory: data.i.verify, partners: data.q.verify };
}

describe('the seed', () => {
  it('wrote its entries as system:seed, and every chain verifies', async () => {
    const { data } = await stack.query(`{ portfolioLedger { entries(first: 1, actions: ["brand.create"]) { nodes { ${ENTRY} } } } }`, undefined, auditor);
    expect(data.portfolioLedger.entries.nodes[0]).toMatchObject({ actor: { subject: 'system:seed' }, action: 'brand.create', reason: 'Demo portfolio seed' });
    const verification = await verifyAll();
    for (const v of Object.values(verification)) expect(v).toMatchObject({ ok: true, firstBrokenSeq: null });
  });
});

describe('three mutations touching one brand', () => {
  let beforeChange: string;

  it('each write an entry that one operation returns per brand, with actor, reason, before and after', async () => {
    beforeChange = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const manager = await token({ roles: ['portfolio-manager'], sub: 'erin@portfolio' });
    const operations = await token({ roles: ['operations'], sub: 'frank@ops' });

    const lifecycle = await stack.query('mutation { setBrandLifecycle(slug: "halden", lifecycle: SUNSET, reason: "Board decision Q4: wind down") { slug lifecycle } }', undefined, manager);
    expect(lifecycle.errors).toBeUndefined();
    expect(lifecycle.data.setBrandLifecycle).toEqual({ slug: 'halden', lifecycle: 'SUNSET' });

    const stock = await stack.query(`mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: -3, reason: "Cycle count: 3 damaged") { onHand } }`, undefined, operations);
    expect(stock.errors).toBeUndefined();

    const partner = await stack.query(`mutation { setPartnerStatus(partnerId: "${SWIFTLANE}", status: PROBATION, reason: "OTIF below target for two months") { status } }`, undefined, operations);
    expect(partner.errors).toBeUndefined();
    expect(partner.data.setPartnerStatus.status).toBe('PROBATION');

    const { data, errors } = await stack.query(
      `{ brand(slug: "halden") {
          portfolioLedger(first: 1) { nodes { ${ENTRY} } }
          inventoryLedger(first: 1) { nodes { ${ENTRY} } }
          partnerLedger(first: 1) { nodes { ${ENTRY} } } } }`,
      undefined,
      auditor,
    );
    expect(errors).toBeUndefined();
    expect(data.brand.portfolioLedger.nodes[0]).toMatchObject({
      action: 'brand.lifecycle.set',
      actor: { subject: 'erin@portfolio', roles: ['portfolio-manager'] },
      subject: { type: 'Brand', id: HALDEN, brandId: HALDEN },
      before: { lifecycle: 'DECLINING' },
      after: { lifecycle: 'SUNSET' },
      reason: 'Board decision Q4: wind down',
    });
    expect(data.brand.inventoryLedger.nodes[0]).toMatchObject({
      action: 'stock.adjust',
      actor: { subject: 'frank@ops' },
      subject: { type: 'StockPosition', id: 'HAL-001@ST-LONDON', brandId: HALDEN },
      reason: 'Cycle count: 3 damaged',
    });
    const { before, after } = data.brand.inventoryLedger.nodes[0];
    expect(after.onHand).toBe(before.onHand - 3);
    expect(data.brand.partnerLedger.nodes[0]).toMatchObject({
      action: 'partner.status.set',
      actor: { subject: 'frank@ops' },
      subject: { type: 'Partner', id: SWIFTLANE },
      before: { status: 'ACTIVE' },
      after: { status: 'PROBATION' },
    });
    for (const v of Object.values(await verifyAll())) expect(v.ok).toBe(true);
  });

  it('answers brand(slug:, asOf:) with the brand as it was', async () => {
    const { data } = await stack.query(`{ then: brand(slug: "halden", asOf: "${beforeChange}") { lifecycle name } now: brand(slug: "halden") { lifecycle } }`);
    expect(data.then).toEqual({ lifecycle: 'DECLINING', name: 'Halden & Co.' });
    expect(data.now.lifecycle).toBe('SUNSET');
    const beforeSeed = await stack.query('{ brand(slug: "halden", asOf: "2000-01-01T00:00:00Z") { lifecycle } }');
    expect(beforeSeed.data.brand).toBeNull();
  });

  it('pages a brand’s ledger newest first with cursors', async () => {
    const first = await stack.query(`{ brand(slug: "halden") { inventoryLedger(first: 2) { nodes { seq } pageInfo { hasNextPage endCursor } } } }`, undefined, auditor);
    const page1 = first.data.brand.inventoryLedger;
    expect(page1.nodes[0].seq).toBeGreaterThan(page1.nodes[1].seq);
    const second = await stack.query(`query($after: String) { brand(slug: "halden") { inventoryLedger(first: 2, after: $after) { nodes { seq } } } }`, { after: page1.pageInfo.endCursor }, auditor);
    expect(second.data.brand.inventoryLedger.nodes[0].seq).toBeLessThan(page1.nodes[1].seq);
  });
});

describe('refusals leave nothing behind', () => {
  it.each([
    ['a blank reason', `mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: 1, reason: "  ") { onHand } }`, 'REASON_REQUIRED'],
    ['stock that would go below what is reserved', `mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: -100000, reason: "oops") { onHand } }`, 'INSUFFICIENT_STOCK'],
    ['an unknown SKU', `mutation { adjustStock(skuId: "${stableId('sku:NOPE')}", nodeId: "${NODE}", delta: 1, reason: "x") { onHand } }`, 'NOT_FOUND'],
    ['a malformed id', `mutation { adjustStock(skuId: "HAL-001", nodeId: "${NODE}", delta: 1, reason: "x") { onHand } }`, 'BAD_USER_INPUT'],
    ['a delta of 0', `mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: 0, reason: "x") { onHand } }`, 'BAD_USER_INPUT'],
    ['no change', 'mutation { setBrandLifecycle(slug: "halden", lifecycle: SUNSET, reason: "again") { slug } }', 'NO_CHANGE'],
    ['an unknown brand', 'mutation { setBrandLifecycle(slug: "nope", lifecycle: SUNSET, reason: "x") { slug } }', 'NOT_FOUND'],
  ])('%s', async (_what, mutation, code) => {
    const before = await ledgerLengths();
    const stockBefore = await stack.subgraphs.inventory.dataSource.query('SELECT sum(on_hand)::int AS s FROM stock_position');
    const { errors } = await stack.query(mutation);
    expect(errors?.[0]?.extensions?.code).toBe(code);
    expect(await ledgerLengths()).toEqual(before);
    expect(await stack.subgraphs.inventory.dataSource.query('SELECT sum(on_hand)::int AS s FROM stock_position')).toEqual(stockBefore);
  });

  it('refuses a mutation without a reason argument at validation', async () => {
    const { errors } = await stack.query(`mutation { setPartnerStatus(partnerId: "${SWIFTLANE}", status: ACTIVE) { status } }`);
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses every mutation to an auditor', async () => {
    const { errors } = await stack.query('mutation { setBrandLifecycle(slug: "halden", lifecycle: GROWING, reason: "x") { slug } }', undefined, auditor);
    expect(errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHORIZED_FIELD_OR_TYPE']);
  });
});

describe('concurrency', () => {
  it('100 concurrent adjustStock calls make exactly 100 entries on an unbroken chain', async () => {
    const operations = await token({ roles: ['operations'], sub: 'frank@ops' });
    const before = (await ledgerLengths()).inventory;
    const [{ on_hand: onHandBefore }] = await stack.subgraphs.inventory.dataSource.query('SELECT on_hand FROM stock_position WHERE sku_id = $1 AND node_id = $2', [SKU, NODE]);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        stack.query(`mutation { adjustStock(skuId: "${SKU}", nodeId: "${NODE}", delta: 1, reason: "Receipt ${i}") { onHand } }`, undefined, operations),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect((await ledgerLengths()).inventory).toBe(before + 100);
    const [{ on_hand: onHandAfter }] = await stack.subgraphs.inventory.dataSource.query('SELECT on_hand FROM stock_position WHERE sku_id = $1 AND node_id = $2', [SKU, NODE]);
    expect(onHandAfter).toBe(onHandBefore + 100);
    expect((await verifyAll()).inventory).toMatchObject({ ok: true, checkedEntries: before + 100 });
  });
});

describe('tamper evidence', () => {
  const ledgerDb = () => stack.subgraphs.inventory.dataSource;

  it.each(['UPDATE ledger_entry SET reason = $$rewritten$$ WHERE seq = 1', 'DELETE FROM ledger_entry WHERE seq = 1', 'TRUNCATE ledger_entry'])(
    'refuses %s',
    async (sql) => {
      await expect(ledgerDb().query(sql)).rejects.toThrow(/append-only/);
    },
  );

  it('exports every entry of a brand in time order, then the verification', async () => {
    const lines: string[] = [];
    const result = await exportLedgers({ gatewayUrl: stack.gateway.url, token: auditor, brand: 'halden', write: (l) => lines.push(l) });
    expect(result.ok).toBe(true);
    const entries = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(entries).toHaveLength(result.entries);
    expect(new Set(entries.map((e) => e.ledger))).toEqual(new Set(['portfolio', 'inventory', 'partners']));
    const times = entries.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort());
    expect(entries.some((e) => e.action === 'partner.status.set')).toBe(true);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ ok: true, verification: { portfolio: { ok: true }, inventory: { ok: true }, partners: { ok: true } } });
  });

  it('`npm run -s audit -- export` writes only JSON lines to stdout, so it pipes into jq', async () => {
    const root = path.resolve(__dirname, '..');
    (require(path.join(root, 'bin/ensure-built.js')) as { ensureBuilt(): boolean }).ensureBuilt();
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', 'audit', '--', 'export', '--brand', 'halden', '--gateway', stack.gateway.url, '--token', auditor], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    });
    const lines = stdout.trimEnd().split('\n');
    const parsed = lines.map((line) => JSON.parse(line));
    expect(parsed.length).toBeGreaterThan(10);
    expect(parsed.at(-1)).toMatchObject({ ok: true });
    expect(parsed.slice(0, -1).every((e) => typeof e.ledger === 'string' && typeof e.hash === 'string')).toBe(true);
    expect(stderr).toContain('all three chains verify');
  });

  it('shows a row rewritten by a superuser with the triggers off: verify fails at that seq, and the export says so', async () => {
    const target = 5;
    await ledgerDb().transaction(async (m) => {
      await m.query('ALTER TABLE ledger_entry DISABLE TRIGGER USER');
      await m.query(`UPDATE ledger_entry SET reason = 'nothing to see here' WHERE seq = $1`, [target]);
      await m.query('ALTER TABLE ledger_entry ENABLE TRIGGER USER');
    });
    expect((await verifyAll()).inventory).toMatchObject({ ok: false, firstBrokenSeq: target });
    const lines: string[] = [];
    const result = await exportLedgers({ gatewayUrl: stack.gateway.url, token: auditor, brand: 'halden', write: (l) => lines.push(l) });
    expect(result.ok).toBe(false);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ ok: false, verification: { inventory: { ok: false, firstBrokenSeq: target } } });
  });
});
