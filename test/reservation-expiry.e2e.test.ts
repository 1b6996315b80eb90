import { Client } from 'pg';
import { DEMO_NODES } from '../shared/src/demo/portfolio';
import { stableId } from '../shared/src/demo/stable-id';
import { databaseFailure } from '../shared/src/db/database-failure';
import { expireAllDue, expireReservations } from '../subgraphs/inventory/src/routing/expire-reservations';
import { Stack, token } from './support/stack';

/**
 * The reservation-expiry sweep runs on every inventory instance and may die half-way: each expired
 * reservation is released exactly once — its units back in stock, its node's capacity given back,
 * one ledger entry — however many sweeps run at once, and whatever a dead sweep left behind.
 */
let stack: Stack;
let ops: string;
const db = () => stack.subgraphs.inventory.dataSource;
const node = (code: string) => DEMO_NODES.find((n) => n.code === code)!.id;
const CENTRAL = node('WH-CENTRAL');
const SOUTH = node('WH-SOUTH');
/** Lumen's fulfillment is ORCHESTRATE: its orders ship from the platform's warehouses. */
const SKU_A = stableId('sku:LUM-004');
const SKU_B = stableId('sku:LUM-005');
const later = () => new Date(Date.now() + 24 * 3_600_000);

beforeAll(async () => {
  stack = await Stack.start();
  ops = await token({ roles: ['operations'], sub: 'olga@ops' });
});
afterAll(async () => {
  await stack?.stop();
});

/** SKU A only at WH-CENTRAL, SKU B only at WH-SOUTH: every order reserves at a known position. */
async function stockUp() {
  for (const [sku, at] of [[SKU_A, CENTRAL], [SKU_B, SOUTH]] as const) {
    await db().query('UPDATE stock_position SET on_hand = 0, reserved = 0, safety_stock = 0 WHERE sku_id = $1', [sku]);
    await db().query(
      `INSERT INTO stock_position (sku_id, node_id, on_hand, reserved, safety_stock) VALUES ($1, $2, 1000, 0, 0)
       ON CONFLICT (sku_id, node_id) DO UPDATE SET on_hand = 1000, reserved = 0, safety_stock = 0`,
      [sku, at],
    );
  }
}

async function routeOrders(prefix: string, count: number): Promise<{ id: string; quantity: number }[]> {
  const routed = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      stack.query(
        'mutation($input: RouteOrderInput!) { routeOrder(input: $input) { reservations { id quantity } } }',
        { input: { brand: 'lumen', orderRef: `${prefix}-${i}`, destinationRegion: 'EU-CENTRAL', promise: 'STANDARD', lines: [{ skuId: i % 2 ? SKU_B : SKU_A, quantity: 1 + (i % 3) }] } },
        ops,
      ),
    ),
  );
  for (const r of routed) expect(r.errors).toBeUndefined();
  return routed.flatMap((r) => r.data.routeOrder.reservations);
}

const reserved = async () =>
  (await db().query('SELECT sku_id, reserved FROM stock_position WHERE sku_id = ANY($1) AND reserved > 0 ORDER BY sku_id', [[SKU_A, SKU_B]])) as { sku_id: string; reserved: number }[];
const usage = async (): Promise<number> => (await db().query('SELECT coalesce(sum(units), 0)::int AS n FROM node_daily_usage WHERE node_id = ANY($1)', [[CENTRAL, SOUTH]]))[0].n;
const expiryEntries = async (ids: string[]): Promise<Map<string, number>> => {
  const rows: { subject_id: string; n: number }[] = await db().query(
    "SELECT subject_id, count(*)::int AS n FROM ledger_entry WHERE action = 'reservation.expire' AND subject_id = ANY($1) GROUP BY subject_id",
    [ids],
  );
  return new Map(rows.map((r) => [r.subject_id, r.n]));
};

it('releases each expired reservation once, with one ledger entry, however many sweeps run at once', async () => {
  await stockUp();
  const usageBefore = await usage();
  const reservations = await routeOrders('SWEEP', 40);
  const units = reservations.reduce((sum, r) => sum + r.quantity, 0);
  expect(await usage()).toBe(usageBefore + units);

  // Four instances sweep at the same moment, in small batches so their work interleaves.
  const now = later();
  const released = await Promise.all(Array.from({ length: 4 }, () => expireAllDue(db(), now, 3)));
  expect(released.reduce((a, b) => a + b, 0)).toBe(reservations.length);

  const entries = await expiryEntries(reservations.map((r) => r.id));
  expect(reservations.filter((r) => entries.get(r.id) !== 1)).toEqual([]);
  expect(await db().query("SELECT count(*)::int AS n FROM reservation WHERE id = ANY($1) AND status = 'EXPIRED'", [reservations.map((r) => r.id)])).toEqual([
    { n: reservations.length },
  ]);
  expect(await reserved()).toEqual([]);
  expect(await usage()).toBe(usageBefore);
  // Nothing left: another sweep finds nothing to do.
  expect(await expireAllDue(db(), now)).toBe(0);
  expect((await stack.query('{ inventoryLedger { verify { ok } } }')).data.inventoryLedger.verify.ok).toBe(true);
});

it('leaves no trace of a sweep that died half-way, and the next one does all of its work, once', async () => {
  await stockUp();
  const usageBefore = await usage();
  const reservations = await routeOrders('CRASH', 10);
  const reservedBefore = await reserved();
  const ids = reservations.map((r) => r.id);

  // Hold the second position the sweep will touch, so it stops there, half-way through its work…
  const second = [SKU_A, SKU_B].sort()[1]!;
  const holder = new Client({ connectionString: stack.databaseUrl('inventory') });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM stock_position WHERE sku_id = $1 FOR UPDATE', [second]);
    const [{ pid: holderPid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows;
    const sweep = expireReservations(db(), later());
    const sweeper = await waitFor(async () => {
      const { rows } = await holder.query('SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [holderPid]);
      return rows[0]?.pid as number | undefined;
    });
    // …and kill it there, as a crash of its process would.
    await holder.query('SELECT pg_terminate_backend($1)', [sweeper]);
    expect(databaseFailure(await sweep.then(() => null, (error: unknown) => error))).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }

  expect(await reserved()).toEqual(reservedBefore);
  expect(await usage()).toBe(usageBefore + reservations.reduce((sum, r) => sum + r.quantity, 0));
  expect(await db().query("SELECT count(*)::int AS n FROM reservation WHERE id = ANY($1) AND status = 'ACTIVE'", [ids])).toEqual([{ n: ids.length }]);
  expect((await expiryEntries(ids)).size).toBe(0);

  // The next sweep (on any instance) does the whole of it, once.
  expect(await expireAllDue(db(), later())).toBe(ids.length);
  const entries = await expiryEntries(ids);
  expect(ids.filter((id) => entries.get(id) !== 1)).toEqual([]);
  expect(await reserved()).toEqual([]);
  expect(await usage()).toBe(usageBefore);
  expect((await stack.query('{ inventoryLedger { verify { ok } } }')).data.inventoryLedger.verify.ok).toBe(true);
});

it('never releases a reservation a person is settling at the same moment', async () => {
  await stockUp();
  const reservations = await routeOrders('SETTLE', 12);
  const now = later();
  const settled = reservations.slice(0, 6);
  const outcomes = await Promise.all([
    ...settled.map((r) => stack.query(`mutation { commitReservation(id: "${r.id}", reason: "Shipped") { status } }`, undefined, ops)),
    expireAllDue(db(), now, 2),
    expireAllDue(db(), now, 2),
  ]);
  const committed = outcomes.slice(0, settled.length).filter((o: any) => o.data?.commitReservation?.status === 'COMMITTED').length;
  const notActive = outcomes.slice(0, settled.length).filter((o: any) => o.errors?.[0]?.extensions?.code === 'RESERVATION_NOT_ACTIVE').length;
  expect(committed + notActive).toBe(settled.length);
  const expired = (outcomes.slice(settled.length) as number[]).reduce((a, b) => a + b, 0);
  expect(committed + expired).toBe(reservations.length);

  // Each reservation closed exactly once, one way or the other, and the ledger says so once.
  const rows: { subject_id: string; n: number }[] = await db().query(
    "SELECT subject_id, count(*)::int AS n FROM ledger_entry WHERE action IN ('reservation.expire', 'reservation.commit') AND subject_id = ANY($1) GROUP BY subject_id",
    [reservations.map((r) => r.id)],
  );
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
  expect(rows).toHaveLength(reservations.length);
  expect(await reserved()).toEqual([]);
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('not found in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
